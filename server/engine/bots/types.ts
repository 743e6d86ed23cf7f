import type { RuleName } from '../rules';
import type { BotName } from '../scenario';
import type { CpuId, GameState, TaskIndex } from '../types';

/** Where a waking task lands, and the rule that chose it (shown in the trace). */
export interface Placement {
  cpu: CpuId;
  rule: RuleName;
  /** Enqueue at the head of its priority level (requeue_task_rt(rq, p, 1)): it runs before equal-priority tasks there. */
  head?: true;
}

/**
 * A balancing policy: a pure function of the state, applied at two points of the
 * tick (DESIGN.md section 2): wakeup placement (step 1) and balancing (step 3).
 * Every move it makes names the rule that made it.
 */
export interface Bot {
  name: BotName;
  /** One line for people: what this policy models. */
  summary: string;
  selectCpu(s: GameState, t: TaskIndex): Placement;
  balance(s: GameState): void;
  /**
   * Called in step 5 when a task with MDF_PUSH set executes the last tick of a
   * migrate-disabled segment that also ends its job, before the job completes: the
   * kernel's push at migrate_enable() runs before the task can block (C3).
   */
  migrateEnableEndingJob?(s: GameState, t: TaskIndex): void;
}
