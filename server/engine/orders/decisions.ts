import type { GameState } from '../types';
import { NONE } from '../types';
import { allowed, byUrgency, pinned, runnerOn, wakersNow } from './view';

/**
 * Decision points: the moments a player has something to decide, for pacing (pause
 * there, step to the next one). Read from the state before its next tick runs:
 * - `wake`: a task wakes now, its previous CPU is taken (a task is queued there, or
 *   another task wakes there now) and it may run elsewhere: where it wakes is the
 *   player's call;
 * - `idle`: a CPU has nothing to run while a task that may run there, and is not
 *   pinned, shares another CPU with a second task (a waiting task to move, or a
 *   preemptor to move off a pinned one).
 * Wakers the player already placed are not decisions any more.
 */
export type DecisionPoint =
  | { kind: 'wake'; tick: number; task: string; cpu: number; busyWith: string | null }
  | { kind: 'idle'; tick: number; cpu: number; task: string; from: number };

export function decisionPoints(s: GameState, planned: ReadonlySet<string> = new Set()): DecisionPoint[] {
  const out: DecisionPoint[] = [];
  if (s.tick >= s.scenario.duration) return out;
  const specs = s.scenario.tasks;
  const wakers = wakersNow(s);
  for (const t of wakers) {
    const id = specs[t].id;
    if (planned.has(id) || specs[t].affinity.length < 2) continue;
    const prev = s.tasks[t].cpu;
    const r = prev === NONE ? NONE : runnerOn(s, prev);
    const rival = wakers.find((u) => u !== t && s.tasks[u].cpu === prev);
    if (r === NONE && rival === undefined) continue;
    out.push({ kind: 'wake', tick: s.tick, task: id, cpu: prev, busyWith: r !== NONE ? specs[r].id : specs[rival as number].id });
  }
  const idle: number[] = [];
  for (let c = 0; c < s.cpus.length; c++) if (s.cpus[c].queue.length === 0) idle.push(c);
  for (const c of idle) {
    let found: DecisionPoint | null = null;
    for (let d = 0; d < s.cpus.length && !found; d++) {
      const q = s.cpus[d].queue;
      if (q.length < 2) continue;
      // A waiting task first (most urgent first), else the runner (a preemptor in front of a pinned task).
      const r = runnerOn(s, d);
      for (const t of [...byUrgency(s, q.filter((x) => x !== r)), r]) {
        if (t !== NONE && !pinned(s, t) && allowed(s, t, c) && !planned.has(specs[t].id)) {
          found = { kind: 'idle', tick: s.tick, cpu: c, task: specs[t].id, from: d };
          break;
        }
      }
    }
    if (found) out.push(found);
  }
  return out;
}

/** What makes a decision point the same one on the next tick: a wakeup is new every time, an idle CPU until it is busy again. */
export function decisionKey(d: DecisionPoint): string {
  return d.kind === 'wake' ? `wake:${d.task}@${d.tick}` : `idle:${d.cpu}`;
}

/**
 * Remembers the decision points of the previous tick so that only new ones stop the
 * clock: a CPU idle beside a waiting task for 20 ticks pauses the game once, when it
 * starts. Plain data, no clock: the same ticks give the same pauses.
 */
export class DecisionWatch {
  private last = new Set<string>();

  /** The decision points of this state that were not there on the last call. */
  observe(points: readonly DecisionPoint[]): DecisionPoint[] {
    const keys = new Set(points.map(decisionKey));
    const fresh = points.filter((p) => !this.last.has(decisionKey(p)));
    this.last = keys;
    return fresh;
  }

  reset(): void {
    this.last = new Set();
  }
}
