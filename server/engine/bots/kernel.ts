import type { RuleName } from '../rules';
import type { BotName } from '../scenario';
import { beats, bestOn, currentOn, isPinned, levelOf, migrate, pickFor } from '../runqueue';
import type { CpuId, GameState, TaskIndex } from '../types';
import { asCpuId, asTick, NO_KEY, NONE } from '../types';
import type { Bot, Placement } from './types';

/**
 * The Linux RT (and DL) balancer around migrate_disable(), after
 * shared/reference/linux-rt-balancing.md. Rule names (R0..R9, P1..P4, and the
 * corrections C1..C6 of its section 1.6, which win where they differ) are the
 * reference's and appear in the trace on every move and every notable refusal.
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
 *  - Candidate CPUs are never penalised for pinned tasks (nr_pinned is not read).
 */
interface Flavour {
  name: BotName;
  /** 5.11+: a preempted migrate-disabled task stays pushable and attracts pulls (R1), the stopper exists (R4.4, R5, R0). */
  mainline: boolean;
}

const MAX_ROUNDS_PER_CPU = 4;
const MAX_PUSHES_PER_CALL = 64;

function note(s: GameState, f: Flavour, rule: RuleName, cpu: CpuId, task: TaskIndex | null, text: string): void {
  s.events.push({ type: 'kernel', bot: f.name, rule, cpu, ...(task !== null && task !== NONE ? { task: s.scenario.tasks[task].id } : {}), note: text });
}

/**
 * nr_cpus_allowed as the balancer sees it. Mainline never changes it. Pre-5.11 (P1,
 * C1) a migrate-disabled task counts as 1 from its first switch-out inside the section
 * (about to happen this tick, or already done: mdSwitchedOut) until migrate_enable,
 * even while it runs again: invisible to push and pull, and a waker on its CPU is
 * sent elsewhere. Before its first switch-out it counts its full mask.
 */
function nrCpusAllowed(s: GameState, f: Flavour, t: TaskIndex): number {
  if (!f.mainline && isPinned(s, t) && (s.tasks[t].mdSwitchedOut || pickFor(s, s.tasks[t].cpu) !== t)) return 1;
  return s.scenario.tasks[t].affinity.length;
}

/** cpupri_find: is some CPU of the task's full mask at a level strictly below it? (No tie-break, no side effect.) */
function cpupriFind(s: GameState, t: TaskIndex): boolean {
  const key = s.tasks[t].key;
  const aff = s.scenario.tasks[t].affinity;
  for (let i = 0; i < aff.length; i++) if (levelOf(s, asCpuId(aff[i])) < key) return true;
  return false;
}

/** R3 cpupri_find under fifo: the CPUs of the full mask at the lowest level strictly below the task. */
function lowestLevelCpus(s: GameState, t: TaskIndex, set: CpuId[]): void {
  const key = s.tasks[t].key;
  const aff = s.scenario.tasks[t].affinity;
  let lowest = Infinity;
  for (let i = 0; i < aff.length; i++) {
    const c = asCpuId(aff[i]);
    const lvl = levelOf(s, c);
    if (lvl >= key) continue;
    if (lvl < lowest) {
      lowest = lvl;
      set.length = 0;
      set.push(c);
    } else if (lvl === lowest) {
      set.push(c);
    }
  }
}

/**
 * C5 cpudl_find under edf: the free CPUs (no deadline task queued) of the mask if
 * there are any; else only the root domain's latest-deadline CPU (the cpudl heap's
 * maximum; on a tie, the lowest-numbered), if it is in the mask and later than the
 * task. It never looks for the best busy CPU of the mask.
 */
function cpudlFind(s: GameState, t: TaskIndex, set: CpuId[]): void {
  const aff = s.scenario.tasks[t].affinity;
  for (let i = 0; i < aff.length; i++) if (bestOn(s, asCpuId(aff[i])) === NONE) set.push(asCpuId(aff[i]));
  if (set.length > 0) return;
  let latest: CpuId = NONE;
  let latestLevel = Infinity;
  for (let k = 0; k < s.cpus.length; k++) {
    const c = asCpuId(k);
    const lvl = levelOf(s, c);
    if (lvl < latestLevel) {
      latestLevel = lvl;
      latest = c;
    }
  }
  if (latest !== NONE && latestLevel < s.tasks[t].key && aff.includes(latest)) set.push(latest);
}

/**
 * R3 find_lowest_rq (find_later_rq under edf, with C5's cpudl_find): the candidate
 * CPUs of the task's full affinity mask; tie-break: the task's CPU, then `thisCpu`,
 * then spread (cpumask_any_and_distribute).
 */
function findLowestRq(s: GameState, f: Flavour, t: TaskIndex, thisCpu: CpuId): CpuId {
  if (nrCpusAllowed(s, f, t) === 1) return NONE;
  const set: CpuId[] = [];
  if (s.cfg.edf) cpudlFind(s, t, set);
  else lowestLevelCpus(s, t, set);
  if (set.length === 0) return NONE;
  const last = s.tasks[t].cpu;
  if (set.includes(last)) return last;
  if (thisCpu !== NONE && set.includes(thisCpu)) return thisCpu;
  // Spread: the first candidate after the last CPU this tie-break chose, wrapping.
  let pickCpu = set[0];
  for (const c of set) {
    if (c > s.bot.distribute) {
      pickCpu = c;
      break;
    }
  }
  s.bot.distribute = pickCpu;
  return pickCpu;
}

/** Queued, not-running tasks the balancer may push (the kernel's pushable_tasks list), best first. */
function pushableHead(s: GameState, f: Flavour, cpu: CpuId, curr: TaskIndex, allowedOn: CpuId = NONE): TaskIndex {
  const q = s.cpus[cpu].queue;
  let best: TaskIndex = NONE;
  for (let i = 0; i < q.length; i++) {
    const t = q[i];
    if (t === curr || nrCpusAllowed(s, f, t) < 2) continue;
    if (allowedOn !== NONE && !s.scenario.tasks[t].affinity.includes(allowedOn)) continue;
    if (best === NONE || beats(s, t, best)) best = t;
  }
  return best;
}

function overloaded(s: GameState, f: Flavour, cpu: CpuId): boolean {
  return pushableHead(s, f, cpu, pickFor(s, cpu)) !== NONE;
}

function anyOverloaded(s: GameState, f: Flavour, except: CpuId): boolean {
  for (let c = 0; c < s.cpus.length; c++) if (c !== except && overloaded(s, f, asCpuId(c))) return true;
  return false;
}

/** get_push_task: the running task, unless it cannot move (single CPU, itself migrate-disabled) or a push is in flight. */
function getPushTask(s: GameState, cpu: CpuId, curr: TaskIndex): TaskIndex {
  if (curr === NONE || s.cpus[cpu].pushBusy) return NONE;
  if (s.scenario.tasks[curr].affinity.length === 1 || isPinned(s, curr)) return NONE;
  s.cpus[cpu].pushBusy = true;
  return curr;
}

function queueStopper(s: GameState, f: Flavour, cpu: CpuId, task: TaskIndex, rule: RuleName): void {
  s.bot.stoppers.push({ cpu, task, due: asTick(s.tick + s.cfg.stopperDelay), rule });
  note(s, f, rule, cpu, task, `stopper queued on CPU ${cpu} to push ${s.scenario.tasks[task].id} away`);
}

/** R4 push_rt_task (and R9 push_dl_task): one push attempt; true if a task moved. */
function pushOnce(s: GameState, f: Flavour, cpu: CpuId, pull: boolean): boolean {
  const curr = pickFor(s, cpu);
  const next = pushableHead(s, f, cpu, curr);
  if (next === NONE) return false;
  // R4.3: the pushable head outranks what runs here: it will run here (resched).
  if (curr === NONE || beats(s, next, curr)) return false;
  if (isPinned(s, next)) {
    // R4.4: a migrate-disabled head cannot be pushed, and it blocks this CPU's push round.
    if (s.cfg.edf) {
      note(s, f, 'R9', cpu, next, 'push_dl_task: migrate-disabled head, nothing pushed');
      return false;
    }
    if (!pull || s.cpus[cpu].pushBusy) {
      note(s, f, 'R4', cpu, next, pull ? 'push busy: a stopper is already in flight' : 'migrate-disabled head blocks the push');
      return false;
    }
    const target = findLowestRq(s, f, curr, cpu);
    if (target === NONE || target === cpu) return false;
    const pushTask = getPushTask(s, cpu, curr);
    if (pushTask === NONE) {
      note(s, f, 'R4', cpu, curr, 'get_push_task: the running task cannot be pushed');
      return false;
    }
    queueStopper(s, f, cpu, pushTask, 'R4');
    return false;
  }
  const low = findLowestRq(s, f, next, cpu);
  if (low === NONE || low === cpu || !(levelOf(s, low) < s.tasks[next].key)) return false;
  migrate(s, next, low, { by: 'bot', bot: f.name, rule: s.cfg.edf ? 'R9' : pull ? 'R7' : 'R4' });
  return true;
}

function pushAll(s: GameState, f: Flavour, cpu: CpuId, pull: boolean): void {
  for (let i = 0; i < MAX_PUSHES_PER_CALL && pushOnce(s, f, cpu, pull); i++);
}

/**
 * R7 pull_rt_task with RT_PUSH_IPI: tell_cpu_to_push starts the irq_work relay;
 * rto_next_cpu walks rto_mask from rto_cpu = -1 upwards (CPU 0 first) and skips only
 * the calling CPU (C6); each visited CPU pushes with pull=true.
 */
function pullRt(s: GameState, f: Flavour, cpu: CpuId): void {
  const m = s.cpus.length;
  let visited = '';
  for (let k = 0; k < m; k++) {
    const src = asCpuId(k);
    if (src === cpu || !overloaded(s, f, src)) continue;
    if (visited === '') note(s, f, 'R7', cpu, null, `CPU ${cpu} lowered its priority: pull (IPI push requests)`);
    visited += visited === '' ? `CPU ${src}` : `, CPU ${src}`;
    pushAll(s, f, src, true);
  }
  if (visited.includes(',')) note(s, f, 'C6', cpu, null, `rto_next_cpu relay order from CPU 0 up, skipping CPU ${cpu}: ${visited}`);
}

/**
 * R9 pull_dl_task: for each DL-overloaded CPU (for_each_cpu over dlo_mask, from CPU 0
 * up), pull its earliest pushable task here directly; a migrate-disabled one gets its
 * CPU's runner stopper-pushed instead.
 */
function pullDl(s: GameState, f: Flavour, cpu: CpuId): void {
  const m = s.cpus.length;
  for (let k = 0; k < m; k++) {
    const src = asCpuId(k);
    if (src === cpu) continue;
    const srcCurr = pickFor(s, src);
    const p = pushableHead(s, f, src, srcCurr, cpu);
    if (p === NONE) continue;
    if (!(s.tasks[p].key > levelOf(s, cpu))) continue;
    if (srcCurr !== NONE && beats(s, p, srcCurr)) continue;
    if (isPinned(s, p)) {
      const pushTask = getPushTask(s, src, srcCurr);
      if (pushTask !== NONE) queueStopper(s, f, src, pushTask, 'R9');
      continue;
    }
    migrate(s, p, cpu, { by: 'bot', bot: f.name, rule: 'R9' });
  }
}

/**
 * R5 push_cpu_stop: move p to its own best CPU (not necessarily the one that asked).
 * MDF_PUSH is cleared whenever p is still on this CPU and not migrate-disabled, asleep
 * or not (a sleeping task is not moved): a flag acted on is never left set.
 */
function runStopper(s: GameState, f: Flavour, cpu: CpuId, p: TaskIndex, rule: RuleName): void {
  const rq = s.cpus[cpu];
  rq.pushBusy = false;
  const task = s.tasks[p];
  if (task.cpu !== cpu) return;
  if (isPinned(s, p)) {
    task.mdfPush = true;
    note(s, f, 'R5', cpu, p, 'stopper found the task migrate-disabled: MDF_PUSH, pushed at migrate_enable');
    return;
  }
  task.mdfPush = false;
  if (!task.runnable) return;
  const low = findLowestRq(s, f, p, cpu);
  if (low !== NONE && low !== cpu && levelOf(s, low) < task.key) {
    migrate(s, p, low, { by: 'bot', bot: f.name, rule: rule === 'R0' ? 'R0' : 'R5' });
  }
}

function runDueStoppers(s: GameState, f: Flavour): boolean {
  const due = s.bot.stoppers.filter((w) => w.due <= s.tick);
  if (due.length === 0) return false;
  s.bot.stoppers = s.bot.stoppers.filter((w) => w.due > s.tick);
  // The stopper outranks every class: each runs on its CPU before anything else there.
  due.sort((a, b) => a.cpu - b.cpu);
  for (const w of due) runStopper(s, f, w.cpu, w.task, w.rule);
  return true;
}

/** R6 task_woken_rt: the woken task will not run soon and can move: push from its CPU. */
function taskWoken(s: GameState, f: Flavour, t: TaskIndex): void {
  const task = s.tasks[t];
  if (!task.runnable) return;
  const cpu = task.cpu;
  const curr = currentOn(s, cpu);
  if (curr === NONE || curr === t || s.scenario.tasks[t].affinity.length < 2) return;
  if (nrCpusAllowed(s, f, curr) < 2 || s.tasks[curr].key >= task.key) pushAll(s, f, cpu, false);
}

/**
 * C2 wakeup_preempt_rt -> check_preempt_equal_prio (fifo): a waker of the running
 * task's priority, with no resched pending there, that cannot go elsewhere
 * (nr_cpus_allowed 1 or cpupri_find finds nothing), while the running task could
 * (nr_cpus_allowed > 1 and cpupri_find finds a CPU): requeued at the head of its
 * level, it preempts; the preempted task is then pushed like any other (R6), unless
 * it is migrate-disabled.
 */
function equalPrioPreempts(s: GameState, f: Flavour, t: TaskIndex, cpu: CpuId): boolean {
  if (s.cfg.edf) return false;
  const cur = currentOn(s, cpu);
  if (cur === NONE || s.tasks[cur].key !== s.tasks[t].key || bestOn(s, cpu) !== cur) return false;
  if (nrCpusAllowed(s, f, cur) === 1 || !cpupriFind(s, cur)) return false;
  return nrCpusAllowed(s, f, t) === 1 || !cpupriFind(s, t);
}

/**
 * C3: migrate_enable() at the end of a job with MDF_PUSH set. affine_move_task
 * queues push_cpu_stop(p) (unless a push is in flight) and the stopper runs before p
 * can block: p moves to its lowest CPU now, so its next job wakes there.
 */
function migrateEnableEndingJob(s: GameState, f: Flavour, t: TaskIndex): void {
  const task = s.tasks[t];
  const cpu = task.cpu;
  if (s.cpus[cpu].pushBusy) {
    note(s, f, 'C3', cpu, t, 'migrate_enable with MDF_PUSH but a push is in flight: flag kept');
    return;
  }
  task.mdfPush = false;
  const low = findLowestRq(s, f, t, cpu);
  if (low !== NONE && low !== cpu && levelOf(s, low) < task.key) {
    migrate(s, t, low, { by: 'bot', bot: f.name, rule: 'C3' });
  } else {
    note(s, f, 'C3', cpu, t, 'migrate_enable with MDF_PUSH at the end of the job: no lower CPU, it stays');
  }
}

function makeKernelBot(f: Flavour, summary: string): Bot {
  return {
    name: f.name,
    summary,
    /**
     * R2 select_task_rq_rt / select_task_rq_dl (P4 lazy: the same test; under C1 a
     * current task switched out inside its section counts nr_cpus_allowed 1), then C2.
     */
    selectCpu(s: GameState, t: TaskIndex): Placement {
      const prev = s.tasks[t].cpu;
      if (s.scenario.tasks[t].affinity.length > 1) {
        const cur = currentOn(s, prev);
        const curPinnedLazily = cur !== NONE && nrCpusAllowed(s, f, cur) < 2 && s.scenario.tasks[cur].affinity.length > 1;
        if (cur !== NONE && (nrCpusAllowed(s, f, cur) < 2 || s.tasks[cur].key >= s.tasks[t].key)) {
          const target = findLowestRq(s, f, t, prev);
          if (target !== NONE && levelOf(s, target) < s.tasks[t].key) {
            return { cpu: target, rule: curPinnedLazily && s.tasks[cur].key < s.tasks[t].key ? 'C1' : 'R2/R3' };
          }
          // A later CPU of the mask exists, but cpudl_find offers only the latest-deadline CPU of all.
          if (s.cfg.edf && cpupriFind(s, t)) return { cpu: prev, rule: 'C5' };
        }
      }
      if (equalPrioPreempts(s, f, t, prev)) {
        note(s, f, 'C2', prev, t, 'check_preempt_equal_prio: equal-priority waker requeued at the head, the running task will be pushed');
        return { cpu: prev, rule: 'C2', head: true };
      }
      return { cpu: prev, rule: 'R2' };
    },
    ...(f.mainline ? { migrateEnableEndingJob: (s: GameState, t: TaskIndex) => migrateEnableEndingJob(s, f, t) } : {}),
    balance(s: GameState) {
      const m = s.cpus.length;
      if (f.mainline) {
        runDueStoppers(s, f);
        // R0: migrate_enable() with MDF_PUSH set queues the stopper on itself.
        for (const t of s.bot.mdExits) {
          const cpu = s.tasks[t].cpu;
          if (s.tasks[t].runnable && !s.cpus[cpu].pushBusy) {
            s.cpus[cpu].pushBusy = true;
            queueStopper(s, f, cpu, t, 'R0');
          }
        }
      }
      if (s.bot.mdExits.length > 0) s.bot.mdExits.length = 0;
      for (const t of s.bot.woken) taskWoken(s, f, t);

      // What each CPU has been running, and at what priority, before this pass.
      const shown: TaskIndex[] = s.cpus.map((c) => c.running);
      const shownKey: number[] = s.cpus.map((c) => c.runningKey);
      for (let round = 0; round < MAX_ROUNDS_PER_CPU * m + 4; round++) {
        let changed = false;
        for (let c = asCpuId(0); c < m; c++) {
          const p = pickFor(s, c);
          if (p === shown[c]) continue;
          changed = true;
          const prev = shown[c];
          const left = prev !== NONE && !(s.tasks[prev].runnable && s.tasks[prev].cpu === c);
          if (s.cfg.edf) {
            // C4 balance_dl: need_pull_dl_task is only rq->online && dl_task(prev): every DL block pulls.
            if (prev !== NONE && !s.tasks[prev].runnable) {
              if (anyOverloaded(s, f, c)) note(s, f, 'C4', c, prev, `a deadline task blocked on CPU ${c}: pull_dl_task`);
              pullDl(s, f, c);
            }
          } else if (left && (p === NONE || s.tasks[p].key < shownKey[c])) {
            // R7: this CPU lowers its priority (its task finished or left): pull.
            pullRt(s, f, c);
          }
          const now = pickFor(s, c);
          // R6 set_next_task_rt: a task starts running here; push what else is queued.
          if (now !== NONE) pushAll(s, f, c, false);
          shown[c] = pickFor(s, c);
          shownKey[c] = shown[c] === NONE ? NO_KEY : s.tasks[shown[c]].key;
        }
        const stopped = f.mainline && runDueStoppers(s, f);
        if (!changed && !stopped) break;
      }
    },
  };
}

export const linuxRt511Bot = makeKernelBot(
  { name: 'linux-rt-511', mainline: true },
  'Mainline Linux since 5.11: preempted migrate-disabled tasks stay pushable; a pull stopper-pushes their preemptor away (R0-R9).',
);

export const linuxRtLazyBot = makeKernelBot(
  { name: 'linux-rt-lazy', mainline: false },
  'PREEMPT_RT before 5.11 (lazy migrate_disable): a preempted pinned task is invisible to push and pull; nothing moves its preemptor (P1-P4).',
);

