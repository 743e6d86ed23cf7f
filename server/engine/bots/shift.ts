import { NO_DECISIONS, type Decision, type Policy, type PolicyView } from '../policy/types';

/**
 * shift: Strong APA shifting (Cerqueira, Gujarati, Brandenburg, "Linux's Processor
 * Affinity API, Refined: Shifting Real-Time Tasks Towards Higher Schedulability",
 * RTSS 2014; implemented in RTEMS as the Strong APA scheduler, Dubey et al., EMSOFT
 * 2021). Which tasks run is a bipartite matching of tasks to the CPUs of their
 * affinity masks, built with seniority: tasks are offered best first and each is
 * matched if an augmenting path reaches a free CPU, which may shift better tasks to
 * other CPUs of their masks but never unmatches one. A migrate-disabled task is an
 * APA task whose mask has shrunk to its CPU (Gujarati et al., RTS 2015), so pinned
 * tasks only ever match their own CPU and are never moved.
 *
 * The matched set is the best one in the engine's order (a transversal matroid, see
 * metrics/matching.ts), so after the shifts each CPU's best task is the one matched
 * to it: no inversion that affinity and pins allow to avoid. Each task tries its
 * current CPU first, so a task moves only when a path needs it.
 *
 *  - Wakeup: the waking task goes to the CPU the matching gives it (free: it is the
 *    wakeup decision itself); the shifts of others follow in the same tick's balancing.
 *  - Balancing, every tick some task waits: the tasks matched to another CPU than
 *    their own are moved there (rule `shift`, each paying the migration cost).
 *  - Under preempt_disable a running task inside its section keeps its CPU whatever
 *    its priority (it is offered first).
 */

interface Assignment {
  /** owner[c]: the task matched to CPU c, or -1. */
  owner: Int32Array;
  /** cpuOf[t]: the CPU task t is matched to, or -1. */
  cpuOf: Int32Array;
}

function assign(v: PolicyView, waking: number): Assignment {
  const tasks = v.tasks;
  const m = v.cpus.length;
  const cand: number[] = [];
  for (let t = 0; t < tasks.length; t++) if (tasks[t].runnable || t === waking) cand.push(t);
  // A waking task is queued last: it goes after every task of its key.
  const seq = (t: number) => (t === waking ? Infinity : tasks[t].seq);
  // Seniority: under preempt_disable a running task inside its section keeps its CPU.
  const holds = (t: number) => v.nonPreemptible && tasks[t].pinned && v.cpus[tasks[t].cpu].running === t;
  cand.sort((a, b) => Number(holds(b)) - Number(holds(a)) || tasks[b].key - tasks[a].key || seq(a) - seq(b) || a - b);
  const owner = new Int32Array(m).fill(-1);
  const cpuOf = new Int32Array(tasks.length).fill(-1);
  const seen = new Int32Array(m);
  let stamp = 0;
  // Allowed CPUs, the task's own first: it stays unless a path needs it elsewhere.
  const allowed = (t: number): readonly number[] => {
    const own = tasks[t].cpu;
    if (tasks[t].pinned) return [own];
    const aff = tasks[t].affinity;
    return aff.includes(own) ? [own, ...aff.filter((c) => c !== own)] : aff;
  };
  const augment = (t: number): boolean => {
    for (const c of allowed(t)) {
      if (seen[c] === stamp) continue;
      seen[c] = stamp;
      const o = owner[c];
      if (o === -1 || augment(o)) {
        owner[c] = t;
        cpuOf[t] = c;
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (const t of cand) {
    if (matched === m) break;
    stamp++;
    if (augment(t)) matched++;
  }
  return { owner, cpuOf };
}

/** Does some CPU have a task waiting? If not, every runnable task runs and there is nothing to shift. */
function someoneWaits(v: PolicyView): boolean {
  for (const c of v.cpus) if (c.queue.length > 1) return true;
  return false;
}

export const shiftBot: Policy<null> = {
  name: 'shift',
  summary: 'Strong APA shifting (Cerqueira et al., RTSS 2014; RTEMS): the best set of tasks runs, found as a bipartite matching; better tasks shift along their masks to make room.',
  init: () => null,
  selectCpu(v, t) {
    const c = assign(v, t).cpuOf[t];
    return c === -1 ? { cpu: v.tasks[t].cpu, rule: 'prev-cpu' } : { cpu: c, rule: 'shift' };
  },
  balance(v): readonly Decision[] {
    if (!someoneWaits(v)) return NO_DECISIONS;
    const { owner } = assign(v, -1);
    let out: Decision[] | null = null;
    for (let c = 0; c < owner.length; c++) {
      const t = owner[c];
      if (t !== -1 && v.tasks[t].cpu !== c) (out ??= []).push({ task: t, cpu: c, rule: 'shift' });
    }
    return out ?? NO_DECISIONS;
  },
};
