import type { RuleName } from '../rules';

/**
 * The balancing policy interface, version 1 (issue 12). Every balancer, built-in bot
 * or user code, is a `Policy`: it reads a `PolicyView` (what a kernel balancer could
 * know at this tick, never a future release) and answers with plain data (a CPU for a
 * waking task; a list of moves). It may keep private state between calls: plain JSON,
 * owned by the game state (cloned with it, restored from checkpoints, hashed), handed
 * to every call and changed in place. The engine checks every answer and refuses a
 * bad one with a typed reason; nothing a policy returns can crash it or bend the physics.
 */

/** JSON: what a policy's private state and every answer must be. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** "No task", "no CPU": -1 in the view, as in the engine. */
export const NO_TASK = -1;

/** One task as a balancer sees it. Tasks are named by their index in `view.tasks`. */
export interface TaskView {
  /** The scenario's id (for people and traces). */
  readonly id: string;
  /** SCHED_FIFO priority, 1..99, higher wins (under edf the deadline decides). */
  readonly priority: number;
  /** The CPUs the task may run on (its affinity mask), ascending. */
  readonly affinity: readonly number[];
  /** Each job's deadline, relative to its release. */
  readonly relativeDeadline: number;
  /**
   * The runqueue's order: higher wins. fifo: the priority; edf: minus the current job's
   * absolute deadline. Equal keys go by `seq`, then by task index.
   */
  key: number;
  /** Enqueue order, the FIFO tie-break: lower was queued first (a head requeue is negative). */
  seq: number;
  /** The runqueue the task is on while runnable; its last CPU while asleep. */
  cpu: number;
  runnable: boolean;
  /** Inside a migrate-disabled section it has entered (from its first executed tick to its last). */
  inSection: boolean;
  /** Cannot be migrated now: inside a section (in greedy-global's world nothing ever pins). */
  pinned: boolean;
  /**
   * Switched out at least once inside the current section (the lazy RT patch's
   * migrate_disable_scheduled, which kept nr_cpus_allowed at 1 until migrate_enable).
   */
  switchedOut: boolean;
  /** Ticks of work left in the current job, migration overhead included; 0 while asleep. */
  remaining: number;
  /** The current job's absolute deadline (tick); -1 while asleep. */
  deadline: number;
}

/** One CPU's runqueue as a balancer sees it. */
export interface CpuView {
  /** The task this CPU ran in the last executed tick (rq->curr), or -1. */
  running: number;
  /** `running`'s key when it was picked (a CPU lowers its priority when its next pick is below this). */
  runningKey: number;
  /** The runnable tasks on this runqueue, the running one included, in no particular order. */
  queue: readonly number[];
  /** The best task queued here (rq->rt.highest_prio.curr), or -1 when the queue is empty. */
  best: number;
}

/** What a kernel balancer could know at this tick. Read-only: change nothing in it. */
export interface PolicyView {
  /** The tick being executed. */
  readonly tick: number;
  readonly class: 'fifo' | 'edf';
  /** mdMode preempt_disable: a running task inside its section keeps its CPU whatever wakes. */
  readonly nonPreemptible: boolean;
  /** Extra ticks of work a migration costs the moved task. */
  readonly migrationCost: number;
  /** Ticks before a queued CPU stopper runs (the kernel model's push_cpu_stop). */
  readonly stopperDelay: number;
  readonly cpus: readonly Readonly<CpuView>[];
  readonly tasks: readonly Readonly<TaskView>[];
  /** Tasks that woke up this tick, in wakeup order. */
  readonly woken: readonly number[];
}

/** Move a runnable, not pinned task to another CPU of its affinity. */
export interface Move {
  task: number;
  cpu: number;
  /** The rule that made the move, shown in the trace (default `policy`). */
  rule?: RuleName;
}

/** A decision that moved nothing but explains why (shown in the trace as a kernel note). */
export interface Note {
  note: string;
  rule: RuleName;
  cpu: number;
  task?: number;
}

/** What balance() returns: moves, applied in order, and notes, kept in the trace in the same order. */
export type Decision = Move | Note;

/** Where a waking task lands, and the rule that chose it. */
export interface Placement {
  cpu: number;
  rule: RuleName;
  /** Enqueue at the head of its priority level (requeue_task_rt(rq, p, 1)): it runs before equal-priority tasks there. */
  head?: boolean;
  /** Notes for the trace, before the release itself. */
  notes?: Note[];
}

/**
 * A balancing policy. Pure: the same view and state give the same answer (no clock, no
 * randomness, no I/O). `S` is its private state, plain JSON.
 *
 * The engine calls it at three points of a tick (README, "Balancing policies"):
 *  1. `selectCpu` for each task that wakes (in task order), before it is queued;
 *  3. `balance` once, after the players' moves;
 *  5. `migrateEnable`, if defined, when a running task executes the last tick of a
 *     migrate-disabled section, before its job completes (the kernel's push at
 *     migrate_enable() runs before the task can sleep).
 */
export interface Policy<S extends Json = Json> {
  readonly name: string;
  /** One line for people: what this policy models. */
  readonly summary: string;
  /** The private state of a new run. */
  init(view: PolicyView): S;
  selectCpu(view: PolicyView, task: number, state: S): Placement;
  balance(view: PolicyView, state: S): readonly Decision[];
  migrateEnable?(view: PolicyView, task: number, endsJob: boolean, state: S): readonly Decision[];
}

/** Why the engine refused something a policy answered (the trace's `policy-refused` event). */
export const POLICY_REFUSALS = [
  /** Not a move or a note: not an object, or task/cpu not integers. */
  'malformed',
  /** balance() or migrateEnable() did not return an array. */
  'not-a-list',
  'unknown-task',
  'unknown-cpu',
  'unknown-rule',
  'not-runnable',
  'same-cpu',
  'affinity',
  'pinned',
] as const;
export type PolicyRefusal = (typeof POLICY_REFUSALS)[number];

/** The answer "nothing to do", shared (an empty list per call would be garbage on every tick). */
export const NO_DECISIONS: readonly Decision[] = Object.freeze([]);
