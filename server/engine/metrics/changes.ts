/**
 * Which runqueues changed since the figures last looked (metrics/full-masks.ts keeps
 * its sorted list of waiting tasks up to date from these). The figures follow one
 * state at a time, the last one they were computed on: changes to any other state are
 * not recorded, and that state's list is rebuilt from scratch when its figures are
 * next computed (a clone, a second room in the same process). Derived data only: it
 * never changes a result, only how much is recomputed.
 */
export const changes = {
  /** The state the list belongs to (only compared by identity). */
  owner: null as object | null,
  /** Per CPU: 1 when its queue, its running task or a queued task's key or enqueue order changed. */
  flags: new Uint8Array(0),
  /** The CPUs flagged, in the order they were. */
  list: new Int32Array(0),
  count: 0,
};

/**
 * Every change to a runqueue goes through here: enqueue, dequeue, a head requeue, a
 * pick that changes the running task, a key change (edf, next job).
 */
export function cpuChanged(s: object, cpu: number): void {
  const c = changes;
  if (s !== c.owner || c.flags[cpu] === 1) return;
  c.flags[cpu] = 1;
  c.list[c.count++] = cpu;
}
