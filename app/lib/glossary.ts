/**
 * The kernel rule codes that lessons and level titles mention (R0..R9, P1..P4, C1..C6:
 * server/engine/rules.ts and shared/reference/linux-rt-balancing.md), each in plain
 * words for someone who has never read the scheduler's source, plus the kernel
 * function it comes from for those who want to look.
 */
export interface GlossaryEntry {
  /** A few words: what the rule is about. */
  name: string;
  /** One or two plain sentences. */
  plain: string;
  /** Where it lives in the kernel. */
  kernel: string;
}

export const RULE_GLOSSARY: Record<string, GlossaryEntry> = {
  R0: { name: 'Push when the section ends', plain: 'If the kernel wanted to move a pinned task while it could not, the task is moved the moment its migrate_disable() section ends.', kernel: 'migrate_enable(), MDF_PUSH' },
  R1: { name: 'Pinned tasks stay visible', plain: 'A pinned task that waits still counts as waiting for the other CPUs, so they try to help it (Linux 5.11 and later).', kernel: 'migrate_disable_switch(), pushable_tasks' },
  R2: { name: 'Wake where you last ran', plain: 'A waking task goes back to the CPU it last ran on and preempts a lower-priority task there, even one that is pinned. Tasks can pile up this way.', kernel: 'select_task_rq_rt()' },
  R3: { name: 'Pick the least busy CPU', plain: 'When the kernel does move a task, it picks the CPU running the least important work among those the task may use.', kernel: 'find_lowest_rq()' },
  R4: { name: 'Push a waiting task', plain: 'A CPU with a waiting task that could run elsewhere sends it to a CPU running something less important. A pinned task at the head stops the push.', kernel: 'push_rt_task()' },
  R5: { name: 'Move the preemptor', plain: 'To rescue a pinned task stuck behind a running one, the kernel moves the running task (the preemptor) to another CPU, using its stopper thread.', kernel: 'push_cpu_stop()' },
  R6: { name: 'When pushes happen', plain: 'The kernel tries a push whenever a task starts running on a CPU where others wait.', kernel: 'task_woken_rt(), set_next_task_rt()' },
  R7: { name: 'Pull when work drops', plain: 'A CPU whose work just became less important asks the busy CPUs to send it a waiting task.', kernel: 'pull_rt_task(), RT_PUSH_IPI' },
  R8: { name: 'Idle CPUs do not ask', plain: 'A CPU that is already idle asks for nothing: it stays idle, even beside a waiting task, until some other CPU’s work drops.', kernel: 'no pull from an idle CPU' },
  R9: { name: 'Deadline tasks', plain: 'SCHED_DEADLINE tasks are pushed and pulled by earliest deadline instead of by priority.', kernel: 'push_dl_task(), pull_dl_task()' },
  P1: { name: 'Invisible when pinned (before 5.11)', plain: 'Before Linux 5.11, a pinned task that was preempted became invisible to pushes and pulls.', kernel: 'PREEMPT_RT patch, nr_cpus_allowed = 1' },
  P2: { name: 'No rescue (before 5.11)', plain: 'Before Linux 5.11, nothing moved the preemptor away to help a pinned task.', kernel: 'PREEMPT_RT patch' },
  P3: { name: 'Wait for everyone (before 5.11)', plain: 'Before Linux 5.11, a pinned task ran again only once every more important task on its CPU was done.', kernel: 'PREEMPT_RT patch' },
  P4: { name: 'Wakeup placement (before 5.11)', plain: 'Before Linux 5.11, a waking task was placed as in R2.', kernel: 'select_task_rq_rt(), lazy migrate_disable' },
  C1: { name: 'Pinned until the end (before 5.11)', plain: 'Before Linux 5.11, a task switched out inside its section stayed pinned until the section ended, so a later waker went to another CPU instead of stacking on it.', kernel: 'migrate_disable_update_cpus_allowed()' },
  C2: { name: 'Equal priorities', plain: 'A waking task of the same priority that can run nowhere else preempts a running task that can move; the preempted task is then pushed.', kernel: 'check_preempt_equal_prio()' },
  C3: { name: 'Moved before it sleeps', plain: 'When a section ends the job and the kernel had wanted to move the task, it is moved before it goes to sleep, so its next job wakes on the new CPU.', kernel: 'migrate_enable(), push_cpu_stop()' },
  C4: { name: 'Deadline pulls', plain: 'With SCHED_DEADLINE, every time a task blocks its CPU asks for earlier-deadline work from busy CPUs.', kernel: 'balance_dl(), need_pull_dl_task()' },
  C5: { name: 'Deadline CPU choice', plain: 'With SCHED_DEADLINE, the kernel offers a free CPU if there is one, else only the CPU with the latest deadline.', kernel: 'cpudl_find()' },
  C6: { name: 'Order of the relay', plain: 'When a CPU asks for work, the busy CPUs are asked one after another from CPU 0 up.', kernel: 'rto_next_cpu()' },
};

/** A text cut into plain parts and rule codes (R2, P1, C3; "R2/R3" gives two codes). */
export type TextPart = { text: string } | { code: string };

const CODE = /\b([RPC]\d)\b/g;

export function splitRuleCodes(text: string): TextPart[] {
  const out: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(CODE)) {
    const code = m[1];
    if (!RULE_GLOSSARY[code]) continue;
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ code });
    last = m.index + code.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** The rule codes a set of texts mentions, in glossary order, each once. */
export function ruleCodesIn(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const t of texts) for (const p of splitRuleCodes(t)) if ('code' in p) seen.add(p.code);
  return Object.keys(RULE_GLOSSARY).filter((c) => seen.has(c));
}
