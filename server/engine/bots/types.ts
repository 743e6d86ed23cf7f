import type { BotName } from '../scenario';
import type { CpuId, GameState, TaskIndex } from '../types';

/** Where a waking task lands, and the rule that chose it (shown in the trace). */
export interface Placement {
  cpu: CpuId;
  rule: string;
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
}
