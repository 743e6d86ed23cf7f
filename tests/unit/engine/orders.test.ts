import { describe, expect, it } from 'vitest';
import { dailyScenario, hashState, loadScenario, Session, simulate, verifyRun, type ScenarioInput } from '../../../server/engine';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';
import {
  applyOrders, decisionPoints, DecisionWatch, ordersFor, parseOrders, playOrders, type StandingOrder,
} from '../../../server/engine/orders';

const level = (slug: string) => loadScenario(BUILTIN_SCENARIOS.find((s) => s.slug === slug));

function scenario(tasks: ScenarioInput['tasks'], extra: Partial<ScenarioInput> = {}) {
  return loadScenario({ format: 1, slug: 'orders', title: 'orders', cpus: 3, duration: 60, balancer: 'none', tasks, ...extra });
}

/** A session run until `tick` ticks have run. */
function at(sc: ReturnType<typeof scenario>, tick: number): Session {
  const s = Session.start(sc);
  s.runTo(tick);
  return s;
}

const ALL: StandingOrder[] = [{ rule: 'wake-lowest' }, { rule: 'rescue-pinned' }, { rule: 'spread-queued' }];

describe('standing orders: determinism', () => {
  it('reading a state changes nothing in it, caches included', () => {
    const s = Session.start(level('open-problem'));
    for (let i = 0; i < 150; i++) s.step();
    const before = JSON.stringify(s.state);
    const hash = hashState(s.state);
    const a = ordersFor(s.state, ALL);
    decisionPoints(s.state);
    expect(JSON.stringify(s.state)).toBe(before);
    expect(hashState(s.state)).toBe(hash);
    expect(ordersFor(s.state, ALL)).toEqual(a);
  });

  it('the same orders on the same level give the same log twice, and it verifies as any run', () => {
    const sc = level('open-problem');
    const logs = [0, 1].map(() => {
      const s = Session.start(sc);
      playOrders(s, ALL);
      return { log: s.log, result: s.result(), refused: s.state.metrics.refusedActions };
    });
    expect(logs[1].log).toEqual(logs[0].log);
    expect(logs[0].refused).toBe(0);
    expect(logs[0].log.length).toBeGreaterThan(50);
    // Each action is an ordinary place or migrate, signed by the order that made it.
    expect(new Set(logs[0].log.map((a) => a.type))).toEqual(new Set(['place', 'migrate']));
    expect(logs[0].log.every((a) => /^order:(wake-lowest|rescue-pinned|spread-queued)$/.test(a.player ?? ''))).toBe(true);
    // The server trusts only the log: a plain replay reaches the same hash and score.
    const v = verifyRun(sc, { seed: sc.seed, actions: logs[0].log, finalHash: logs[0].result.finalHash, score: logs[0].result.score });
    expect(v.ok).toBe(true);
    expect(simulate(sc, { actions: [...logs[0].log] }).result.score).toBe(logs[0].result.score);
  });

  it('on the open problem and a daily, orders do better than the kernel left alone', () => {
    for (const sc of [level('open-problem'), dailyScenario('2026-11-24')]) {
      const s = Session.start(sc);
      playOrders(s, ALL);
      expect(s.result().score, sc.slug).toBeGreaterThan(simulate(sc).result.score);
    }
  });
});

// L (low) runs on CPU 0 from tick 0; H (high) wakes at 10 on CPU 0 too; CPUs 1 and 2 idle.
const duel = scenario([
  { id: 'L', priority: 10, cpu: 0, release: { at: [0] }, deadline: 50, body: [{ run: 30 }] },
  { id: 'H', priority: 80, cpu: 0, release: { at: [10] }, deadline: 20, body: [{ run: 10 }] },
]);

describe('standing orders: the rules', () => {
  it('wake-idle: a waker whose previous CPU is busy wakes on the lowest idle CPU; none when its CPU is free', () => {
    expect(ordersFor(at(duel, 0).state, [{ rule: 'wake-idle' }])).toEqual([]);
    expect(ordersFor(at(duel, 10).state, [{ rule: 'wake-idle' }])).toEqual([{ tick: 10, type: 'place', task: 'H', cpu: 1, player: 'order:wake-idle' }]);
    expect(ordersFor(at(duel, 9).state, [{ rule: 'wake-idle' }])).toEqual([]);
  });

  it('filters: the CPU set limits targets, priorities select tasks', () => {
    const s = at(duel, 10).state;
    expect(ordersFor(s, [{ rule: 'wake-idle', cpus: [2] }])).toEqual([{ tick: 10, type: 'place', task: 'H', cpu: 2, player: 'order:wake-idle' }]);
    expect(ordersFor(s, [{ rule: 'wake-idle', cpus: [0] }])).toEqual([]);
    expect(ordersFor(s, [{ rule: 'wake-idle', minPriority: 81 }])).toEqual([]);
    expect(ordersFor(s, [{ rule: 'wake-idle', maxPriority: 79 }])).toEqual([]);
    expect(ordersFor(s, [{ rule: 'wake-idle', minPriority: 80, maxPriority: 80 }])).toHaveLength(1);
  });

  it('spread-queued: a waiting unpinned task moves to an idle CPU; a pinned one does not', () => {
    // H woke on CPU 0 and preempted L: L waits, movable.
    const s = at(duel, 11).state;
    expect(ordersFor(s, [{ rule: 'spread-queued' }])).toEqual([{ tick: 11, type: 'migrate', task: 'L', cpu: 1, player: 'order:spread-queued' }]);
    const pinnedL = scenario([
      { id: 'L', priority: 10, cpu: 0, release: { at: [0] }, deadline: 50, body: [{ run: 2 }, { md: 20 }] },
      { id: 'H', priority: 80, cpu: 0, release: { at: [5] }, deadline: 20, body: [{ run: 10 }] },
    ]);
    expect(ordersFor(at(pinnedL, 6).state, [{ rule: 'spread-queued' }])).toEqual([]);
    // rescue-pinned moves the preemptor instead.
    expect(ordersFor(at(pinnedL, 6).state, [{ rule: 'rescue-pinned' }])).toEqual([{ tick: 6, type: 'migrate', task: 'H', cpu: 1, player: 'order:rescue-pinned' }]);
  });

  it('wake-lowest: with no idle CPU, the waker preempts the lowest runner that is not pinned', () => {
    // CPU 0 runs P (pinned, priority 5), CPU 1 runs A (20), CPU 2 runs B (50); H (80) wakes on CPU 0.
    const full = scenario([
      { id: 'P', priority: 5, cpu: 0, release: { at: [0] }, deadline: 59, body: [{ md: 40 }] },
      { id: 'A', priority: 20, cpu: 1, release: { at: [0] }, deadline: 59, body: [{ run: 40 }] },
      { id: 'B', priority: 50, cpu: 2, release: { at: [0] }, deadline: 59, body: [{ run: 40 }] },
      { id: 'H', priority: 80, cpu: 0, release: { at: [5] }, deadline: 20, body: [{ run: 5 }] },
    ]);
    const s = at(full, 5).state;
    expect(ordersFor(s, [{ rule: 'wake-idle' }])).toEqual([]);
    expect(ordersFor(s, [{ rule: 'wake-lowest' }])).toEqual([{ tick: 5, type: 'place', task: 'H', cpu: 1, player: 'order:wake-lowest' }]);
    expect(ordersFor(s, [{ rule: 'wake-lowest', cpus: [0, 2] }])).toEqual([{ tick: 5, type: 'place', task: 'H', cpu: 2, player: 'order:wake-lowest' }]);
    // Nothing it may preempt: no move (the balancer decides).
    expect(ordersFor(s, [{ rule: 'wake-lowest', cpus: [0] }])).toEqual([]);
  });

  it('one task per idle CPU, one action per task, the first order first, the player\'s own moves untouched', () => {
    // Three tasks queued on CPU 0, one idle CPU (CPU 2 may not be used: affinity).
    const crowd = scenario([
      { id: 'A', priority: 30, cpu: 0, affinity: [0, 1], release: { at: [0] }, deadline: 59, body: [{ run: 40 }] },
      { id: 'B', priority: 20, cpu: 0, affinity: [0, 1], release: { at: [0] }, deadline: 59, body: [{ run: 40 }] },
      { id: 'C', priority: 10, cpu: 0, affinity: [0, 1], release: { at: [0] }, deadline: 59, body: [{ run: 40 }] },
      { id: 'Z', priority: 90, cpu: 2, affinity: [2], release: { at: [0] }, deadline: 59, body: [{ run: 40 }] },
    ]);
    const s = at(crowd, 1).state;
    const spread: StandingOrder = { rule: 'spread-queued' };
    // B is the most urgent waiting task; only one goes to the one idle CPU.
    expect(ordersFor(s, [spread, spread])).toEqual([{ tick: 1, type: 'migrate', task: 'B', cpu: 1, player: 'order:spread-queued' }]);
    expect(ordersFor(s, [{ rule: 'spread-queued', maxPriority: 15 }])).toEqual([{ tick: 1, type: 'migrate', task: 'C', cpu: 1, player: 'order:spread-queued' }]);
    expect(ordersFor(s, [spread], new Set(['B']))).toEqual([{ tick: 1, type: 'migrate', task: 'C', cpu: 1, player: 'order:spread-queued' }]);
    // Through a session: the player's queued move of B stays, the order takes C.
    const session = at(crowd, 1);
    expect(session.submit('B', 1).ok).toBe(true);
    expect(applyOrders(session, [spread])).toBe(1);
    session.step();
    expect(session.log).toEqual([
      { tick: 1, type: 'migrate', task: 'B', cpu: 1 },
      { tick: 1, type: 'migrate', task: 'C', cpu: 1, player: 'order:spread-queued' },
    ]);
  });

  it('an idle CPU a waker lands on anyway is claimed by it', () => {
    // W wakes at 3 on idle CPU 1 while B waits on CPU 0: spread-queued sends B to CPU 2, not 1.
    const sc = scenario([
      { id: 'A', priority: 30, cpu: 0, release: { at: [0] }, deadline: 59, body: [{ run: 40 }] },
      { id: 'B', priority: 20, cpu: 0, release: { at: [0] }, deadline: 59, body: [{ run: 40 }] },
      { id: 'W', priority: 60, cpu: 1, release: { at: [3] }, deadline: 59, body: [{ run: 5 }] },
    ]);
    expect(ordersFor(at(sc, 3).state, [{ rule: 'spread-queued' }])).toEqual([{ tick: 3, type: 'migrate', task: 'B', cpu: 2, player: 'order:spread-queued' }]);
  });
});

describe('standing orders: parsing', () => {
  it('accepts the documented shape and names the bad field otherwise', () => {
    expect(parseOrders([{ rule: 'wake-idle', minPriority: 50, cpus: [0, 1] }])).toEqual({ ok: true, value: [{ rule: 'wake-idle', minPriority: 50, cpus: [0, 1] }] });
    const bad = parseOrders([{ rule: 'wake-idle' }, { rule: 'teleport' }]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0].path).toBe('[1].rule');
    const inverted = parseOrders([{ rule: 'spread-queued', minPriority: 60, maxPriority: 10 }]);
    expect(inverted.ok).toBe(false);
    if (!inverted.ok) expect(inverted.errors[0].path).toBe('[0].minPriority');
    expect(parseOrders([{ rule: 'spread-queued', cpus: [] }]).ok).toBe(false);
    expect(parseOrders([{ rule: 'spread-queued', code: 'x' }]).ok).toBe(false);
  });
});

describe('decision points', () => {
  it('level 1: nothing to decide until H wakes where L runs, then CPU 1 idles while L waits', () => {
    const sc = level('preemption');
    const s = Session.start(sc);
    const watch = new DecisionWatch();
    const paused: number[] = [];
    while (!s.finished && paused.length < 3) {
      if (watch.observe(decisionPoints(s.state)).length > 0) paused.push(s.tick);
      s.step();
    }
    expect(paused.slice(0, 2)).toEqual([10, 11]);
    expect(decisionPoints(at(sc, 10).state)).toEqual([{ kind: 'wake', tick: 10, task: 'H', cpu: 0, busyWith: 'L' }]);
    expect(decisionPoints(at(sc, 11).state)).toEqual([{ kind: 'idle', tick: 11, cpu: 1, task: 'L', from: 0 }]);
  });

  it('a planned wakeup is no decision any more; an idle CPU beside a waiting task pauses once', () => {
    const sc = level('preemption');
    expect(decisionPoints(at(sc, 10).state, new Set(['H']))).toEqual([]);
    const watch = new DecisionWatch();
    const s = at(sc, 11);
    expect(watch.observe(decisionPoints(s.state))).toHaveLength(1);
    s.step();
    expect(decisionPoints(s.state)).toHaveLength(1);
    expect(watch.observe(decisionPoints(s.state))).toEqual([]);
  });

  it('a pinned task waiting beside an idle CPU asks for its preemptor to move', () => {
    const s = at(level('pinning'), 6);
    expect(decisionPoints(s.state)).toEqual([{ kind: 'idle', tick: 6, cpu: 1, task: 'H', from: 0 }]);
  });
});
