import {
  asCpuId, asTaskIndex, isPinned, pickFor, Session, simulate, type Action, type BotName, type GameState, type Scenario, type TaskIndex,
} from '../../../server/engine';

/**
 * Naive players for the star table (stars.test.ts): each looks at the runqueues before
 * a tick, as a player does, and submits moves to an engine Session. None plans ahead
 * beyond the wakeups of the next tick. Written apart from the par solver's own greedy
 * rule on purpose: the stars are checked against rules a newcomer would try, not
 * against code they are measured with.
 */
export type Policy = (session: Session) => void;

/** A task's scheduling key if it woke now (fifo: its priority; edf: minus its absolute deadline). */
function wakeKey(s: GameState, t: TaskIndex): number {
  const spec = s.scenario.tasks[t];
  return s.scenario.class === 'edf' ? -(s.tick + spec.deadline) : spec.priority;
}

function taskIndex(s: GameState, id: string): TaskIndex {
  return asTaskIndex(s.scenario.tasks.findIndex((t) => t.id === id));
}

/** CPUs with an empty runqueue now, lowest first. */
function idleCpus(s: GameState): number[] {
  return s.cpus.flatMap((c, i) => (c.queue.length === 0 ? [i] : []));
}

/** Tasks waking on the next tick to run, the most urgent first. */
function wakers(session: Session): TaskIndex[] {
  const s = session.state;
  return session.incoming().filter((u) => u.at === s.tick).map((u) => taskIndex(s, u.task)).sort((a, b) => wakeKey(s, b) - wakeKey(s, a));
}

/** Takes the first CPU of `free` the task may run on (its last CPU first), or undefined. */
function claim(s: GameState, t: TaskIndex, free: number[]): number | undefined {
  const allowed = s.scenario.tasks[t].affinity;
  const own = s.tasks[t].cpu;
  const cpu = free.includes(own) && allowed.includes(own) ? own : free.find((c) => allowed.includes(c));
  if (cpu !== undefined) free.splice(free.indexOf(cpu), 1);
  return cpu;
}

/** A waking task goes to an idle CPU when there is one. */
function placeOnIdle(session: Session, free: number[]): TaskIndex[] {
  const s = session.state;
  const unplaced: TaskIndex[] = [];
  for (const t of wakers(session)) {
    const cpu = claim(s, t, free);
    if (cpu === undefined) unplaced.push(t);
    else session.submit(s.scenario.tasks[t].id, cpu);
  }
  return unplaced;
}

/** Queued (waiting, not about to run) unpinned tasks go to idle CPUs, the most urgent first. */
function spreadQueued(session: Session, free: number[]): void {
  const s = session.state;
  const waiting: TaskIndex[] = [];
  s.cpus.forEach((c, cpu) => {
    const runs = pickFor(s, asCpuId(cpu));
    for (const t of c.queue) if (t !== runs && !isPinned(s, t)) waiting.push(t);
  });
  waiting.sort((a, b) => s.tasks[b].key - s.tasks[a].key);
  for (const t of waiting) {
    const cpu = claim(s, t, free.filter((c) => c !== s.tasks[t].cpu));
    if (cpu === undefined) continue;
    free.splice(free.indexOf(cpu), 1);
    session.submit(s.scenario.tasks[t].id, cpu);
  }
}

/** "Wakers to an idle CPU." */
export const wakersToIdle: Policy = (session) => {
  placeOnIdle(session, idleCpus(session.state));
};

/** "Move queued unpinned tasks to idle CPUs." */
export const queuedToIdle: Policy = (session) => {
  spreadQueued(session, idleCpus(session.state));
};

/**
 * The greedy rule of issue 9: a waker to an idle CPU, else to the CPU running the
 * lowest unpinned task below it; queued unpinned tasks to idle CPUs.
 */
export const greedy: Policy = (session) => {
  const s = session.state;
  const free = idleCpus(s);
  const taken = new Set<number>();
  for (const t of placeOnIdle(session, free)) {
    let best: number | undefined;
    for (const cpu of s.scenario.tasks[t].affinity) {
      const runner = pickFor(s, asCpuId(cpu));
      if (taken.has(cpu) || runner < 0 || isPinned(s, runner) || s.tasks[runner].key >= wakeKey(s, t)) continue;
      if (best === undefined || s.tasks[runner].key < s.tasks[pickFor(s, asCpuId(best))].key) best = cpu;
    }
    if (best === undefined) continue;
    taken.add(best);
    session.submit(s.scenario.tasks[t].id, best);
  }
  spreadQueued(session, free);
};

/** Plays a policy against the scenario's own balancer; its log replays to the same score (checked by the caller). */
export function playPolicy(scenario: Scenario, policy: Policy): { score: number; log: readonly Action[] } {
  const session = Session.start(scenario, { seed: scenario.seed });
  while (!session.finished) {
    policy(session);
    session.step();
  }
  return { score: session.result().score, log: session.log };
}

/**
 * A bot's own decisions as a player's action log: each wakeup placement (where the
 * release landed) becomes a `place` and each of its migrations a `migrate` at the same
 * tick, replayed on the scenario's balancer (which may act too, and may refuse moves
 * its own physics forbid, e.g. greedy-global's moves of pinned tasks).
 */
export function botLog(scenario: Scenario, bot: BotName): Action[] {
  const out: Action[] = [];
  simulate(scenario, {
    bot,
    onTick: (s) => {
      const tick = s.tick - 1;
      for (const e of s.events) {
        if (e.type === 'release' && !e.backlog) out.push({ tick, type: 'place', task: e.task, cpu: e.cpu });
        else if (e.type === 'migrate' && e.by === 'bot') out.push({ tick, type: 'migrate', task: e.task, cpu: e.to });
      }
    },
  });
  return out;
}
