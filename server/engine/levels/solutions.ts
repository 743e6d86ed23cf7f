import type { Action } from '../types';

/**
 * One action log per campaign level that earns three stars against the level's
 * default balancer (checked by tests/unit/campaign). The web app may show them as
 * hints or replay them as a worked solution.
 */

const m = (tick: number, task: string, cpu: number): Action => ({ tick, type: 'migrate', task, cpu });
const place = (tick: number, task: string, cpu: number): Action => ({ tick, type: 'place', task, cpu });

export const SOLUTIONS: Readonly<Record<string, readonly Action[]>> = {
  // Place the preemptor on the idle CPU when it wakes: free, where pushing L costs 4 ticks.
  preemption: [place(10, 'H', 1)],
  // Place B, C, D on CPUs 1-3 as they first wake (they wake there afterwards), then A and B
  // where nothing runs when they wake at 20 and 22, so nobody preempts the long E on CPU 0.
  'idle-cpus': [place(2, 'B', 1), place(4, 'C', 2), place(6, 'D', 3), place(20, 'A', 3), place(22, 'B', 2)],
  // L is pinned from tick 2: move H, the one that can move.
  pinning: [m(5, 'H', 1)],
  // Each waker leaves CPU 0 the tick it wakes, before entering its own section.
  'pile-up': [m(3, 'T2', 1), m(6, 'T3', 2), m(9, 'T4', 3)],
  // What 5.11 does at tick 25, done at once: push the preemptor to the idle CPU 2.
  'push-the-preemptor': [m(6, 'H', 2)],
  // Move H before it pins itself (it enters its section at tick 7).
  'stopper-race': [m(5, 'H', 2)],
  // Plan H's wakeup on CPU 2, where the least important W runs, not on top of the pinned L.
  'm-highest': [{ tick: 8, type: 'place', task: 'H', cpu: 2 }],
  // H cannot preempt the non-preemptible section: give it the idle CPU.
  'preempt-vs-migrate': [m(5, 'H', 1)],
  // Y goes where the latest deadline runs (CPU 1, the long Z); it wakes there afterwards.
  edf: [m(4, 'Y', 1)],
  // Shift along the masks: C to CPU 2 frees CPU 1 for B, which frees CPU 0 for A.
  affinity: [m(5, 'C', 2), m(5, 'B', 1)],
  // Move the task with slack (H pays the 4 ticks); leave M alone when S preempts it briefly.
  'migration-cost': [m(5, 'H', 1)],
  // Found by a pin-aware greedy player: each tick, pinned tasks keep their CPU and the
  // other top-priority tasks take free CPUs, preferring CPUs with nothing pinned queued.
  'open-problem': [
    m(7, 'T02', 4), m(12, 'T05', 5), m(24, 'T10', 0), m(25, 'T13', 7), m(34, 'T07', 2),
    m(35, 'T15', 7), m(36, 'T15', 1), m(37, 'T07', 3), m(38, 'T02', 3), m(40, 'T04', 6),
    m(43, 'T12', 6), m(46, 'T03', 3), m(48, 'T03', 0), m(49, 'T04', 4), m(55, 'T14', 6),
    m(66, 'T06', 0), m(68, 'T01', 5), m(70, 'T15', 7), m(86, 'T06', 4), m(87, 'T12', 4),
    m(91, 'T13', 6), m(98, 'T16', 6), m(101, 'T02', 0), m(103, 'T04', 2), m(106, 'T15', 6),
    m(117, 'T04', 4), m(121, 'T15', 0), m(122, 'T12', 5), m(135, 'T06', 1), m(136, 'T15', 7),
    m(143, 'T03', 3), m(146, 'T01', 6), m(147, 'T02', 4), m(154, 'T07', 4), m(160, 'T12', 1),
    m(178, 'T01', 1), m(183, 'T08', 2), m(185, 'T11', 3), m(188, 'T02', 7), m(189, 'T16', 6),
    m(196, 'T06', 7), m(198, 'T02', 1), m(199, 'T12', 4), m(206, 'T15', 5), m(209, 'T02', 6),
    m(210, 'T12', 3), m(217, 'T07', 3), m(218, 'T15', 7), m(220, 'T11', 0), m(231, 'T07', 5),
    m(237, 'T16', 2), m(240, 'T12', 4), m(242, 'T02', 4), m(243, 'T15', 5), m(264, 'T11', 1),
    m(282, 'T09', 7), m(287, 'T07', 1), m(287, 'T13', 4), m(292, 'T06', 6), m(299, 'T12', 2),
    m(300, 'T13', 0), m(308, 'T02', 1), m(310, 'T02', 4), m(312, 'T15', 7), m(313, 'T15', 1),
    m(315, 'T06', 2), m(324, 'T01', 3), m(330, 'T03', 1), m(335, 'T12', 0), m(371, 'T16', 3),
    m(376, 'T11', 6), m(379, 'T13', 2), m(381, 'T15', 7), m(385, 'T03', 6), m(390, 'T11', 7),
    m(391, 'T02', 1), m(393, 'T12', 3), m(397, 'T03', 3),
  ],
};

/** A one-line hint per level, the idea of its solution in words (for a "hint" button). */
export const HINTS: Readonly<Record<string, string>> = {
  preemption: 'When H wakes at tick 10, place it on the idle CPU 1 (free); pushing L there would cost it 4 ticks.',
  'idle-cpus': 'Place B, C and D on CPUs 1, 2 and 3 when they first wake; at 20 and 22 place A and B away from CPU 0, where E runs.',
  pinning: 'L is pinned from tick 2: move H to CPU 1 when it wakes at tick 5.',
  'pile-up': 'Move T2, T3 and T4 each to its own idle CPU the tick it wakes (3, 6, 9).',
  'push-the-preemptor': 'Do what Linux 5.11 does at tick 25, but at tick 6: move H to the idle CPU 2.',
  'stopper-race': 'Move H to the idle CPU 2 the tick it wakes (5), before it pins itself at tick 7.',
  'm-highest': 'Plan H\'s wakeup (tick 8) on CPU 2: let it preempt W, the least important task, not the pinned L.',
  'preempt-vs-migrate': 'H cannot preempt L\'s non-preemptible section: move H to CPU 1 at tick 5.',
  edf: 'At tick 4 move Y to CPU 1, where Z\'s far deadline is the one to preempt.',
  affinity: 'At tick 5 move C to CPU 2, then B to CPU 1: A gets CPU 0.',
  'migration-cost': 'At tick 5 move H (it has slack to pay 4 ticks), and leave M alone when S preempts it.',
  'open-problem': 'Keep every pinned task\'s CPU free of higher-priority wakers: move wakers to CPUs with nothing pinned queued.',
};
