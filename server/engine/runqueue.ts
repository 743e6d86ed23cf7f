import { cpuChanged } from './metrics/changes';
import type { CpuId, GameState, Mover, TaskIndex } from './types';
import { asTaskIndex, NO_KEY, NONE } from './types';

/**
 * Runqueue primitives of the step function. They mutate the state they are given
 * (callers own it: step() clones before it mutates) and keep the policy view
 * (policy/view.ts) in step with every change they make.
 */

/** Does task a win the CPU over task b? Higher key first; ties by enqueue order (SCHED_FIFO), then index. */
export function beats(s: GameState, a: TaskIndex, b: TaskIndex): boolean {
  const ta = s.tasks[a], tb = s.tasks[b];
  if (ta.key !== tb.key) return ta.key > tb.key;
  if (ta.seq !== tb.seq) return ta.seq < tb.seq;
  return a < b;
}

/** The highest-priority task queued on a CPU (running one included), or NONE: the kernel's highest_prio.curr. */
export function bestOn(s: GameState, cpu: CpuId): TaskIndex {
  const rq = s.cpus[cpu];
  if (!rq.stale) return rq.best;
  const q = rq.queue;
  let best: TaskIndex = NONE;
  for (let i = 0; i < q.length; i++) {
    const t = q[i];
    if (best === NONE || beats(s, t, best)) best = t;
  }
  rq.best = best;
  rq.stale = false;
  return best;
}

/** Priority level of a CPU for find_lowest_rq: its best task's key, NO_KEY when it has none (idle). */
export function levelOf(s: GameState, cpu: CpuId): number {
  const b = bestOn(s, cpu);
  return b === NONE ? NO_KEY : s.tasks[b].key;
}

/**
 * Inside an entered migrate-disabled segment: from executing its first tick until
 * executing its last. Nothing may migrate such a task. In greedy-global's world
 * nothing is ever pinned.
 */
export function isPinned(s: GameState, t: TaskIndex): boolean {
  if (s.cfg.ideal) return false;
  const task = s.tasks[t];
  if (!task.runnable || task.costLeft > 0) return false;
  const job = task.jobs[0];
  return job !== undefined && job.done > 0 && s.scenario.tasks[t].body[job.seg].md;
}

/** The task still on this CPU's runqueue that executed last tick, or NONE (it left, finished or the CPU idled). */
export function currentOn(s: GameState, cpu: CpuId): TaskIndex {
  const r = s.cpus[cpu].running;
  if (r === NONE) return NONE;
  const t = s.tasks[r];
  return t.runnable && t.cpu === cpu ? r : NONE;
}

/**
 * What the CPU will run at this tick's pick (step 4): the best queued task, except
 * that a running task inside a non-preemptible section (mdMode preempt_disable) keeps the CPU.
 */
export function pickFor(s: GameState, cpu: CpuId): TaskIndex {
  if (s.cfg.nonPreemptible) {
    const cur = currentOn(s, cpu);
    if (cur !== NONE && isPinned(s, cur)) return cur;
  }
  return bestOn(s, cpu);
}

export function enqueue(s: GameState, t: TaskIndex, cpu: CpuId): void {
  const task = s.tasks[t];
  task.cpu = cpu;
  task.runnable = true;
  task.seq = ++s.seq;
  s.cpus[cpu].queue.push(t);
  s.cpus[cpu].stale = true;
  s.cache.dirty = true;
  cpuChanged(s, cpu);
  const v = s.view.tasks[t];
  v.cpu = cpu;
  v.runnable = true;
  v.seq = task.seq;
  s.view.cpus[cpu].queue.push(t);
  viewBestConsider(s, cpu, t);
}

/*
 * The view's best task per CPU is kept eagerly (the engine's own cache above is lazy):
 * a task joining or moving ahead can only replace it; only the best leaving or falling
 * behind (its key dropped) needs a scan. So policies read it for free at any point.
 */

/** Task t was queued on `cpu` or moved ahead there: it may be the best now. */
function viewBestConsider(s: GameState, cpu: CpuId, t: TaskIndex): void {
  const v = s.view.cpus[cpu];
  if (v.best === NONE || beats(s, t, asTaskIndex(v.best))) v.best = t;
}

/** The view's best task of `cpu` left or fell behind: scan its queue. */
export function viewBestRescan(s: GameState, cpu: CpuId): void {
  const v = s.view.cpus[cpu];
  const q = v.queue;
  let best: TaskIndex = NONE;
  for (let i = 0; i < q.length; i++) {
    const t = asTaskIndex(q[i]);
    if (best === NONE || beats(s, t, best)) best = t;
  }
  v.best = best;
}

/**
 * requeue_task_rt(rq, p, head=1): the task goes first among the tasks of its
 * priority on its runqueue (a negative enqueue number sorts before every ordinary one,
 * and a later head requeue before an earlier one, as list_add does).
 */
export function requeueHead(s: GameState, t: TaskIndex): void {
  s.tasks[t].seq = -++s.seq;
  s.view.tasks[t].seq = s.tasks[t].seq;
  s.cpus[s.tasks[t].cpu].stale = true;
  s.cache.dirty = true;
  cpuChanged(s, s.tasks[t].cpu);
  viewBestConsider(s, s.tasks[t].cpu, t);
}

export function dequeue(s: GameState, t: TaskIndex): void {
  const cpu = s.tasks[t].cpu;
  const rq = s.cpus[cpu];
  rq.stale = true;
  removeFrom(rq.queue, t);
  removeFrom(s.view.cpus[cpu].queue, t);
  if (s.view.cpus[cpu].best === t) viewBestRescan(s, cpu);
  s.cache.dirty = true;
  cpuChanged(s, cpu);
}

function removeFrom(q: number[], t: number): void {
  const i = q.indexOf(t);
  if (i >= 0) {
    q[i] = q[q.length - 1];
    q.pop();
  }
}

/**
 * Moves a runnable task to another runqueue and charges the migration cost. Callers
 * check pinning and affinity first (checkAction for players, checkMove for policies).
 */
export function migrate(s: GameState, t: TaskIndex, to: CpuId, mover: Mover): void {
  const task = s.tasks[t];
  const from = task.cpu;
  const running = s.cpus[from].running === t;
  dequeue(s, t);
  enqueue(s, t, to);
  const cost = s.cfg.ideal ? 0 : s.cfg.migrationCost;
  task.costLeft += cost;
  s.view.tasks[t].remaining += cost;
  const m = s.metrics;
  m.migrations++;
  if (mover.by === 'player') m.playerMigrations++;
  else m.botMigrations++;
  m.tasks[t].migrations++;
  m.cpus[from].migrationsOut++;
  m.cpus[to].migrationsIn++;
  const id = s.scenario.tasks[t].id;
  // A bot's move spelled out (same keys, same order): bots move on many ticks, and a spread object is slow to build.
  if (mover.by === 'bot') s.events.push({ type: 'migrate', task: id, from, to, running, cost, by: 'bot', bot: mover.bot, rule: mover.rule });
  else s.events.push({ type: 'migrate', task: id, from, to, running, cost, ...mover });
}

export function allowedOn(s: GameState, t: TaskIndex, cpu: CpuId): boolean {
  return s.scenario.tasks[t].affinity.includes(cpu);
}
