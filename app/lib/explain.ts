import type { BotName, RefusalReason, RuleName } from '../../server/engine';

/**
 * Words for what the engine reports as codes: refusal reasons and kernel rules.
 * One sentence each, shown where the player looks (next to the move, in tooltips).
 */
export const REFUSAL_TEXT: Record<RefusalReason, string> = {
  'unknown-task': 'There is no such task.',
  'unknown-cpu': 'There is no such CPU.',
  'not-runnable': 'That task is asleep: only runnable tasks can move.',
  pinned: 'Pinned: the task is inside a migrate_disable() section and cannot leave its CPU until the section ends.',
  affinity: 'Not allowed: that CPU is outside the task’s affinity mask.',
  'same-cpu': 'The task is already on that CPU.',
  'not-owner': 'Not your CPU: you move the tasks on the CPUs you own, and place waking tasks onto your own CPUs.',
  'not-waking': 'Only a task waking up this very tick can be placed.',
  'wrong-tick': 'Too late: the tick moved on before the move arrived.',
  finished: 'The run is over.',
};

export function refusalText(reason: string): string {
  const r = reason.startsWith('action/') ? reason.slice('action/'.length) : reason;
  return (REFUSAL_TEXT as Record<string, string>)[r] ?? `Refused (${reason}).`;
}

/** The kernel rules named in the trace (shared/reference/linux-rt-balancing.md), one sentence each. */
export const RULE_TEXT: Record<RuleName, string> = {
  R0: 'migrate_enable(): a task the stopper found pinned is pushed away as soon as its section ends.',
  R1: 'A preempted migrate-disabled task stays visible to other CPUs’ pulls (mainline since 5.11).',
  R2: 'Wakeup placement: a waking task stays on its previous CPU and preempts a lower-priority task there, pinned or not.',
  'R2/R3': 'Wakeup placement: the previous CPU was busy with an equal or higher priority, so the task woke on the lowest-priority CPU instead.',
  R3: 'find_lowest_rq: the CPU running the lowest priority among those the task may use.',
  R4: 'push_rt_task: a waiting migratable task is pushed to a CPU running something of lower priority.',
  R5: 'The CPU stopper pushed the running preemptor away so the pinned task it blocked can finish its section.',
  R6: 'A push attempt made when a task starts running on a CPU that has waiting tasks.',
  R7: 'A CPU whose priority dropped pulled a waiting task from an overloaded CPU.',
  R8: 'An idle CPU does not pull by itself: the rescue waits for some CPU to lower its priority.',
  R9: 'SCHED_DEADLINE balancing: push or pull by earliest deadline.',
  P1: 'Before 5.11 a preempted migrate-disabled task is invisible to push and pull.',
  P2: 'Before 5.11 nothing moves the preemptor on a pinned task’s behalf.',
  P3: 'Before 5.11 the pinned task runs only when every higher task on its CPU is done.',
  P4: 'Wakeup placement of the pre-5.11 kernel.',
  C1: 'Before 5.11 a task switched out inside its migrate_disable() section stays pinned until the section ends, so a waker went to another CPU instead of stacking.',
  C2: 'An equal-priority waker that can run nowhere else preempts a running task that can move (check_preempt_equal_prio); the preempted task is then pushed.',
  C3: 'migrate_enable() at the end of the job: the stopper pushed the task away before it went to sleep, so its next job wakes on the new CPU.',
  C4: 'SCHED_DEADLINE: every time a deadline task blocks, its CPU pulls earlier-deadline work from overloaded CPUs.',
  C5: 'cpudl_find: a free CPU if there is one, else only the CPU with the latest deadline.',
  C6: 'The push IPI relay visits overloaded CPUs from CPU 0 up, skipping the CPU that asked.',
  greedy: 'Greedy global: the highest-priority tasks always run, as if nothing were pinned.',
  sticky: 'Sticky: a task wakes where it last ran and never moves.',
  'prev-cpu': 'The task woke on its previous CPU.',
  'prevent-piles': 'Proactive wakeup: the task running here is inside migrate_disable(), so the waker went to another CPU instead of stacking on it.',
  shift: 'Shifting: tasks were moved along their affinity masks so the best set of tasks runs (a bipartite matching).',
  boost: 'Boost: the task in front of a waiting pinned task was moved away, so the pinned task runs and can leave its section.',
  'nr-pinned': 'Tie-breaker: of the equally good CPUs, the one holding fewer pinned tasks was chosen.',
  policy: 'A move made by the balancing policy.',
};

export function ruleText(rule: string): string {
  const text = RULE_TEXT as Record<string, string>;
  return text[rule] ?? text[rule.split('/')[0]] ?? `Kernel rule ${rule}.`;
}

export const BOT_LABEL: Record<BotName, string> = {
  none: 'No balancer (you)',
  sticky: 'Sticky (never migrates)',
  'linux-rt-lazy': 'Linux RT before 5.11',
  'linux-rt-511': 'Linux 5.11+',
  'greedy-global': 'Greedy global (nothing pinned)',
  'linux-rt-eager': 'Linux RT, eager migrate_disable',
  'proactive-wake': 'Linux 5.11 + proactive wakeup',
  shift: 'Strong APA shifting',
  'boost-pinned': 'Linux 5.11 + boost pinned tasks',
  'nr-pinned-aware': 'Linux 5.11 + nr_pinned tie-break',
};
