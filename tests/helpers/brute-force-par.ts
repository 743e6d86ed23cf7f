import {
  asTaskIndex, cloneState, createGame, isFinished, isPinned, scoreOf, stepInPlace, summarize,
  type Action, type GameState, type Scenario,
} from '../../server/engine';

/**
 * The best score of any action log, by brute force: at every tick (not only at the
 * solver's decision points) every runnable, unpinned task may stay or move to any CPU
 * of its affinity (a waking task is placed), all combinations. States are merged only
 * when everything but the metrics is equal, keeping the better score so far (the rest
 * of the run depends on the state alone). For tiny scenarios only.
 */
export function bruteForceBest(scenario: Scenario): number {
  const best = new Map<string, number>();
  let top = -Infinity;
  let frontier: GameState[] = [createGame(scenario)];
  while (frontier.length > 0) {
    const next: GameState[] = [];
    for (const s of frontier) {
      if (isFinished(s)) {
        top = Math.max(top, score(s));
        continue;
      }
      for (const actions of everyMoveSet(s)) {
        const child = cloneState(s);
        stepInPlace(child, actions);
        if (child.events.some((e) => e.type === 'refused')) continue;
        const key = keyOf(child);
        const sc = score(child);
        const seen = best.get(key);
        if (seen !== undefined && seen >= sc) continue;
        best.set(key, sc);
        next.push(child);
      }
    }
    frontier = next;
  }
  return top;
}

function score(s: GameState): number {
  return scoreOf(summarize(s));
}

/** Everything but the metrics; enqueue counters by rank (only their order breaks ties). */
function keyOf(s: GameState): string {
  const seqs = s.tasks.map((t) => t.seq).sort((a, b) => a - b);
  const tasks = s.tasks.map((t) => ({ ...t, seq: seqs.indexOf(t.seq), wokeAt: 0 }));
  return JSON.stringify([s.tick, s.policy, tasks, s.cpus.map((c) => [c.running, c.runningKey, c.queue.slice().sort()])]);
}

/** Every combination of moves this tick; wakers (from a dry run) are placed. */
function everyMoveSet(s: GameState): Action[][] {
  const dry = cloneState(s);
  stepInPlace(dry, []);
  const woke = new Map<string, number>();
  for (const e of dry.events) if (e.type === 'release' && !e.backlog) woke.set(e.task, e.cpu);
  const options: Action[][] = [];
  s.scenario.tasks.forEach((spec, t) => {
    const waking = woke.has(spec.id);
    if (!waking && (!s.tasks[t].runnable || isPinned(s, asTaskIndex(t)))) return;
    const from = woke.get(spec.id) ?? s.tasks[t].cpu;
    const moves: Action[] = spec.affinity.filter((c) => c !== from).map((cpu) => ({ tick: s.tick, type: waking ? 'place' : 'migrate', task: spec.id, cpu }));
    options.push(moves);
  });
  let sets: Action[][] = [[]];
  for (const moves of options) sets = sets.flatMap((set) => [set, ...moves.map((m) => [...set, m])]);
  return sets;
}
