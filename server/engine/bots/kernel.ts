import type { RuleName } from '../rules';
import type { BotName } from '../scenario';
import { NO_DECISIONS, type Decision, type Placement, type Policy, type PolicyView } from '../policy/types';
import { newKernelState, type KernelState } from './kernel-state';
import { NO_KEY, NONE, Runqueues } from './model';

/**
 * The Linux RT (and DL) balancer around migrate_disable(), after
 * shared/reference/linux-rt-balancing.md, as a policy (policy/types.ts). Rule names
 * (R0..R9, P1..P4, and the corrections C1..C6 of its section 1.6, which win where they
 * differ) are the reference's and appear in the trace on every move and every notable
 * refusal. The kernel's own structures that the view does not show (push_busy,
 * MDF_PUSH, the stopper queue, the spread cursor) are the policy's private state
 * (kernel-state.ts).
 *
 * Model choices (the reference's kernel runs in microseconds; we run in ticks):
 *  - "curr" of a CPU during balancing is what that CPU will pick this tick
 *    (pickFor), i.e. a wakeup that preempts is rescheduled at once, as in the kernel.
 *  - A CPU demotes (R7) when the task it ran last tick left its runqueue (finished,
 *    blocked, migrated) and its next pick is lower or nothing. A CPU that was already
 *    idle never pulls (R8).
 *  - RT_PUSH_IPI is on (the kernel's default): a pull asks every overloaded CPU to
 *    push with pull=true, from CPU 0 up (C6). Each pull is a whole relay of its own:
 *    relays never overlap here, so the kernel's second pass for a CPU that demotes
 *    during a relay is this model's next relay.
 *  - Under edf every block of a DL task pulls (C4); an RT CPU pulls when it demotes.
 *  - The stopper (push_cpu_stop) runs `stopperDelay` ticks after it is queued
 *    (0: at the end of the same balancing pass). It takes no CPU time.
 *  - One balancing pass loops until no CPU's pick changes (bounded), so chains of
 *    push -> preempt -> push settle within the tick.
 *  - Candidate CPUs are never penalised for pinned tasks (nr_pinned is not read),
 *    except by the nr-pinned-aware variant.
 *
 * The candidate balancers from the literature (README, "Bots") are flavours of the
 * same model: each changes one decision and names its moves after it.
 */
export interface Flavour {
  name: BotName;
  /** 5.11+: a preempted migrate-disabled task stays pushable and attracts pulls (R1), the stopper exists (R4.4, R5, R0). */
  mainline: boolean;
  /**
   * Pre-lazy RT (P4 eager): migrate_disable() itself set nr_cpus_allowed to 1, so a
   * migrate-disabled task counts as single-CPU from its first tick in the section,
   * running or not (only with mainline false).
   */
  eager?: boolean;
  /** R2 treats a migrate-disabled current task like a single-CPU one: the waker goes elsewhere (Valentin Schneider's "prevent piles"). */
  preventPiles?: boolean;
  /** find_lowest_rq prefers, among its lowest-level CPUs, those holding the fewest pinned tasks (Qais Yousef's nr_pinned tie-breaker). */
  nrPinnedAware?: boolean;
  /** A pinned task waiting behind movable tasks gets its CPU: those tasks are moved where they run at once (scx_lavd's "prioritize a migration-disabled task"). */
  boostPinned?: boolean;
}

const MAX_ROUNDS_PER_CPU = 4;
const MAX_PUSHES_PER_CALL = 64;

/** One call: the runqueues (the view plus the call's own moves), the flavour, the private state. */
interface Pass {
  k: Runqueues;
  f: Flavour;
  st: KernelState;
  /** The last findLowestRq's choice was changed by the nr_pinned tie-breaker. */
  byNrPinned: boolean;
  /**
   * Scratch arrays reused from call to call (balancing runs every tick: no garbage on
   * the common path): find_lowest_rq's candidates and the CPUs a pull visited (only
   * the first n count), and each CPU's pick and its key before the pass.
   */
  set: number[];
  visited: number[];
  shown: number[];
  shownKey: number[];
}

/**
 * nr_cpus_allowed as the balancer sees it. Mainline never changes it. Pre-5.11 (P1,
 * C1) a migrate-disabled task counts as 1 from its first switch-out inside the section
 * (about to happen this tick, or already done: switchedOut) until migrate_enable,
 * even while it runs again: invisible to push and pull, and a waker on its CPU is
 * sent elsewhere. Before its first switch-out it counts its full mask, except under
 * the eager patch (P4), where migrate_disable() itself set it to 1.
 */
function nrCpusAllowed(p: Pass, t: number): number {
  const k = p.k;
  if (!p.f.mainline && k.isPinned(t) && (p.f.eager || k.v.tasks[t].switchedOut || k.pickFor(k.cpuOfTask(t)) !== t)) return 1;
  return k.affinity(t).length;
}

/** cpupri_find: is some CPU of the task's full mask at a level strictly below it? (No tie-break, no side effect.) */
function cpupriFind(p: Pass, t: number): boolean {
  const k = p.k;
  const key = k.key(t);
  const aff = k.affinity(t);
  for (let i = 0; i < aff.length; i++) if (k.levelOf(aff[i]) < key) return true;
  return false;
}

/**
 * R3 cpupri_find under fifo: the CPUs of the full mask at the lowest level strictly
 * below the task, written to the start of `set`; returns how many.
 */
function lowestLevelCpus(p: Pass, t: number, set: number[]): number {
  const k = p.k;
  const key = k.key(t);
  const aff = k.affinity(t);
  let lowest = Infinity;
  let n = 0;
  for (let i = 0; i < aff.length; i++) {
    const c = aff[i];
    const lvl = k.levelOf(c);
    if (lvl >= key) continue;
    if (lvl < lowest) {
      lowest = lvl;
      n = 0;
      set[n++] = c;
    } else if (lvl === lowest) {
      set[n++] = c;
    }
  }
  return n;
}

/**
 * C5 cpudl_find under edf: the free CPUs (no deadline task queued) of the mask if
 * there are any; else only the root domain's latest-deadline CPU (the cpudl heap's
 * maximum; on a tie, the lowest-numbered), if it is in the mask and later than the
 * task. It never looks for the best busy CPU of the mask. Written to the start of
 * `set`; returns how many.
 */
function cpudlFind(p: Pass, t: number, set: number[]): number {
  const k = p.k;
  const aff = k.affinity(t);
  let n = 0;
  for (let i = 0; i < aff.length; i++) if (k.bestOn(aff[i]) === NONE) set[n++] = aff[i];
  if (n > 0) return n;
  let latest = NONE;
  let latestLevel = Infinity;
  for (let c = 0; c < k.cpus; c++) {
    const lvl = k.levelOf(c);
    if (lvl < latestLevel) {
      latestLevel = lvl;
      latest = c;
    }
  }
  if (latest !== NONE && latestLevel < k.key(t) && aff.includes(latest)) set[n++] = latest;
  return n;
}

/** Is `c` among the first `n` CPUs of `set`? */
function has(set: readonly number[], n: number, c: number): boolean {
  for (let i = 0; i < n; i++) if (set[i] === c) return true;
  return false;
}

/** find_lowest_rq's tie-breaks on its candidate set (the first `n` of `set`): the task's CPU, then `thisCpu`, then spread (no side effect). */
function tieBreak(set: readonly number[], n: number, last: number, thisCpu: number, cursor: number): number {
  if (has(set, n, last)) return last;
  if (thisCpu !== NONE && has(set, n, thisCpu)) return thisCpu;
  // Spread: the first candidate after the last CPU this tie-break chose, wrapping.
  for (let i = 0; i < n; i++) if (set[i] > cursor) return set[i];
  return set[0];
}

/** Qais Yousef's tie-breaker: of the candidates (the first `n` of `set`), keep those holding the fewest pinned tasks. */
function fewestPinned(p: Pass, set: readonly number[], n: number): number[] {
  let least = Infinity;
  const counts = set.slice(0, n).map((c) => p.k.nrPinned(c));
  for (const x of counts) least = Math.min(least, x);
  return set.slice(0, n).filter((_, i) => counts[i] === least);
}

/**
 * R3 find_lowest_rq (find_later_rq under edf, with C5's cpudl_find): the candidate
 * CPUs of the task's full affinity mask, then the tie-breaks (tieBreak). The spread
 * cursor moves only when the spread decided.
 */
function findLowestRq(p: Pass, t: number, thisCpu: number): number {
  p.byNrPinned = false;
  if (nrCpusAllowed(p, t) === 1) return NONE;
  // The candidates go to the start of a buffer kept by the pass (one per call would be garbage every tick).
  const set = p.set;
  const n = p.k.v.class === 'edf' ? cpudlFind(p, t, set) : lowestLevelCpus(p, t, set);
  if (n === 0) return NONE;
  const last = p.k.cpuOfTask(t);
  const cursor = p.st.distribute;
  const plain = tieBreak(set, n, last, thisCpu, cursor);
  let chosen = plain;
  let from: readonly number[] = set;
  let fromN = n;
  if (p.f.nrPinnedAware && n > 1) {
    from = fewestPinned(p, set, n);
    fromN = from.length;
    chosen = tieBreak(from, fromN, last, thisCpu, cursor);
    p.byNrPinned = chosen !== plain;
  }
  if (!has(from, fromN, last) && !(thisCpu !== NONE && has(from, fromN, thisCpu))) p.st.distribute = chosen;
  return chosen;
}

/** The rule a move is named after: the kernel path that made it, or the tie-breaker when that changed the target. */
function named(p: Pass, rule: RuleName): RuleName {
  return p.byNrPinned ? 'nr-pinned' : rule;
}

/** Queued, not-running tasks the balancer may push (the kernel's pushable_tasks list), best first. */
function pushableHead(p: Pass, cpu: number, curr: number, allowedOn: number = NONE): number {
  const k = p.k;
  const q = k.queue(cpu);
  let best = NONE;
  for (let i = 0; i < q.length; i++) {
    const t = q[i];
    if (t === curr || nrCpusAllowed(p, t) < 2) continue;
    if (allowedOn !== NONE && !k.affinity(t).includes(allowedOn)) continue;
    if (best === NONE || k.beats(t, best)) best = t;
  }
  return best;
}

function overloaded(p: Pass, cpu: number): boolean {
  return pushableHead(p, cpu, p.k.pickFor(cpu)) !== NONE;
}

function anyOverloaded(p: Pass, except: number): boolean {
  for (let c = 0; c < p.k.cpus; c++) if (c !== except && overloaded(p, c)) return true;
  return false;
}

/** get_push_task: the running task, unless it cannot move (single CPU, itself migrate-disabled) or a push is in flight. */
function getPushTask(p: Pass, cpu: number, curr: number): number {
  if (curr === NONE || p.st.pushBusy[cpu]) return NONE;
  if (p.k.affinity(curr).length === 1 || p.k.isPinned(curr)) return NONE;
  p.st.pushBusy[cpu] = true;
  return curr;
}

function queueStopper(p: Pass, cpu: number, task: number, rule: RuleName): void {
  p.st.stoppers.push({ cpu, task, due: p.k.v.tick + p.k.v.stopperDelay, rule });
  p.k.note(rule, cpu, task, `stopper queued on CPU ${cpu} to push ${p.k.v.tasks[task].id} away`);
}

/** R4 push_rt_task (and R9 push_dl_task): one push attempt; true if a task moved. */
function pushOnce(p: Pass, cpu: number, pull: boolean): boolean {
  const k = p.k;
  const curr = k.pickFor(cpu);
  const next = pushableHead(p, cpu, curr);
  if (next === NONE) return false;
  // R4.3: the pushable head outranks what runs here: it will run here (resched).
  if (curr === NONE || k.beats(next, curr)) return false;
  if (k.isPinned(next)) {
    // R4.4: a migrate-disabled head cannot be pushed, and it blocks this CPU's push round.
    if (k.v.class === 'edf') {
      k.note('R9', cpu, next, 'push_dl_task: migrate-disabled head, nothing pushed');
      return false;
    }
    if (!pull || p.st.pushBusy[cpu]) {
      k.note('R4', cpu, next, pull ? 'push busy: a stopper is already in flight' : 'migrate-disabled head blocks the push');
      return false;
    }
    const target = findLowestRq(p, curr, cpu);
    if (target === NONE || target === cpu) return false;
    const pushTask = getPushTask(p, cpu, curr);
    if (pushTask === NONE) {
      k.note('R4', cpu, curr, 'get_push_task: the running task cannot be pushed');
      return false;
    }
    queueStopper(p, cpu, pushTask, 'R4');
    return false;
  }
  const low = findLowestRq(p, next, cpu);
  if (low === NONE || low === cpu || !(k.levelOf(low) < k.key(next))) return false;
  k.migrate(next, low, named(p, k.v.class === 'edf' ? 'R9' : pull ? 'R7' : 'R4'));
  return true;
}

function pushAll(p: Pass, cpu: number, pull: boolean): void {
  for (let i = 0; i < MAX_PUSHES_PER_CALL && pushOnce(p, cpu, pull); i++);
}

/**
 * R7 pull_rt_task with RT_PUSH_IPI: tell_cpu_to_push starts the irq_work relay;
 * rto_next_cpu walks rto_mask from rto_cpu = -1 upwards (CPU 0 first) and skips only
 * the calling CPU (C6); each visited CPU pushes with pull=true.
 */
function pullRt(p: Pass, cpu: number): void {
  // The CPUs visited, in order, in the pass's buffer: the relay note is spelled out only when there are two or more.
  const visited = p.visited;
  let n = 0;
  for (let src = 0; src < p.k.cpus; src++) {
    if (src === cpu || !overloaded(p, src)) continue;
    if (n === 0) p.k.note('R7', cpu, NONE, `CPU ${cpu} lowered its priority: pull (IPI push requests)`);
    visited[n++] = src;
    pushAll(p, src, true);
  }
  if (n < 2) return;
  let list = `CPU ${visited[0]}`;
  for (let i = 1; i < n; i++) list += `, CPU ${visited[i]}`;
  p.k.note('C6', cpu, NONE, `rto_next_cpu relay order from CPU 0 up, skipping CPU ${cpu}: ${list}`);
}

/**
 * R9 pull_dl_task: for each DL-overloaded CPU (for_each_cpu over dlo_mask, from CPU 0
 * up), pull its earliest pushable task here directly; a migrate-disabled one gets its
 * CPU's runner stopper-pushed instead.
 */
function pullDl(p: Pass, cpu: number): void {
  const k = p.k;
  for (let src = 0; src < k.cpus; src++) {
    if (src === cpu) continue;
    const srcCurr = k.pickFor(src);
    const t = pushableHead(p, src, srcCurr, cpu);
    if (t === NONE) continue;
    if (!(k.key(t) > k.levelOf(cpu))) continue;
    if (srcCurr !== NONE && k.beats(t, srcCurr)) continue;
    if (k.isPinned(t)) {
      const pushTask = getPushTask(p, src, srcCurr);
      if (pushTask !== NONE) queueStopper(p, src, pushTask, 'R9');
      continue;
    }
    k.migrate(t, cpu, 'R9');
  }
}

/**
 * R5 push_cpu_stop: move the task to its own best CPU (not necessarily the one that
 * asked). MDF_PUSH is cleared whenever the task is still on this CPU and not
 * migrate-disabled, asleep or not (a sleeping task is not moved): a flag acted on is
 * never left set.
 */
function runStopper(p: Pass, cpu: number, t: number, rule: RuleName): void {
  const k = p.k;
  p.st.pushBusy[cpu] = false;
  if (k.cpuOfTask(t) !== cpu) return;
  if (k.isPinned(t)) {
    p.st.mdfPush[t] = true;
    k.note('R5', cpu, t, 'stopper found the task migrate-disabled: MDF_PUSH, pushed at migrate_enable');
    return;
  }
  p.st.mdfPush[t] = false;
  if (!k.runnable(t)) return;
  const low = findLowestRq(p, t, cpu);
  if (low !== NONE && low !== cpu && k.levelOf(low) < k.key(t)) k.migrate(t, low, named(p, rule === 'R0' ? 'R0' : 'R5'));
}

function runDueStoppers(p: Pass): boolean {
  const tick = p.k.v.tick;
  const all = p.st.stoppers;
  let any = false;
  for (let i = 0; i < all.length && !any; i++) any = all[i].due <= tick;
  if (!any) return false;
  const due = all.filter((w) => w.due <= tick);
  p.st.stoppers = all.filter((w) => w.due > tick);
  // The stopper outranks every class: each runs on its CPU before anything else there.
  due.sort((a, b) => a.cpu - b.cpu);
  for (const w of due) runStopper(p, w.cpu, w.task, w.rule);
  return true;
}

/** R6 task_woken_rt: the woken task will not run soon and can move: push from its CPU. */
function taskWoken(p: Pass, t: number): void {
  const k = p.k;
  if (!k.runnable(t)) return;
  const cpu = k.cpuOfTask(t);
  const curr = k.currentOn(cpu);
  if (curr === NONE || curr === t || k.affinity(t).length < 2) return;
  if (nrCpusAllowed(p, curr) < 2 || k.key(curr) >= k.key(t)) pushAll(p, cpu, false);
}

/**
 * C2 wakeup_preempt_rt -> check_preempt_equal_prio (fifo): a waker of the running
 * task's priority, with no resched pending there, that cannot go elsewhere
 * (nr_cpus_allowed 1 or cpupri_find finds nothing), while the running task could
 * (nr_cpus_allowed > 1 and cpupri_find finds a CPU): requeued at the head of its
 * level, it preempts; the preempted task is then pushed like any other (R6), unless
 * it is migrate-disabled.
 */
function equalPrioPreempts(p: Pass, t: number, cpu: number): boolean {
  const k = p.k;
  if (k.v.class === 'edf') return false;
  const cur = k.currentOn(cpu);
  if (cur === NONE || k.key(cur) !== k.key(t) || k.bestOn(cpu) !== cur) return false;
  if (nrCpusAllowed(p, cur) === 1 || !cpupriFind(p, cur)) return false;
  return nrCpusAllowed(p, t) === 1 || !cpupriFind(p, t);
}

/**
 * C3: migrate_enable() at the end of a job with MDF_PUSH set. affine_move_task
 * queues push_cpu_stop(p) (unless a push is in flight) and the stopper runs before p
 * can block: p moves to its lowest CPU now, so its next job wakes there.
 */
function migrateEnableEndingJob(p: Pass, t: number): void {
  const k = p.k;
  const cpu = k.cpuOfTask(t);
  if (p.st.pushBusy[cpu]) {
    k.note('C3', cpu, t, 'migrate_enable with MDF_PUSH but a push is in flight: flag kept');
    return;
  }
  p.st.mdfPush[t] = false;
  const low = findLowestRq(p, t, cpu);
  if (low !== NONE && low !== cpu && k.levelOf(low) < k.key(t)) {
    k.migrate(t, low, named(p, 'C3'));
  } else {
    k.note('C3', cpu, t, 'migrate_enable with MDF_PUSH at the end of the job: no lower CPU, it stays');
  }
}

/**
 * Boost (scx_lavd, "prioritize a migration-disabled task"): a pinned task waiting on
 * its CPU behind movable tasks is served first there. A fixed-priority CPU runs its
 * best task, so the boost moves the tasks in front of it away, each to its
 * find_lowest_rq CPU, and only where that task runs at once (the boost makes no new
 * waiter). It acts on every balancing pass: no demotion, pull or stopper needed.
 */
function boostPinned(p: Pass): void {
  const k = p.k;
  for (let c = 0; c < k.cpus; c++) {
    const q = k.queue(c);
    let pinned = NONE;
    for (let i = 0; i < q.length; i++) if (k.isPinned(q[i]) && (pinned === NONE || k.beats(q[i], pinned))) pinned = q[i];
    if (pinned === NONE) continue;
    for (let guard = 0; guard < q.length; guard++) {
      const front = k.pickFor(c);
      if (front === pinned || front === NONE || k.isPinned(front) || k.affinity(front).length < 2) break;
      const low = findLowestRq(p, front, c);
      if (low === NONE || low === c || !(k.levelOf(low) < k.key(front))) break;
      k.migrate(front, low, 'boost');
    }
  }
}

/**
 * R2 select_task_rq_rt / select_task_rq_dl (P4: the same test; under C1 a current
 * task switched out inside its section counts nr_cpus_allowed 1, under the eager patch
 * any migrate-disabled one does), then C2.
 */
function selectCpu(p: Pass, t: number): Placement {
  const k = p.k;
  const prev = k.cpuOfTask(t);
  if (k.affinity(t).length > 1) {
    const cur = k.currentOn(prev);
    const curSingle = cur !== NONE && nrCpusAllowed(p, cur) < 2 && k.affinity(cur).length > 1;
    // "Prevent piles": a migrate-disabled current task counts as a single-CPU one.
    const curPiles = cur !== NONE && p.f.preventPiles === true && k.isPinned(cur) && k.key(cur) < k.key(t);
    if (cur !== NONE && (nrCpusAllowed(p, cur) < 2 || curPiles || k.key(cur) >= k.key(t))) {
      const target = findLowestRq(p, t, prev);
      if (target !== NONE && k.levelOf(target) < k.key(t)) {
        const below = k.key(cur) < k.key(t);
        const rule: RuleName = curPiles && !curSingle ? 'prevent-piles' : curSingle && below ? (p.f.eager ? 'P4' : 'C1') : 'R2/R3';
        return { cpu: target, rule: named(p, rule) };
      }
      // A later CPU of the mask exists, but cpudl_find offers only the latest-deadline CPU of all.
      if (k.v.class === 'edf' && cpupriFind(p, t)) return { cpu: prev, rule: 'C5' };
    }
  }
  if (equalPrioPreempts(p, t, prev)) {
    const note = 'check_preempt_equal_prio: equal-priority waker requeued at the head, the running task will be pushed';
    return { cpu: prev, rule: 'C2', head: true, notes: [{ note, rule: 'C2', cpu: prev, task: t }] };
  }
  return { cpu: prev, rule: 'R2' };
}

function balance(p: Pass): void {
  const k = p.k;
  const st = p.st;
  const v = k.v;
  const m = k.cpus;
  if (p.f.mainline) {
    runDueStoppers(p);
    // R0: migrate_enable() with MDF_PUSH set queues the stopper on itself.
    for (const t of st.mdExits) {
      const cpu = k.cpuOfTask(t);
      if (k.runnable(t) && !st.pushBusy[cpu]) {
        st.pushBusy[cpu] = true;
        queueStopper(p, cpu, t, 'R0');
      }
    }
  }
  if (st.mdExits.length > 0) st.mdExits.length = 0;
  for (const t of v.woken) taskWoken(p, t);
  if (p.f.boostPinned) boostPinned(p);

  // What each CPU has been running, and at what priority, before this pass.
  if (p.shown.length !== m) {
    p.shown = new Array<number>(m).fill(NONE);
    p.shownKey = new Array<number>(m).fill(NO_KEY);
  }
  const shown = p.shown;
  const shownKey = p.shownKey;
  for (let c = 0; c < m; c++) {
    shown[c] = v.cpus[c].running;
    shownKey[c] = v.cpus[c].runningKey;
  }
  for (let round = 0; round < MAX_ROUNDS_PER_CPU * m + 4; round++) {
    let changed = false;
    for (let c = 0; c < m; c++) {
      const now0 = k.pickFor(c);
      if (now0 === shown[c]) continue;
      changed = true;
      const prev = shown[c];
      const left = prev !== NONE && !(k.runnable(prev) && k.cpuOfTask(prev) === c);
      if (v.class === 'edf') {
        // C4 balance_dl: need_pull_dl_task is only rq->online && dl_task(prev): every DL block pulls.
        if (prev !== NONE && !k.runnable(prev)) {
          if (anyOverloaded(p, c)) k.note('C4', c, prev, `a deadline task blocked on CPU ${c}: pull_dl_task`);
          pullDl(p, c);
        }
      } else if (left && (now0 === NONE || k.key(now0) < shownKey[c])) {
        // R7: this CPU lowers its priority (its task finished or left): pull.
        pullRt(p, c);
      }
      const now = k.pickFor(c);
      // R6 set_next_task_rt: a task starts running here; push what else is queued.
      if (now !== NONE) pushAll(p, c, false);
      shown[c] = k.pickFor(c);
      shownKey[c] = shown[c] === NONE ? NO_KEY : k.key(shown[c]);
    }
    const stopped = p.f.mainline && runDueStoppers(p);
    if (!changed && !stopped) break;
  }
}

/** A kernel model as a policy. One pass object per policy: calls never overlap. */
export function makeKernelPolicy(f: Flavour, summary: string): Policy<KernelState> {
  const pass: Pass = { k: new Runqueues(), f, st: newKernelState(0, 0), byNrPinned: false, set: [], visited: [], shown: [], shownKey: [] };
  const begin = (view: PolicyView, st: KernelState): Pass => {
    pass.k.begin(view);
    pass.st = st;
    pass.byNrPinned = false;
    return pass;
  };
  return {
    name: f.name,
    summary,
    init: (view) => newKernelState(view.cpus.length, view.tasks.length),
    selectCpu: (view, t, st) => selectCpu(begin(view, st), t),
    balance(view, st): readonly Decision[] {
      balance(begin(view, st));
      return pass.k.decisions();
    },
    ...(f.mainline
      ? {
          migrateEnable(view: PolicyView, t: number, endsJob: boolean, st: KernelState): readonly Decision[] {
            if (!st.mdfPush[t]) return NO_DECISIONS;
            if (!endsJob) {
              st.mdExits.push(t);
              return NO_DECISIONS;
            }
            migrateEnableEndingJob(begin(view, st), t);
            return pass.k.decisions();
          },
        }
      : {}),
  };
}

export const linuxRt511Bot = makeKernelPolicy(
  { name: 'linux-rt-511', mainline: true },
  'Mainline Linux since 5.11: preempted migrate-disabled tasks stay pushable; a pull stopper-pushes their preemptor away (R0-R9).',
);

export const linuxRtLazyBot = makeKernelPolicy(
  { name: 'linux-rt-lazy', mainline: false },
  'PREEMPT_RT before 5.11 (lazy migrate_disable): a preempted pinned task is invisible to push and pull; nothing moves its preemptor (P1-P4).',
);

export const linuxRtEagerBot = makeKernelPolicy(
  { name: 'linux-rt-eager', mainline: false, eager: true },
  'PREEMPT_RT before lazy migrate_disable (P4 eager): migrate_disable() itself makes a task single-CPU, so a waker never stacks on a migrate-disabled task; preempted pinned tasks stay invisible to push and pull.',
);

export const proactiveWakeBot = makeKernelPolicy(
  { name: 'proactive-wake', mainline: true, preventPiles: true },
  'Linux 5.11 with a proactive wakeup (Valentin Schneider\'s "prevent piles"): a waker whose CPU runs a migrate-disabled task goes to its lowest CPU instead of stacking there.',
);

export const boostPinnedBot = makeKernelPolicy(
  { name: 'boost-pinned', mainline: true, boostPinned: true },
  'Linux 5.11 plus a boost for pinned tasks (sched_ext scx_lavd): the task in front of a waiting migrate-disabled task is moved to a CPU where it runs at once, on every pass.',
);

export const nrPinnedAwareBot = makeKernelPolicy(
  { name: 'nr-pinned-aware', mainline: true, nrPinnedAware: true },
  'Linux 5.11 with Qais Yousef\'s tie-breaker: of the equally low CPUs, find_lowest_rq prefers those holding fewer pinned tasks (rq->nr_pinned).',
);
