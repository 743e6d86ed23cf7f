import { asKernelState } from '../bots/kernel-state';
import { cloneState, isFinished } from '../game';
import { stepInPlace } from '../step';
import { scoreOf, summarize } from '../summary';
import type { Action, CpuId, GameEvent, GameState, TaskIndex } from '../types';
import { Session } from '../session';
import { futureGain } from './bound';
import type { Meter } from './meter';
import { afterMove, candidateMoves, greedyMoves, viewOf } from './moves';
import type { Timeline } from './timeline';

/**
 * Search over action logs. A log only needs actions at decision points: ticks where
 * something changed during the previous tick (a release, a switch, a migration, an MD
 * entry or exit, a completion, a balancer's note) or a task releases this tick.
 * Between two decision points the runqueues do not change, only progress does, so a
 * move made later in that stretch can as well be made at its start.
 */

const DECISION_EVENTS: ReadonlySet<GameEvent['type']> = new Set(['release', 'switch', 'migrate', 'place', 'md-enter', 'md-exit', 'complete', 'kernel']);

export function isDecisionPoint(s: GameState): boolean {
  if (isFinished(s)) return false;
  if (s.tick === 0) return true;
  for (const e of s.events) if (DECISION_EVENTS.has(e.type)) return true;
  for (const t of s.tasks) if (t.nextRelease === s.tick) return true;
  return false;
}

export function scoreNow(s: GameState): number {
  return scoreOf(summarize(s));
}

/**
 * What decides the rest of the run, without the metrics (a state reached with a better
 * score dominates the same state reached with a worse one) and with enqueue counters
 * reduced to their order (only their order breaks ties).
 */
export function stateKey(s: GameState): string {
  const order = s.tasks.map((t, i) => i).sort((a, b) => s.tasks[a].seq - s.tasks[b].seq);
  const rank = new Array<number>(s.tasks.length);
  order.forEach((t, r) => { rank[t] = r; });
  // The kernel models' state (hash.ts) where it always sat; any other policy state as JSON at the end.
  const k = asKernelState(s.policy, s.cpus.length, s.tasks.length);
  const parts: number[] = [s.tick, k?.distribute ?? -1];
  for (let i = 0; i < s.tasks.length; i++) {
    const t = s.tasks[i];
    parts.push(t.cpu, t.runnable ? 1 : 0, t.key, t.costLeft, k?.mdfPush[i] ? 1 : 0, t.missedPrefix, rank[i], t.jobs.length);
    for (const j of t.jobs) parts.push(j.id, j.seg, j.done, j.missed ? 1 : 0);
  }
  for (let c = 0; c < s.cpus.length; c++) parts.push(s.cpus[c].running, s.cpus[c].runningKey, k?.pushBusy[c] ? 1 : 0);
  for (const w of k?.stoppers ?? []) parts.push(w.cpu, w.task, w.due, w.rule.length);
  const key = parts.join(',');
  return k === null && s.policy !== null ? `${key};${JSON.stringify(s.policy)}` : key;
}

export interface Child {
  state: GameState;
  /** The actions taken at the parent's tick (empty: let the balancer play). */
  actions: Action[];
}

export interface SearchContext {
  timeline: Timeline;
  meter: Meter;
  taskIndex: ReadonlyMap<string, TaskIndex>;
  /** Largest number of moves tried together at one decision point. */
  maxCombo: number;
}

function refusedIn(s: GameState): boolean {
  for (const e of s.events) if (e.type === 'refused') return true;
  return false;
}

/** Tasks that woke during the tick just executed, and where they landed. */
function landedIn(s: GameState, ctx: SearchContext): Map<TaskIndex, CpuId> {
  const landed = new Map<TaskIndex, CpuId>();
  for (const e of s.events) if (e.type === 'release' && !e.backlog) landed.set(ctx.taskIndex.get(e.task)!, e.cpu);
  return landed;
}

/**
 * Every state one tick after decision point `s`: doing nothing, each candidate move,
 * and combinations of up to `maxCombo` moves of different tasks, plus the greedy
 * rule's moves. Combinations the engine refuses are dropped.
 */
export function expand(s: GameState, ctx: SearchContext): Child[] {
  const base = cloneState(s);
  stepInPlace(base, []);
  ctx.meter.spend(2);
  const landed = landedIn(base, ctx);
  const view = viewOf(s, landed);
  const singles = candidateMoves(view);
  const combos: Action[][] = singles.map((a) => [a]);
  if (ctx.maxCombo >= 2) {
    // Pairs are planned as chains: the second move is chosen on the view after the first,
    // so it may use the CPU the first one freed. An unordered pair is tried once.
    const seen = new Set<string>();
    for (const a of singles) {
      const after = afterMove(view, a, ctx.taskIndex.get(a.task)!);
      for (const b of candidateMoves(after)) {
        const id = [`${a.task}>${a.cpu}`, `${b.task}>${b.cpu}`].sort().join(' ');
        if (seen.has(id)) continue;
        seen.add(id);
        combos.push([a, b]);
      }
    }
  }
  const greedy = greedyMoves(view);
  if (greedy.length > 1 || (greedy.length === 1 && !singles.some((a) => a.task === greedy[0].task && a.cpu === greedy[0].cpu))) combos.push(greedy);
  const out: Child[] = [{ state: base, actions: [] }];
  for (const actions of combos) {
    const next = cloneState(s);
    stepInPlace(next, actions);
    ctx.meter.spend(2);
    if (!refusedIn(next)) out.push({ state: next, actions });
  }
  return out;
}

/** Lets the balancer play alone until the next decision point (or the end). */
export function runToDecision(s: GameState, meter: Meter): void {
  while (!isFinished(s) && !isDecisionPoint(s)) {
    stepInPlace(s, []);
    meter.spend(1);
  }
}

export interface Found {
  score: number;
  actions: Action[];
}

/** Plays the greedy rule at every decision point: a seed for the searches, and a naive policy to compare with. */
export function greedyRun(root: GameState, ctx: SearchContext): Found {
  const s = cloneState(root);
  const actions: Action[] = [];
  let cur = s;
  while (!isFinished(cur)) {
    if (!isDecisionPoint(cur)) {
      stepInPlace(cur, []);
      ctx.meter.spend(1);
      continue;
    }
    const base = cloneState(cur);
    stepInPlace(base, []);
    ctx.meter.spend(2);
    const moves = greedyMoves(viewOf(cur, landedIn(base, ctx)));
    if (moves.length === 0) {
      cur = base;
      continue;
    }
    let next = cloneState(cur);
    stepInPlace(next, moves);
    let accepted = moves;
    if (refusedIn(next)) {
      const refused = new Set<Action>();
      for (const e of next.events) if (e.type === 'refused') refused.add(e.action);
      accepted = moves.filter((a) => !refused.has(a));
      next = cloneState(cur);
      stepInPlace(next, accepted);
    }
    ctx.meter.spend(2);
    actions.push(...accepted);
    cur = next;
  }
  return { score: scoreNow(cur), actions };
}

export interface ExactOutcome extends Found {
  /** The whole space (decision points x candidate moves) was searched: no log in it scores higher. */
  complete: boolean;
  nodes: number;
}

const MEMO_LIMIT = 1_500_000;

/**
 * Depth-first branch and bound over decision points. Prunes a node when its score so
 * far plus the relaxation's best future (bound.ts) cannot beat the best log found,
 * and when the same state (stateKey) was reached before with at least its score.
 * Stops, incomplete, when `workCap` work units are spent.
 */
export function exactSearch(root: GameState, ctx: SearchContext, incumbent: Found, workCap: number): ExactOutcome {
  const memo = new Map<string, number>();
  const path: Action[][] = [];
  let best = incumbent;
  let aborted = false;
  let nodes = 0;
  const dfs = (s: GameState): void => {
    if (aborted) return;
    if (ctx.meter.used >= workCap || ctx.meter.exhausted || memo.size > MEMO_LIMIT) {
      aborted = true;
      return;
    }
    nodes++;
    const now = scoreNow(s);
    if (isFinished(s)) {
      if (now > best.score) best = { score: now, actions: path.flat() };
      return;
    }
    if (now + futureGain(s, ctx.timeline) <= best.score) return;
    const key = stateKey(s);
    const seen = memo.get(key);
    if (seen !== undefined && seen >= now) return;
    memo.set(key, now);
    const children = expand(s, ctx);
    const ranked = children.map((c) => {
      runToDecision(c.state, ctx.meter);
      const score = scoreNow(c.state);
      return { c, f: score + futureGain(c.state, ctx.timeline) };
    });
    // Most promising first (a stable sort keeps "do nothing" first among equals).
    ranked.sort((a, b) => b.f - a.f);
    for (const { c, f } of ranked) {
      if (f <= best.score) break;
      path.push(c.actions);
      dfs(c.state);
      path.pop();
      if (aborted) return;
    }
  };
  dfs(cloneState(root));
  return { ...best, complete: !aborted, nodes };
}

interface LogCell {
  actions: Action[];
  prev: LogCell | null;
}

function flatten(log: LogCell | null): Action[] {
  const chunks: Action[][] = [];
  for (let c = log; c; c = c.prev) chunks.push(c.actions);
  return chunks.reverse().flat();
}

interface BeamNode {
  s: GameState;
  log: LogCell | null;
}

/** Work left in active jobs: less is more progress (the beam's tie-break). */
function backlog(s: GameState): number {
  let w = 0;
  for (const t of s.tasks) {
    w += t.costLeft;
    for (const j of t.jobs) {
      for (let k = j.seg; k < j.lens.length; k++) w += j.lens[k];
      w -= j.done;
    }
  }
  return w;
}

/**
 * Beam search, all candidates at the same tick: each tick, every node at a decision
 * point is expanded, then the `width` best distinct states survive, ranked by score
 * so far plus the relaxation's best future, then by less work left.
 */
export function beamSearch(root: GameState, ctx: SearchContext, width: number): Found {
  let beam: BeamNode[] = [{ s: cloneState(root), log: null }];
  ctx.meter.spend(1);
  while (!isFinished(beam[0].s)) {
    const next: BeamNode[] = [];
    for (const node of beam) {
      if (!isDecisionPoint(node.s)) {
        stepInPlace(node.s, []);
        ctx.meter.spend(1);
        next.push(node);
        continue;
      }
      for (const c of expand(node.s, ctx)) {
        next.push({ s: c.state, log: c.actions.length > 0 ? { actions: c.actions, prev: node.log } : node.log });
      }
    }
    beam = next.length <= width ? next : select(next, ctx, width);
  }
  let best: BeamNode = beam[0];
  let bestScore = scoreNow(best.s);
  for (const node of beam) {
    const score = scoreNow(node.s);
    if (score > bestScore) {
      best = node;
      bestScore = score;
    }
  }
  return { score: bestScore, actions: flatten(best.log) };
}

function select(nodes: BeamNode[], ctx: SearchContext, width: number): BeamNode[] {
  const scored = nodes.map((n, i) => {
    const now = scoreNow(n.s);
    return { n, i, now, f: now + futureGain(n.s, ctx.timeline), left: backlog(n.s) };
  });
  scored.sort((a, b) => b.f - a.f || a.left - b.left || b.now - a.now || a.i - b.i);
  const seen = new Set<string>();
  const out: BeamNode[] = [];
  for (const x of scored) {
    // Keys only for the survivors' candidates: a duplicate state would waste a slot.
    const key = stateKey(x.n.s);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(x.n);
    if (out.length === width) break;
  }
  return out;
}

function actionsAt(log: readonly Action[], tick: number): Action[] {
  return log.filter((a) => a.tick === tick);
}

function sameActions(a: readonly Action[], b: readonly Action[]): boolean {
  return a.length === b.length && a.every((x, i) => x.type === b[i].type && x.task === b[i].task && x.cpu === b[i].cpu);
}

/** Plays `log`'s actions after the state's tick to the end (refused ones change nothing) and returns the score. */
function finishWith(s: GameState, log: readonly Action[], meter: Meter): number {
  const run = Session.continueFrom(s, log);
  while (run.step()) meter.spend(1);
  return scoreNow(s);
}

/**
 * Local search from a log: walking its run forward, at each decision point try every
 * alternative the expansion offers there (nothing, each candidate move, the greedy
 * moves), keeping the rest of the log; adopt the best that scores higher and walk on
 * along the new run. Sweeps repeat while they improve and `workCap` lasts.
 */
export function improve(root: GameState, ctx: SearchContext, start: Found, workCap: number): Found {
  let log = start.actions.slice();
  let score = start.score;
  const out = (): boolean => ctx.meter.used >= workCap || ctx.meter.exhausted;
  for (let sweep = 0; !out(); sweep++) {
    let improved = false;
    const cur = cloneState(root);
    while (!isFinished(cur)) {
      const here = actionsAt(log, cur.tick);
      if (isDecisionPoint(cur) && !out()) {
        let bestAlt: { actions: Action[]; score: number } | null = null;
        for (const child of expand(cur, ctx)) {
          if (sameActions(child.actions, here)) continue;
          const alt = finishWith(child.state, log, ctx.meter);
          if (alt > score && (!bestAlt || alt > bestAlt.score)) bestAlt = { actions: child.actions, score: alt };
          if (out()) break;
        }
        if (bestAlt) {
          const t = cur.tick;
          log = [...log.filter((a) => a.tick < t), ...bestAlt.actions, ...log.filter((a) => a.tick > t)];
          score = bestAlt.score;
          improved = true;
        }
      }
      stepInPlace(cur, actionsAt(log, cur.tick));
      ctx.meter.spend(1);
    }
    if (!improved) break;
  }
  return { score, actions: withoutRefused(root, log, ctx.meter) };
}

/** The log without the actions the engine refuses (they changed nothing). */
function withoutRefused(root: GameState, log: readonly Action[], meter: Meter): Action[] {
  const run = Session.continueFrom(cloneState(root), log);
  const refused = new Set<Action>();
  while (run.step()) {
    meter.spend(1);
    for (const e of run.state.events) if (e.type === 'refused') refused.add(e.action);
  }
  return log.filter((a) => !refused.has(a));
}
