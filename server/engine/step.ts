import { getBot } from './bots';
import { cloneState, drawLengths, isFinished } from './game';
import { cpuChanged } from './metrics/changes';
import { recomputeFigures } from './metrics/figures';
import { MAX_LIVE_JOBS } from './limits';
import { runningPinChanged } from './metrics/full-masks';
import { applyDecisions, checkPlacement } from './policy/apply';
import type { Policy } from './policy/types';
import { remainingOf } from './policy/view';
import { intInRange } from './prng';
import { allowedOn, currentOn, dequeue, enqueue, isPinned, migrate, pickFor, requeueHead, viewBestRescan } from './runqueue';
import type { Action, GameState, JobState, RefusalReason, Tick, TaskIndex } from './types';
import { asCpuId, asJobId, asTaskIndex, asTick, NO_KEY, NONE } from './types';

/**
 * One tick of the simulation, pure: returns the next state and leaves `state` as it was.
 *
 * Per tick, in this order (DESIGN.md section 2; the order is part of the spec):
 *  1. Releases of this tick create jobs; a task that was asleep wakes up and the
 *     balancer's wakeup placement puts it on a runqueue (in scenario task order).
 *     A release while the task already has MAX_LIVE_JOBS live jobs is dropped and
 *     counted as missed at once (the backlog cap, limits.ts).
 *  2. Player actions for this tick are validated and applied, in arrival order.
 *  3. The balancer (bot) makes its moves.
 *
 * The balancer is a Policy (policy/types.ts): it reads the view the engine keeps in
 * step with the state (s.view) and its private state (s.policy), and answers with plain
 * data that the engine checks before applying (policy/apply.ts).
 *  4. Each CPU picks its task (fifo: highest priority, ties by enqueue order; edf:
 *     earliest absolute deadline); a change is a context switch, a preemption when
 *     the previous task is still waiting on that CPU.
 *  5. Each running task executes one tick: migration overhead first, then its body;
 *     MD entry/exit and completion are recorded.
 *  6. Deadlines passed this tick are marked missed (the job still runs on, tardy).
 *  7. Per-tick metrics (idle, stranded, wasted, inversion CPU-ticks) are accumulated
 *     (definitions in metrics/figures.ts).
 */
export function step(state: GameState, actions: readonly Action[] = []): GameState {
  const next = cloneState(state);
  stepInPlace(next, actions);
  return next;
}

/**
 * The same tick as step(), mutating a state the caller owns (rooms, replays and
 * benchmarks hold their state privately, so they skip the copy).
 */
export function stepInPlace(s: GameState, actions: readonly Action[] = []): void {
  s.events = [];
  if (isFinished(s)) {
    for (const a of actions) refuse(s, a, 'finished');
    return;
  }
  const policy = s.userPolicy ?? getBot(s.cfg.bot);
  const view = s.view;
  view.tick = s.tick;

  releaseJobs(s, policy);
  for (const a of actions) applyAction(s, a);
  const moves = policy.balance(view, s.policy);
  if (!Array.isArray(moves) || moves.length > 0) applyDecisions(s, s.cfg.bot, moves);
  pick(s);
  execute(s, policy);
  markMisses(s);
  accumulate(s);
  s.tick++;
  view.tick = s.tick;
  if (view.woken.length > 0) view.woken.length = 0; // truncation costs a runtime call: skip when empty
}


// ---- 1. releases ------------------------------------------------------------

function releaseJobs(s: GameState, policy: Policy): void {
  const tick = s.tick;
  if (tick < s.cache.releaseBound) return;
  const specs = s.scenario.tasks;
  let bound = Number.MAX_SAFE_INTEGER;
  for (let i = asTaskIndex(0); i < s.tasks.length; i++) {
    const task = s.tasks[i];
    while (task.nextRelease === tick) {
      const spec = specs[i];
      // Drawn and numbered even when the job is dropped below: the PRNG stream and the job
      // ids stay independent of the schedule (par's timeline relies on it).
      const lens = drawLengths(s, i);
      const id = asJobId(++s.jobSeq);
      const deadline = asTick(tick + spec.deadline);
      const tm = s.metrics.tasks[i];
      s.metrics.jobs++;
      tm.jobs++;
      if (task.jobs.length >= MAX_LIVE_JOBS) {
        // The backlog cap (limits.ts): the release is dropped and counted as a miss at once.
        s.metrics.missed++;
        tm.missed++;
        s.metrics.dropped++;
        tm.dropped++;
        s.events.push({ type: 'release', task: spec.id, job: id, cpu: task.cpu, deadline, work: sum(lens), backlog: true, dropped: true });
        s.events.push({ type: 'miss', task: spec.id, job: id, deadline, dropped: true });
        task.nextRelease = nextReleaseAfter(s, i, tick);
        continue;
      }
      const job: JobState = { id, release: tick, deadline, lens, seg: 0, done: 0, missed: false };
      task.jobs.push(job);
      if (task.jobs.length === 1) {
        const v = s.view.tasks[i];
        if (s.cfg.edf) task.key = v.key = -job.deadline;
        v.deadline = job.deadline;
        v.remaining = remainingOf(task);
        const placed = checkPlacement(s, s.cfg.bot, i, policy.selectCpu(s.view, i, s.policy));
        // A refused placement: the task wakes where it last ran.
        const cpu = placed === null ? task.cpu : asCpuId(placed.cpu);
        enqueue(s, i, cpu);
        if (placed?.head) requeueHead(s, i);
        task.wokeAt = tick;
        s.view.woken.push(i);
        s.events.push({ type: 'release', task: spec.id, job: job.id, cpu, deadline: job.deadline, work: sum(job.lens), backlog: false, rule: placed === null ? 'prev-cpu' : placed.rule });
      } else {
        s.events.push({ type: 'release', task: spec.id, job: job.id, cpu: task.cpu, deadline: job.deadline, work: sum(job.lens), backlog: true });
      }
      task.nextRelease = nextReleaseAfter(s, i, tick);
      if (job.deadline < s.cache.deadlineBound) s.cache.deadlineBound = job.deadline;
    }
    if (task.nextRelease !== NONE && task.nextRelease < bound) bound = task.nextRelease;
  }
  s.cache.releaseBound = bound;
}

function sum(xs: number[]): number {
  let n = 0;
  for (let i = 0; i < xs.length; i++) n += xs[i];
  return n;
}

function nextReleaseAfter(s: GameState, i: TaskIndex, tick: number): Tick {
  const r = s.scenario.tasks[i].release;
  const task = s.tasks[i];
  switch (r.kind) {
    case 'at': {
      task.releaseIdx++;
      return task.releaseIdx < r.times.length ? asTick(r.times[task.releaseIdx]) : NONE;
    }
    case 'periodic':
      return asTick(tick + r.period);
    case 'sporadic':
      return asTick(tick + intInRange(s.rng, r.minGap, r.maxGap));
  }
}

// ---- 2. player actions ------------------------------------------------------

/**
 * The CPU whose owner may decide about a task, the one co-op rule: where a waking
 * task lands is decided by the owner of the CPU it lands on (nobody owns a task in
 * flight); a queued or running task is moved by the owner of the CPU it is on.
 */
export function decidingCpu(action: Pick<Action, 'type' | 'cpu'>, taskCpu: number): number {
  return action.type === 'place' ? action.cpu : taskCpu;
}

/** Why an action cannot be applied now, or null if it can. Pure: used for previews too. */
export function checkAction(s: GameState, a: Action): RefusalReason | null {
  if (isFinished(s)) return 'finished';
  if (a.tick !== s.tick) return 'wrong-tick';
  const t = asTaskIndex(s.scenario.tasks.findIndex((spec) => spec.id === a.task));
  if (t < 0) return 'unknown-task';
  if (!Number.isInteger(a.cpu) || a.cpu < 0 || a.cpu >= s.cpus.length) return 'unknown-cpu';
  const task = s.tasks[t];
  if (!task.runnable) return 'not-runnable';
  if (a.owned && !a.owned.includes(decidingCpu(a, task.cpu))) return 'not-owner';
  if (a.type === 'place' && task.wokeAt !== s.tick) return 'not-waking';
  // Placing a waking task where it woke anyway is the player's choice honoured, not a refusal.
  if (task.cpu === a.cpu) return a.type === 'place' ? null : 'same-cpu';
  if (!allowedOn(s, t, asCpuId(a.cpu))) return 'affinity';
  if (isPinned(s, t)) return 'pinned';
  return null;
}

function applyAction(s: GameState, a: Action): void {
  const reason = checkAction(s, a);
  if (reason) {
    refuse(s, a, reason);
    return;
  }
  const t = asTaskIndex(s.scenario.tasks.findIndex((spec) => spec.id === a.task));
  if (a.type === 'place') {
    // Placing a waking task is the wakeup decision itself: not a migration, no cost.
    const from = s.tasks[t].cpu;
    if (from !== a.cpu) {
      dequeue(s, t);
      enqueue(s, t, asCpuId(a.cpu));
    }
    s.events.push({ type: 'place', task: a.task, from, to: asCpuId(a.cpu), ...(a.player !== undefined ? { player: a.player } : {}) });
    return;
  }
  migrate(s, t, asCpuId(a.cpu), { by: 'player', ...(a.player !== undefined ? { player: a.player } : {}) });
}

function refuse(s: GameState, a: Action, reason: RefusalReason): void {
  s.metrics.refusedActions++;
  s.events.push({ type: 'refused', action: a, reason });
}

// ---- 4. pick ----------------------------------------------------------------

function pick(s: GameState): void {
  const m = s.metrics;
  const specs = s.scenario.tasks;
  for (let c = asCpuId(0); c < s.cpus.length; c++) {
    const cpu = s.cpus[c];
    const next = pickFor(s, c);
    const prev = cpu.running;
    if (next !== prev) {
      // A preemption: the previous task is still waiting on this very runqueue.
      const preempted = prev !== NONE && currentOn(s, c) === prev;
      // Switched out inside its migrate-disabled section: the lazy RT patch pins it until migrate_enable (C1).
      if (preempted && isPinned(s, prev)) s.tasks[prev].mdSwitchedOut = s.view.tasks[prev].switchedOut = true;
      m.contextSwitches++;
      m.cpus[c].contextSwitches++;
      if (preempted) {
        m.preemptions++;
        m.cpus[c].preemptions++;
        m.tasks[prev].preemptions++;
      }
      s.events.push({ type: 'switch', cpu: c, from: prev === NONE ? null : specs[prev].id, to: next === NONE ? null : specs[next].id, preempted });
      cpu.running = next;
      s.cache.dirty = true;
      cpuChanged(s, c);
    }
    const key = next === NONE ? NO_KEY : s.tasks[next].key;
    // Same task, new key: an edf task went on to its next job (the ranking changed).
    if (key !== cpu.runningKey) {
      s.cache.dirty = true;
      cpuChanged(s, c);
    }
    cpu.runningKey = key;
    const v = s.view.cpus[c];
    if (v.running !== next) v.running = next;
    if (v.runningKey !== key) v.runningKey = key;
  }
}

// ---- 5. execute -------------------------------------------------------------

function execute(s: GameState, policy: Policy): void {
  const specs = s.scenario.tasks;
  const m = s.metrics;
  const end = s.tick + 1;
  const views = s.view.tasks;
  for (let c = asCpuId(0); c < s.cpus.length; c++) {
    const t = s.cpus[c].running;
    if (t === NONE) {
      m.cpus[c].idleTicks++;
      continue;
    }
    m.cpus[c].busyTicks++;
    m.tasks[t].ranTicks++;
    const task = s.tasks[t];
    const v = views[t];
    v.remaining--;
    if (task.costLeft > 0) {
      task.costLeft--;
      continue;
    }
    const job = task.jobs[0];
    const body = specs[t].body;
    const md = body[job.seg].md;
    if (md && job.done === 0) {
      s.events.push({ type: 'md-enter', task: specs[t].id, cpu: c });
      runningPinChanged(s, c); // now pinned: the ideal schedule may no longer move it
      v.inSection = true;
      v.pinned = !s.cfg.ideal;
    }
    job.done++;
    if (job.done < job.lens[job.seg]) continue;
    // Segment done.
    job.seg++;
    job.done = 0;
    if (md) {
      s.events.push({ type: 'md-exit', task: specs[t].id, cpu: c });
      runningPinChanged(s, c);
      task.mdSwitchedOut = false;
      v.inSection = v.pinned = v.switchedOut = false;
      // migrate_enable(): the policy may act before the job completes and the task sleeps (the kernel's C3).
      if (policy.migrateEnable) {
        applyDecisions(s, s.cfg.bot, policy.migrateEnable(s.view, t, job.seg === job.lens.length, s.policy));
      }
    }
    if (job.seg < job.lens.length) continue;
    // Job done.
    const response = end - job.release;
    const met = end <= job.deadline;
    const tm = m.tasks[t];
    m.completed++;
    tm.completed++;
    m.responseSum += response;
    tm.responseSum += response;
    if (response > m.responseMax) m.responseMax = response;
    if (response > tm.responseMax) tm.responseMax = response;
    if (met) {
      m.met++;
      tm.met++;
    } else {
      // Counted as missed when its deadline passed; tardiness is known only now.
      m.tardiness += end - job.deadline;
      tm.tardiness += end - job.deadline;
    }
    s.events.push({ type: 'complete', task: specs[t].id, job: job.id, cpu: c, response, met });
    task.jobs.shift();
    if (task.missedPrefix > 0) task.missedPrefix--;
    if (task.jobs.length === 0) {
      task.runnable = false;
      v.runnable = false;
      v.remaining = 0;
      v.deadline = NONE;
      dequeue(s, t);
    } else {
      v.remaining = remainingOf(task);
      v.deadline = task.jobs[0].deadline;
      if (s.cfg.edf) {
        task.key = v.key = -task.jobs[0].deadline;
        // task.cpu, not c: a C3 push may just have moved it.
        s.cpus[task.cpu].stale = true;
        s.cache.dirty = true;
        cpuChanged(s, task.cpu);
        if (s.view.cpus[task.cpu].best === t) viewBestRescan(s, task.cpu);
      }
    }
  }
}

// ---- 6. deadlines -----------------------------------------------------------

function markMisses(s: GameState): void {
  const end = s.tick + 1;
  if (end < s.cache.deadlineBound) return;
  const specs = s.scenario.tasks;
  let bound = Number.MAX_SAFE_INTEGER;
  for (let t = 0; t < s.tasks.length; t++) {
    const jobs = s.tasks[t].jobs;
    // Deadlines never decrease along a task's job list (same relative deadline,
    // increasing releases), so missed jobs form a prefix: scan from its end.
    for (let j = s.tasks[t].missedPrefix; j < jobs.length; j++) {
      const job = jobs[j];
      if (job.deadline > end) break;
      job.missed = true;
      s.tasks[t].missedPrefix = j + 1;
      s.metrics.missed++;
      s.metrics.tasks[t].missed++;
      s.events.push({ type: 'miss', task: specs[t].id, job: job.id, deadline: job.deadline });
    }
    const first = jobs[s.tasks[t].missedPrefix];
    if (first !== undefined && first.deadline < bound) bound = first.deadline;
  }
  s.cache.deadlineBound = bound;
}

// ---- 7. metrics -------------------------------------------------------------

function accumulate(s: GameState): void {
  const c = s.cache;
  // The figures only change when a task moves, wakes, finishes, switches or enters or
  // leaves a pinned section, so they are recomputed only then (figures.ts).
  if (c.dirty) recomputeFigures(s);
  const m = s.metrics;
  m.idleCpuTicks += c.idle;
  m.strandedCpuTicks += c.stranded;
  m.wastedCpuTicks += c.wasted;
  m.inversionTicks += c.inversion;
  for (let i = 0; i < c.strandedTasks.length; i++) m.tasks[c.strandedTasks[i]].strandedTicks++;
  for (let i = 0; i < c.wastedTasks.length; i++) m.tasks[c.wastedTasks[i]].wastedTicks++;
}
