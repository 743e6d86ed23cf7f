import { describe, expect, it } from 'vitest';
import {
  COST_CPU_FLOOR, COST_PER_TICK, MAX_LIVE_JOBS, MAX_SCENARIO_COST, loadScenario, parseScenario, scenarioCost, simulate, verifyRun,
  ScenarioInvalidError, type ScenarioInput,
} from '../../../server/engine';

/** `tasks` identical periodic tasks (period 1 floods a task's backlog when each job needs more than a tick). */
function shaped(cpus: number, tasks: number, duration: number, body: ScenarioInput['tasks'][number]['body'] = [{ run: 1 }]): ScenarioInput {
  return {
    format: 1, slug: 'shape', title: 'Shape', cpus, duration, balancer: 'sticky',
    tasks: Array.from({ length: tasks }, (_, i) => ({ id: `t${i}`, priority: 1 + (i % 99), cpu: i % cpus, release: { periodic: { period: 1 } }, deadline: 4, body })),
  };
}

describe('the size budget', () => {
  it('refuses the issue\'s scenario (64 CPUs, 256 tasks, 1,000,000 ticks), naming the limit and the longest duration that fits', () => {
    const r = parseScenario(shaped(64, 256, 1_000_000));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].path).toBe('duration');
    expect(r.errors[0].message).toContain('too costly to simulate');
    expect(r.errors[0].message).toContain('MAX_SCENARIO_COST');
    expect(r.errors[0].message).toContain('64,000,000');
    expect(r.errors[0].message).toContain('at most 3,846 ticks');
    expect(() => loadScenario(shaped(64, 256, 1_000_000))).toThrow(ScenarioInvalidError);
  });

  it('admits a scenario exactly at the budget and refuses one tick more', () => {
    const perTick = 256 * 64 + COST_PER_TICK;
    const longest = Math.floor(MAX_SCENARIO_COST / perTick);
    expect(parseScenario(shaped(64, 256, longest)).ok).toBe(true);
    expect(parseScenario(shaped(64, 256, longest + 1)).ok).toBe(false);
    expect(scenarioCost(loadScenario(shaped(64, 256, longest)))).toBeLessThanOrEqual(MAX_SCENARIO_COST);
  });

  it('counts fewer CPUs than the floor as the floor: many tasks on one CPU still cost per task', () => {
    const perTick = 256 * COST_CPU_FLOOR + COST_PER_TICK;
    const longest = Math.floor(MAX_SCENARIO_COST / perTick);
    expect(parseScenario(shaped(1, 256, longest)).ok).toBe(true);
    const r = parseScenario(shaped(1, 256, longest + 1));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toContain(`fewer than ${COST_CPU_FLOOR} CPUs count as ${COST_CPU_FLOOR}`);
  });

  it('admits the engine benchmark\'s runs (16 CPUs, 64 tasks, 50,000 ticks) and every built-in size by far', () => {
    expect(parseScenario(shaped(16, 64, 50_000)).ok).toBe(true);
    expect(scenarioCost({ cpus: 8, duration: 400, tasks: { length: 16 } })).toBeLessThan(MAX_SCENARIO_COST / 100);
  });

  it('reports the budget with the other bad fields, not instead of them', () => {
    const input = shaped(64, 256, 1_000_000);
    input.tasks[3] = { ...input.tasks[3], cpu: 99 };
    const r = parseScenario(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(['tasks[3].cpu', 'duration']);
  });
});

describe('the backlog cap', () => {
  // One CPU, one task released every tick with 3 ticks of work: the backlog grows by 2 jobs a tick.
  const flood = loadScenario(shaped(1, 1, 200, [{ run: 1 }, { md: 1 }, { run: 1 }]));

  it(`keeps at most ${MAX_LIVE_JOBS} live jobs per task; each release past it is dropped and counted as missed at once`, () => {
    let most = 0;
    let dropEvents = 0;
    let missEventsForDrops = 0;
    const { result, state } = simulate(flood, {
      onTick: (s) => {
        most = Math.max(most, s.tasks[0].jobs.length);
        for (const e of s.events) {
          if (e.type === 'release' && e.dropped) {
            dropEvents++;
            expect(e.backlog).toBe(true);
            // The miss comes with the release, on the same tick, for the same job.
            expect(s.events).toContainEqual({ type: 'miss', task: 't0', job: e.job, deadline: e.deadline, dropped: true });
          }
          if (e.type === 'miss' && e.dropped) missEventsForDrops++;
        }
      },
    });
    expect(most).toBe(MAX_LIVE_JOBS);
    const m = result.metrics;
    expect(m.dropped).toBeGreaterThan(100);
    expect(m.dropped).toBe(dropEvents);
    expect(missEventsForDrops).toBe(dropEvents);
    expect(m.tasks.t0.dropped).toBe(m.dropped);
    expect(m.jobs).toBe(200);
    // Every job is met, missed (late, unfinished past its deadline, or dropped) or pending.
    expect(m.met + m.missed + m.pending).toBe(m.jobs);
    expect(m.missed).toBeGreaterThanOrEqual(m.dropped);
    expect(state.tasks[0].jobs.length).toBeLessThanOrEqual(MAX_LIVE_JOBS);
  });

  it('drops nothing below the cap: a scenario whose backlog stays short runs as it always did', () => {
    const light = loadScenario({ ...shaped(1, 1, 200, [{ run: 3 }]), tasks: [{ id: 't0', priority: 5, cpu: 0, release: { periodic: { period: 3 } }, deadline: 3, body: [{ run: 3 }] }] });
    const r = simulate(light).result.metrics;
    expect(r.dropped).toBe(0);
    expect(r.missed).toBe(0);
  });

  it('keeps releases, their work and job ids whatever the schedule: the dropped jobs are drawn and numbered too', () => {
    // Two tasks on CPU 0 of two: sticky leaves both there (drops), greedy-global spreads them (fewer drops).
    const input: ScenarioInput = {
      format: 1, slug: 'two', title: 'Two', cpus: 2, duration: 300, balancer: 'sticky', seed: 11,
      tasks: ['a', 'b'].map((id, i) => ({ id, priority: 10 + i, cpu: 0, release: { sporadic: { minGap: 1, maxGap: 2 } }, deadline: 6, body: [{ run: [1, 2] }, { md: [1, 2] }] })),
    };
    const s = loadScenario(input);
    const releasesOf = (bot: 'sticky' | 'greedy-global') => {
      const out: [number, string, number, number][] = [];
      const r = simulate(s, { bot, onTick: (st) => { for (const e of st.events) if (e.type === 'release') out.push([st.tick - 1, e.task, e.job, e.work]); } });
      return { out, dropped: r.result.metrics.dropped };
    };
    const sticky = releasesOf('sticky');
    const greedy = releasesOf('greedy-global');
    expect(sticky.dropped).toBeGreaterThan(greedy.dropped);
    expect(sticky.out).toEqual(greedy.out);
  });

  it('replays to the same hash: a run with drops verifies like any other', () => {
    const played = simulate(flood).result;
    expect(played.metrics.dropped).toBeGreaterThan(0);
    const v = verifyRun(flood, { seed: flood.seed, actions: [], finalHash: played.finalHash, score: played.score });
    expect(v.ok).toBe(true);
  });
});

describe('the budget and the tools that generate scenarios', () => {
  it('the lab\'s largest corner fits the budget', async () => {
    const { LAB_LIMITS } = await import('../../../app/lib/lab');
    const cost = scenarioCost({ cpus: LAB_LIMITS.cpus[1], duration: LAB_LIMITS.duration[1], tasks: { length: LAB_LIMITS.tasks[1] } });
    expect(cost).toBeLessThanOrEqual(MAX_SCENARIO_COST);
  });
});

describe('a stored scenario the budget now refuses', () => {
  it('is not simulated: a claim on it is kept unverified (invalid-scenario), never ranked', async () => {
    const { checkClaim } = await import('../../../server/sim');
    const v = checkClaim({ scenario: shaped(64, 256, 1_000_000), builtin: false, inRoom: false, seed: 1, actions: [], finalHash: '0', score: 0 });
    expect(v).toEqual({ actions: [], bot: 'sticky', result: null, reason: 'invalid-scenario', verified: false, countsGlobally: false, stars: null });
  });
});
