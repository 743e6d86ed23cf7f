import type { RuleName } from '../rules';
import type { Json } from '../policy/types';

/**
 * The kernel models' private state (kernel.ts): the parts of the kernel's own
 * structures that the balancer keeps and a view of the runqueues does not show.
 */

/** A CPU stopper work item (push_cpu_stop) queued by the model. */
export type StopperWork = {
  cpu: number;
  task: number;
  /** The tick it runs at. */
  due: number;
  /** The rule that queued it, for the trace. */
  rule: RuleName;
};

export type KernelState = {
  /** cpumask_any_and_distribute's rotating cursor: the last CPU the spread tie-break chose. */
  distribute: number;
  stoppers: StopperWork[];
  /** Per CPU, rq->push_busy: a stopper push is queued on it. */
  pushBusy: boolean[];
  /** Per task, MDF_PUSH: the stopper found it migrate-disabled; push it at migrate_enable (R0). */
  mdfPush: boolean[];
  /** Tasks that left a section last tick with MDF_PUSH set (R0, handled at the next balancing pass). */
  mdExits: number[];
};

export function newKernelState(cpus: number, tasks: number): KernelState {
  return { distribute: -1, stoppers: [], pushBusy: new Array<boolean>(cpus).fill(false), mdfPush: new Array<boolean>(tasks).fill(false), mdExits: [] };
}

/** The state, if it has the kernel models' shape for this many CPUs and tasks (hash.ts, par's state key). */
export function asKernelState(v: Json, cpus: number, tasks: number): KernelState | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const { distribute, stoppers, pushBusy, mdfPush } = v;
  if (typeof distribute !== 'number' || !Array.isArray(stoppers) || !Array.isArray(pushBusy) || !Array.isArray(mdfPush)) return null;
  if (pushBusy.length !== cpus || mdfPush.length !== tasks) return null;
  if (!pushBusy.every((b) => typeof b === 'boolean') || !mdfPush.every((b) => typeof b === 'boolean')) return null;
  const isWork = (w: Json) => w !== null && typeof w === 'object' && !Array.isArray(w) && typeof w.cpu === 'number' && typeof w.task === 'number' && typeof w.due === 'number' && typeof w.rule === 'string';
  if (!stoppers.every(isWork)) return null;
  return v as KernelState;
}

/** The keys the hash walks where the kernel's fields always sat in the state. */
export const KERNEL_LEGACY_KEYS: readonly string[] = ['distribute', 'stoppers', 'pushBusy', 'mdfPush'];
