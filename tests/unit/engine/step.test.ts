import { describe, expect, it } from 'vitest';
import {
  checkAction, createGame, hashState, isFinished, scenarioToJson, simulate, step, stepInPlace, summarize,
  type Action, type GameState,
} from '../../../server/engine';
import { scenario, task } from '../../helpers/scenario';

const pileUp = scenario({
  cpus: 2,
  balancer: 'none',
  tasks: [task('L', 10, 0, [0], [{ run: 2 }, { md: 20 }, { run: 2 }], { deadline: 30 }), task('H', 90, 0, [5], [{ run: 15 }], { deadline: 20 })],
});

function runTo(s: GameState, tick: number): GameState {
  while (s.tick < tick) stepInPlace(s);
  return s;
}

describe('step', () => {
  it('is pure: the input state is left as it was, and equals the in-place step', () => {
    const s = runTo(createGame(pileUp), 5);
    const before = JSON.stringify(s);
    const next = step(s, [{ tick: 5, type: 'migrate', task: 'L', cpu: 1 }]);
    expect(JSON.stringify(s)).toBe(before);
    const inPlace = JSON.parse(before) as GameState;
    inPlace.scenario = s.scenario;
    stepInPlace(inPlace, [{ tick: 5, type: 'migrate', task: 'L', cpu: 1 }]);
    expect(hashState(next)).toBe(hashState(inPlace));
    expect(next.tick).toBe(6);
  });

  it('runs the higher priority task and counts the preemption (fifo)', () => {
    const s = runTo(createGame(pileUp), 6);
    expect(s.cpus[0].running).toBe(1);
    expect(s.metrics.preemptions).toBe(1);
    expect(s.events).toContainEqual({ type: 'switch', cpu: 0, from: 'L', to: 'H', preempted: true });
  });

  it('marks a miss when the deadline passes and the job runs on, tardy', () => {
    const { result } = simulate(pileUp);
    // L needs 24 ticks but waits 15 behind H: done at 39, deadline 30.
    expect(result.metrics.tasks.L).toMatchObject({ missed: 1, met: 0, tardiness: 9, maxResponse: 39 });
    expect(result.metrics.tasks.H).toMatchObject({ met: 1, missed: 0, maxResponse: 15 });
  });

  it('counts tardiness of unfinished missed jobs up to the end of the run', () => {
    const short = scenario({ ...scenarioToJson(pileUp), duration: 35, tasks: [task('L', 10, 0, [0], [{ run: 40 }], { deadline: 30 })] });
    const r = simulate(short).result;
    expect(r.metrics).toMatchObject({ missed: 1, pending: 0, tardiness: 5 });
  });

  it('stops at the duration and refuses actions once finished', () => {
    const s = runTo(createGame(pileUp), pileUp.duration);
    expect(isFinished(s)).toBe(true);
    const after = step(s, [{ tick: s.tick, type: 'migrate', task: 'L', cpu: 1 }]);
    expect(after.tick).toBe(s.tick);
    expect(after.events).toEqual([expect.objectContaining({ type: 'refused', reason: 'finished' })]);
  });
});

describe('player actions', () => {
  const at = (s: GameState, a: Omit<Action, 'tick'>) => ({ ...a, tick: s.tick }) as Action;

  it('migrates the preemptor to the idle CPU: both deadlines met', () => {
    const r = simulate(pileUp, { actions: [{ tick: 6, type: 'migrate', task: 'H', cpu: 1 }] }).result;
    expect(r.metrics).toMatchObject({ met: 2, missed: 0, strandedCpuTicks: 1, playerMigrations: 1 });
  });

  it('refuses each bad move with its reason and changes nothing else', () => {
    const s = runTo(createGame(scenario({
      cpus: 3,
      balancer: 'none',
      tasks: [
        task('L', 10, 0, [0], [{ run: 2 }, { md: 20 }]),
        task('H', 90, 0, [5], [{ run: 15 }], { affinity: [0, 1] }),
        task('S', 50, 2, [40], [{ run: 1 }]),
      ],
    })), 6);
    const cases: [Omit<Action, 'tick'>, string][] = [
      [{ type: 'migrate', task: 'nope', cpu: 1 }, 'unknown-task'],
      [{ type: 'migrate', task: 'H', cpu: 7 }, 'unknown-cpu'],
      [{ type: 'migrate', task: 'S', cpu: 1 }, 'not-runnable'],
      [{ type: 'migrate', task: 'L', cpu: 1 }, 'pinned'],
      [{ type: 'migrate', task: 'H', cpu: 2 }, 'affinity'],
      [{ type: 'migrate', task: 'H', cpu: 0 }, 'same-cpu'],
      [{ type: 'migrate', task: 'H', cpu: 1, owned: [1, 2] }, 'not-owner'],
      [{ type: 'place', task: 'H', cpu: 1 }, 'not-waking'],
    ];
    for (const [a, reason] of cases) {
      expect(checkAction(s, at(s, a))).toBe(reason);
      const next = step(s, [at(s, a)]);
      const clean = step(s, []);
      expect(next.events.filter((e) => e.type === 'refused')).toEqual([{ type: 'refused', action: at(s, a), reason }]);
      expect(next.tasks).toEqual(clean.tasks);
      expect(next.cpus).toEqual(clean.cpus);
    }
    expect(checkAction(s, { tick: s.tick + 1, type: 'migrate', task: 'H', cpu: 1 })).toBe('wrong-tick');
    expect(checkAction(s, at(s, { type: 'migrate', task: 'H', cpu: 1 }))).toBeNull();
  });

  it('places a waking task without counting a migration or charging its cost', () => {
    const costly = scenario({ ...scenarioToJson(pileUp), migrationCost: 5 });
    const r = simulate(costly, { actions: [{ tick: 5, type: 'place', task: 'H', cpu: 1 }] }).result;
    expect(r.metrics).toMatchObject({ migrations: 0, met: 2, strandedCpuTicks: 0 });
    expect(r.metrics.tasks.H.maxResponse).toBe(15);
  });

  it('charges migrationCost ticks of extra work to a migrated task', () => {
    const costly = scenario({ ...scenarioToJson(pileUp), migrationCost: 4 });
    const free = simulate(pileUp, { actions: [{ tick: 6, type: 'migrate', task: 'H', cpu: 1 }] }).result;
    const paid = simulate(costly, { actions: [{ tick: 6, type: 'migrate', task: 'H', cpu: 1 }] }).result;
    expect(paid.metrics.tasks.H.maxResponse - free.metrics.tasks.H.maxResponse).toBe(4);
  });
});

describe('scheduling classes and modes', () => {
  it('edf runs the earliest absolute deadline first', () => {
    const s = scenario({
      cpus: 1,
      class: 'edf',
      balancer: 'none',
      tasks: [
        { id: 'A', cpu: 0, release: { at: [0] }, deadline: 20, body: [{ run: 6 }] },
        { id: 'B', cpu: 0, release: { at: [2] }, deadline: 5, body: [{ run: 2 }] },
      ],
    });
    const r = simulate(s).result;
    expect(r.metrics.preemptions).toBe(1);
    expect(r.metrics.tasks.B.maxResponse).toBe(2);
    expect(r.metrics.tasks.A.maxResponse).toBe(8);
  });

  it('preempt_disable makes an entered MD section non-preemptible: no stranding, more latency for H', () => {
    const md = simulate(pileUp, { bot: 'linux-rt-511' }).result;
    const pd = simulate(pileUp, { bot: 'linux-rt-511', mdMode: 'preempt_disable' }).result;
    expect(md.metrics.strandedCpuTicks).toBeGreaterThan(0);
    expect(pd.metrics.strandedCpuTicks).toBe(0);
    expect(pd.metrics.tasks.H.maxResponse).toBeGreaterThan(md.metrics.tasks.H.maxResponse);
    // H waits out the rest of L's section on CPU 0: it entered at 2, 20 ticks long.
    expect(pd.metrics.tasks.H.maxResponse).toBe(15 + 17);
  });

  it('draws segment lengths and sporadic gaps from the seed: same seed same run, other seed other run', () => {
    const s = scenario({
      cpus: 2,
      duration: 300,
      tasks: [
        { id: 'A', priority: 20, cpu: 0, release: { sporadic: { minGap: 10, maxGap: 30 } }, deadline: 10, body: [{ run: [1, 4] }, { md: [1, 5] }] },
        { id: 'B', priority: 30, cpu: 0, release: { periodic: { period: 15, offset: 3 } }, deadline: 15, body: [{ md: [2, 6] }] },
      ],
    });
    const a = simulate(s, { seed: 5 }).result;
    expect(simulate(s, { seed: 5 }).result).toEqual(a);
    const hashes = new Set([1, 2, 3, 4, 5, 6].map((seed) => simulate(s, { seed }).result.finalHash));
    expect(hashes.size).toBe(6);
  });

  it('summarize reports per-CPU figures that add up', () => {
    const { state } = simulate(pileUp, { bot: 'linux-rt-511' });
    const m = summarize(state);
    const busy = m.cpus.reduce((n, c) => n + c.busyTicks, 0);
    const idle = m.cpus.reduce((n, c) => n + c.idleTicks, 0);
    expect(busy + idle).toBe(pileUp.cpus * pileUp.duration);
    expect(idle).toBe(m.idleCpuTicks);
  });
});
