/**
 * The names a move, a wakeup placement or a kernel note gives as its reason (the
 * trace's `rule`). The R, P and C names are the rules of
 * shared/reference/linux-rt-balancing.md (its C corrections win over R and P where they
 * differ); then the simple bots' own policies and the candidate balancers' (README,
 * "Bots"). One line each: what decides it.
 */
export const RULE_NAMES = [
  /** R0 migrate_enable() -> affine_move_task(): MDF_PUSH set, so push_cpu_stop is queued on the task itself. */
  'R0',
  /** R1 migrate_disable_switch(): a preempted migrate-disabled task stays on pushable_tasks (mainline). */
  'R1',
  /** R2 select_task_rq_rt / select_task_rq_dl: stay on the previous CPU and preempt there. */
  'R2',
  /** R2 then R3: select_task_rq_rt sent the waker to find_lowest_rq (find_later_rq under edf). */
  'R2/R3',
  /** R3 find_lowest_rq (cpupri_find on the full cpus_mask) and its tie-breaks. */
  'R3',
  /** R4 push_rt_task: a queued migratable task pushed to a lower CPU; a migrate-disabled head stops the round. */
  'R4',
  /** R5 push_cpu_stop: the CPU stopper moves the running task to its own lowest CPU. */
  'R5',
  /** R6 set_next_task_rt / task_woken_rt: when pushes are attempted. */
  'R6',
  /** R7 pull_rt_task with RT_PUSH_IPI: a CPU lowering its priority asks overloaded CPUs to push (pull=true). */
  'R7',
  /** R8 no balancing on an already idle CPU (derived from R2/R6/R7). */
  'R8',
  /** R9 push_dl_task / pull_dl_task: the SCHED_DEADLINE balancer. */
  'R9',
  /** P1 pre-5.11 RT: a switched-out migrate-disabled task has nr_cpus_allowed 1 (invisible to push/pull). */
  'P1',
  /** P2 pre-5.11 RT: nothing moves the preemptor on a pinned task's behalf. */
  'P2',
  /** P3 pre-5.11 RT: the pinned task runs only when every higher task on its CPU is done. */
  'P3',
  /** P4 pre-5.11 RT wakeup placement; the eager patch's migrate_disable() set nr_cpus_allowed 1, so a waker went elsewhere. */
  'P4',
  /** C1 lazy migrate_disable_update_cpus_allowed(): the pin lasts until migrate_enable(), a later waker goes elsewhere. */
  'C1',
  /** C2 wakeup_preempt_rt -> check_preempt_equal_prio: an equal-priority pinned waker preempts a movable current task. */
  'C2',
  /** C3 migrate_enable() with MDF_PUSH at the end of a job: push_cpu_stop moves the task before it blocks. */
  'C3',
  /** C4 balance_dl -> need_pull_dl_task: every DL block pulls (rq->online && dl_task(prev)). */
  'C4',
  /** C5 cpudl_find: a free CPU of the mask, else only the root domain's latest-deadline CPU. */
  'C5',
  /** C6 tell_cpu_to_push -> rto_next_cpu: the IPI relay visits rto_mask from CPU 0 up, skipping the caller. */
  'C6',
  /** none: a task wakes on its previous CPU. */
  'prev-cpu',
  /** sticky: a task wakes on its previous CPU and never moves. */
  'sticky',
  /** greedy-global: the M highest-priority tasks are placed on CPUs greedily, as if nothing were pinned. */
  'greedy',
  /** proactive-wake: R2 treats a migrate-disabled current task like a single-CPU one (Valentin Schneider's "prevent piles"). */
  'prevent-piles',
  /** shift: a move that realises the best affinity-respecting assignment (Strong APA shifting, bipartite matching). */
  'shift',
  /** boost-pinned: a task in front of a waiting pinned one is moved away so the pinned task runs (scx_lavd). */
  'boost',
  /** nr-pinned-aware: find_lowest_rq's tie-breaker chose a CPU holding fewer pinned tasks (Qais Yousef). */
  'nr-pinned',
  /** A policy's move that named no rule. */
  'policy',
] as const;

export type RuleName = (typeof RULE_NAMES)[number];
