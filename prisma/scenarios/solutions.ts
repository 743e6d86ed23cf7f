import type { Action } from '../../server/engine';

/**
 * One action log per campaign level that earns three stars against the level's
 * default balancer (checked by tests/unit/campaign). The web app may show them as
 * hints or replay them as a worked solution.
 */
export const SOLUTIONS: Readonly<Record<string, readonly Action[]>> = {
  // Move the preemptor (or the preempted) to the idle CPU when H wakes.
  preemption: [{ tick: 10, type: 'migrate', task: 'H', cpu: 1 }],
  // One move per task at its first wakeup: tasks wake where they last ran.
  'idle-cpus': [
    { tick: 2, type: 'migrate', task: 'B', cpu: 1 },
    { tick: 4, type: 'migrate', task: 'C', cpu: 2 },
    { tick: 6, type: 'migrate', task: 'D', cpu: 3 },
    { tick: 8, type: 'migrate', task: 'E', cpu: 1 },
  ],
  // L is pinned from tick 2: move H, the one that can move.
  pinning: [{ tick: 5, type: 'migrate', task: 'H', cpu: 1 }],
  // Each waker leaves CPU 0 the tick it wakes, before entering its own section.
  'pile-up': [
    { tick: 3, type: 'migrate', task: 'T2', cpu: 1 },
    { tick: 6, type: 'migrate', task: 'T3', cpu: 2 },
    { tick: 9, type: 'migrate', task: 'T4', cpu: 3 },
  ],
};
