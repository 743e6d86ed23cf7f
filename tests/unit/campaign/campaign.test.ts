import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, CAMPAIGN_IDEAS, CAMPAIGN_SLUGS, builtinBySlug } from '../../../server/engine/levels';
import { HINTS, SOLUTIONS } from '../../../server/engine/levels/solutions';
import {
  BASELINE_BOTS, baselineScores, loadScenario, parseScenario, simulate, starsOf,
  type Action, type BotName, type GameEvent, type RunResult, type Scenario,
} from '../../../server/engine';

const DIR = join(__dirname, '../../../server/engine/levels');

/** The figures a physics change must not move silently. */
interface Recorded { score: number; met: number; missed: number; stranded: number; wasted: number; inversion: number; migrations: number; hash: string }

function record(r: RunResult): Recorded {
  const m = r.metrics;
  return { score: r.score, met: m.met, missed: m.missed, stranded: m.strandedCpuTicks, wasted: m.wastedCpuTicks, inversion: m.inversionTicks, migrations: m.migrations, hash: r.finalHash };
}

/**
 * Every bot on every level, recorded once with the engine and reviewed against the
 * level's lesson (see the comments). If the physics or a bot changes, this fails:
 * re-check the lessons before updating the numbers.
 */
const RECORDED: Record<string, Record<Exclude<BotName, 'none'>, Recorded>> = {
  // Sticky leaves L to wait behind H and miss; every balancer moves one of them.
  'preemption': {
    'sticky': { score: -5, met: 1, missed: 1, stranded: 0, wasted: 15, inversion: 15, migrations: 0, hash: '0cf2ccf5beac3c1a' },
    'linux-rt-lazy': { score: 200, met: 2, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 1, hash: '7c96811fe5652602' },
    'linux-rt-511': { score: 200, met: 2, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 1, hash: '8af914150da79fb1' },
    'global-ideal': { score: 200, met: 2, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 1, hash: 'a0e888aeab44a5e0' },
  },
  // Partitioned on CPU 0 starves C, D, E; Linux spreads them at wakeup with two moves.
  'idle-cpus': {
    'sticky': { score: 392, met: 12, missed: 6, stranded: 0, wasted: 318, inversion: 318, migrations: 0, hash: 'd15b7ff1e100c69b' },
    'linux-rt-lazy': { score: 2100, met: 21, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 2, hash: '18e48f377c3f5218' },
    'linux-rt-511': { score: 2100, met: 21, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 2, hash: '2139d0f12f0cf141' },
    'global-ideal': { score: 2100, met: 21, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 8, hash: '28dcbada95141d03' },
  },
  // No Linux flavour can move the pinned L and CPU 1 never pulls: 20 stranded ticks.
  'pinning': {
    'sticky': { score: -34, met: 1, missed: 1, stranded: 20, wasted: 20, inversion: 20, migrations: 0, hash: '908b29f8dfa3207e' },
    'linux-rt-lazy': { score: -34, met: 1, missed: 1, stranded: 20, wasted: 20, inversion: 20, migrations: 0, hash: 'ea180bb297aa6a0c' },
    'linux-rt-511': { score: -34, met: 1, missed: 1, stranded: 20, wasted: 20, inversion: 20, migrations: 0, hash: '96b91fa8d9acc322' },
    'global-ideal': { score: 200, met: 2, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 1, hash: '9d9176a9761b9eee' },
  },
  // The email's stack: three pinned tasks on CPU 0, three CPUs idle, no demotion so no rescue.
  // Inversion counts only the ticks a movable task could have run: pinned tasks stacked on CPU 0 can only run there.
  'pile-up': {
    'sticky': { score: -423, met: 1, missed: 3, stranded: 131, wasted: 131, inversion: 26, migrations: 0, hash: '5086f67af55691f1' },
    'linux-rt-lazy': { score: -423, met: 1, missed: 3, stranded: 131, wasted: 131, inversion: 26, migrations: 0, hash: '9d102f04d0ff948c' },
    'linux-rt-511': { score: -423, met: 1, missed: 3, stranded: 131, wasted: 131, inversion: 26, migrations: 0, hash: 'ef03954ae3a78f77' },
    'global-ideal': { score: 400, met: 4, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 3, hash: 'bdef83be71846418' },
  },
  // 5.11 pushes H at tick 25 when CPU 1 pulls (19 stranded ticks, L just in time); the lazy kernel never does.
  'push-the-preemptor': {
    'sticky': { score: 60, met: 2, missed: 1, stranded: 30, wasted: 30, inversion: 30, migrations: 0, hash: 'ff5f73669ef872a6' },
    'linux-rt-lazy': { score: 60, met: 2, missed: 1, stranded: 30, wasted: 30, inversion: 30, migrations: 0, hash: '219ee1ecc843170d' },
    'linux-rt-511': { score: 281, met: 3, missed: 0, stranded: 19, wasted: 19, inversion: 19, migrations: 1, hash: '4e587ce158ec0ba1' },
    'global-ideal': { score: 300, met: 3, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 1, hash: '7e892c0b99db7610' },
  },
  // 5.11's stopper finds H pinned (MDF_PUSH) and pushes it only after its section: 17 stranded ticks, L still misses.
  'stopper-race': {
    'sticky': { score: 75, met: 2, missed: 1, stranded: 20, wasted: 20, inversion: 9, migrations: 0, hash: '3395e85e257b9108' },
    'linux-rt-lazy': { score: 75, met: 2, missed: 1, stranded: 20, wasted: 20, inversion: 9, migrations: 0, hash: 'edc977c4cedc45d2' },
    'linux-rt-511': { score: 81, met: 2, missed: 1, stranded: 17, wasted: 17, inversion: 6, migrations: 1, hash: '796ff4285cfc419d' },
    'global-ideal': { score: 300, met: 3, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 1, hash: '2f0a1aa16c539388' },
  },
  // W runs on CPU 2 while the pinned L waits under H: no stranding, 25 inversion ticks, L misses (sticky also strands W).
  'm-highest': {
    'sticky': { score: 161, met: 3, missed: 1, stranded: 25, wasted: 55, inversion: 55, migrations: 0, hash: '716af2ef9556b4cb' },
    'linux-rt-lazy': { score: 186, met: 3, missed: 1, stranded: 0, wasted: 0, inversion: 25, migrations: 0, hash: '973e0409b1e8e6e7' },
    'linux-rt-511': { score: 186, met: 3, missed: 1, stranded: 0, wasted: 0, inversion: 25, migrations: 0, hash: 'eab8d7e374eba68c' },
    'global-ideal': { score: 400, met: 4, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 3, hash: 'fc9aafd11bc4a1a1' },
  },
  // Non-preemptible section: no stranding, but H waits 17 ticks and misses under every kernel bot.
  'preempt-vs-migrate': {
    'sticky': { score: -12, met: 1, missed: 1, stranded: 0, wasted: 27, inversion: 27, migrations: 0, hash: '5457cda655d97f2b' },
    'linux-rt-lazy': { score: -12, met: 1, missed: 1, stranded: 0, wasted: 17, inversion: 17, migrations: 1, hash: 'a7520dfc908b6e52' },
    'linux-rt-511': { score: -12, met: 1, missed: 1, stranded: 0, wasted: 17, inversion: 17, migrations: 1, hash: 'cdc54756f267da21' },
    'global-ideal': { score: 200, met: 2, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 1, hash: '6cb3b35a79bde403' },
  },
  // Y preempts the pinned X under EDF twice; push_dl_task gives up (R9); CPU 1 is never idle, so nothing is stranded.
  'edf': {
    'sticky': { score: 696, met: 9, missed: 2, stranded: 0, wasted: 0, inversion: 12, migrations: 0, hash: '26bab09c89c30f53' },
    'linux-rt-lazy': { score: 696, met: 9, missed: 2, stranded: 0, wasted: 0, inversion: 12, migrations: 0, hash: '2ff8d4d63693502e' },
    'linux-rt-511': { score: 696, met: 9, missed: 2, stranded: 0, wasted: 0, inversion: 12, migrations: 0, hash: '7bfafb6c23f70c92' },
    'global-ideal': { score: 1100, met: 11, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 4, hash: '71c0b1166077902e' },
  },
  // Nobody shifts B and C along their masks: A starves under every bot, greedy global-ideal included.
  'affinity': {
    'sticky': { score: -384, met: 2, missed: 4, stranded: 0, wasted: 0, inversion: 95, migrations: 0, hash: '10f5d186d6f26e27' },
    'linux-rt-lazy': { score: -384, met: 2, missed: 4, stranded: 0, wasted: 0, inversion: 95, migrations: 0, hash: '94da64b006437c3d' },
    'linux-rt-511': { score: -384, met: 2, missed: 4, stranded: 0, wasted: 0, inversion: 95, migrations: 0, hash: 'b241e336e3226215' },
    'global-ideal': { score: -384, met: 2, missed: 4, stranded: 0, wasted: 0, inversion: 95, migrations: 0, hash: '4fe49e9cdcfb10c5' },
  },
  // The kernels push the preempted task and pay 4 ticks twice, missing both; doing nothing misses only once.
  'migration-cost': {
    'sticky': { score: 196, met: 3, missed: 1, stranded: 0, wasted: 8, inversion: 8, migrations: 0, hash: '48881baa457758a5' },
    'linux-rt-lazy': { score: -3, met: 2, missed: 2, stranded: 0, wasted: 0, inversion: 0, migrations: 2, hash: '509edca63d93a10e' },
    'linux-rt-511': { score: -3, met: 2, missed: 2, stranded: 0, wasted: 0, inversion: 0, migrations: 2, hash: '1cfa103c3f82e2c7' },
    'global-ideal': { score: 400, met: 4, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 2, hash: '75833048045f5c58' },
  },
  // Sporadic, 8 CPUs: 5.11 beats the lazy kernel but strands 124 CPU-ticks and misses 10; the ideal misses 6.
  'open-problem': {
    'sticky': { score: -1778, met: 64, missed: 37, stranded: 705, wasted: 1076, inversion: 1276, migrations: 0, hash: '5a14a0bb0e42743a' },
    'linux-rt-lazy': { score: 6068, met: 85, missed: 17, stranded: 282, wasted: 282, inversion: 230, migrations: 39, hash: '4e63cc8d829337bd' },
    'linux-rt-511': { score: 8137, met: 94, missed: 10, stranded: 124, wasted: 124, inversion: 91, migrations: 360, hash: '355e3cf1fe5d1681' },
    'global-ideal': { score: 9083, met: 98, missed: 6, stranded: 0, wasted: 0, inversion: 0, migrations: 112, hash: '8c03ce0b1e6ca837' },
  },
};

const scenarios: Scenario[] = BUILTIN_SCENARIOS.map((input) => loadScenario(input));
const bySlug = (slug: string): Scenario => {
  const s = scenarios.find((x) => x.slug === slug);
  if (!s) throw new Error(`no level ${slug}`);
  return s;
};

function eventsOf(scenario: Scenario, opts: Parameters<typeof simulate>[1]): GameEvent[] {
  return timedEventsOf(scenario, opts).map((e) => e.event);
}

/** Every event of a run with the tick it happened in. */
function timedEventsOf(scenario: Scenario, opts: Parameters<typeof simulate>[1]): { tick: number; event: GameEvent }[] {
  const all: { tick: number; event: GameEvent }[] = [];
  simulate(scenario, { ...opts, onTick: (s) => all.push(...s.events.map((event) => ({ tick: s.tick - 1, event }))) });
  return all;
}

describe('campaign files', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

  it.each(files)('%s parses as a format 1 scenario', (file) => {
    const r = parseScenario(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
    if (!r.ok) throw new Error(`${file}: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    expect(r.ok).toBe(true);
  });

  it('names every file NN-<slug>.json, in campaign order, and lists every file in BUILTIN_SCENARIOS', () => {
    const expected = BUILTIN_SCENARIOS.map((s, i) => `${String(i + 1).padStart(2, '0')}-${s.slug}.json`);
    expect(files).toEqual(expected);
  });

  it('has unique slugs, a lesson, goals and a one-line summary on every level', () => {
    expect(new Set(CAMPAIGN_SLUGS).size).toBe(CAMPAIGN_SLUGS.length);
    for (const s of scenarios) {
      expect(s.summary, s.slug).not.toMatch(/\n/);
      expect(s.summary.length, s.slug).toBeGreaterThan(10);
      const sentences = s.lesson.split(/[.!?](\s|$)/).filter((x) => x.trim().length > 1).length;
      expect(sentences, `${s.slug} lesson sentences`).toBeGreaterThanOrEqual(3);
      expect(sentences, `${s.slug} lesson sentences`).toBeLessThanOrEqual(8);
      expect(s.goals?.text?.length ?? 0, s.slug).toBeGreaterThan(0);
      expect(CAMPAIGN_IDEAS[s.slug]?.length ?? 0, `${s.slug} idea`).toBeGreaterThan(5);
    }
  });

  it('has at least 10 levels covering the ideas of the brief, in teaching order, the open problem last', () => {
    expect(CAMPAIGN_SLUGS.length).toBeGreaterThanOrEqual(10);
    const ideas = ['preemption', 'idle-cpus', 'pinning', 'pile-up', 'push-the-preemptor', 'preempt-vs-migrate', 'edf', 'affinity', 'migration-cost', 'open-problem'];
    const positions = ideas.map((slug) => CAMPAIGN_SLUGS.indexOf(slug));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(CAMPAIGN_SLUGS[CAMPAIGN_SLUGS.length - 1]).toBe('open-problem');
  });

  it('uses the features each idea needs', () => {
    expect(bySlug('preemption').cpus).toBe(2);
    expect(bySlug('preempt-vs-migrate').mdMode).toBe('preempt_disable');
    expect(bySlug('edf').class).toBe('edf');
    expect(bySlug('affinity').tasks.some((t) => t.affinity.length === 1)).toBe(true);
    expect(bySlug('migration-cost').migrationCost).toBeGreaterThan(0);
    expect(bySlug('stopper-race').stopperDelay).toBeGreaterThan(0);
    const open = bySlug('open-problem');
    expect(open.cpus).toBeGreaterThanOrEqual(8);
    expect(open.tasks.length).toBeGreaterThanOrEqual(12);
    expect(open.tasks.every((t) => t.release.kind === 'sporadic')).toBe(true);
    expect(open.tasks.some((t) => t.body.some((seg) => Array.isArray(seg.length)))).toBe(true);
    for (const s of scenarios) {
      if (s.slug === 'open-problem') continue;
      expect(s.duration, s.slug).toBeGreaterThanOrEqual(60);
      expect(s.duration, s.slug).toBeLessThanOrEqual(300);
    }
  });

  it('finds levels by slug, including the headless runner\'s "pile-up"', () => {
    expect(builtinBySlug('pile-up')?.cpus).toBe(4);
    expect(builtinBySlug('no-such-level')).toBeUndefined();
  });
});

describe('recorded bot results (a physics change must show up here)', () => {
  it('records every level', () => {
    expect(Object.keys(RECORDED)).toEqual([...CAMPAIGN_SLUGS]);
  });

  for (const slug of Object.keys(RECORDED)) {
    it.each(BASELINE_BOTS.map((b) => [b]))(`${slug} under %s`, (bot) => {
      const { result } = simulate(bySlug(slug), { bot });
      expect(record(result)).toEqual(RECORDED[slug][bot as Exclude<BotName, 'none'>]);
    });
  }
});

describe('solutions', () => {
  it('has one solution and one hint per level', () => {
    expect(Object.keys(SOLUTIONS).sort()).toEqual([...CAMPAIGN_SLUGS].sort());
    expect(Object.keys(HINTS).sort()).toEqual([...CAMPAIGN_SLUGS].sort());
  });

  it.each(CAMPAIGN_SLUGS.map((s) => [s]))('%s: the stored solution earns 3 stars and beats the default balancer', (slug) => {
    const scenario = bySlug(slug);
    const { result } = simulate(scenario, { actions: SOLUTIONS[slug] });
    expect(result.metrics.refusedActions).toBe(0);
    expect(starsOf(scenario, result)).toBe(3);
    const baseline = baselineScores(scenario);
    const defaultScore = scenario.balancer === 'none' ? baseline.sticky : baseline[scenario.balancer];
    expect(result.score).toBeGreaterThan(defaultScore);
  });

  it('doing nothing never earns 3 stars', () => {
    for (const scenario of scenarios) {
      const { result } = simulate(scenario);
      expect(starsOf(scenario, result), scenario.slug).toBeLessThan(3);
    }
  });
});

describe('lessons', () => {
  it('preemption: H preempts L on CPU 0 and, alone, L misses', () => {
    const s = bySlug('preemption');
    const events = eventsOf(s, { bot: 'sticky' });
    expect(events).toContainEqual({ type: 'switch', cpu: 0, from: 'L', to: 'H', preempted: true });
    expect(simulate(s, { bot: 'sticky' }).result.metrics.tasks.L.missed).toBe(1);
  });

  it('pinning: moving the pinned L is refused, moving H is not', () => {
    const s = bySlug('pinning');
    const refused = eventsOf(s, { actions: [{ tick: 5, type: 'migrate', task: 'L', cpu: 1 }] }).filter((e) => e.type === 'refused');
    expect(refused).toEqual([{ type: 'refused', action: { tick: 5, type: 'migrate', task: 'L', cpu: 1 }, reason: 'pinned' }]);
  });

  it('pile-up: linux-rt-511 strands CPU time with three pinned tasks stacked on CPU 0; global-ideal strands none', () => {
    const s = bySlug('pile-up');
    const maxStacked = { n: 0 };
    simulate(s, {
      bot: 'linux-rt-511',
      onTick: (st) => { maxStacked.n = Math.max(maxStacked.n, st.cpus[0].queue.length); },
    });
    expect(maxStacked.n).toBe(4);
    expect(simulate(s, { bot: 'linux-rt-511' }).result.metrics.strandedCpuTicks).toBeGreaterThan(0);
    expect(simulate(s, { bot: 'global-ideal' }).result.metrics.strandedCpuTicks).toBe(0);
  });

  it('push-the-preemptor: linux-rt-511 moves H by rule R5 once CPU 1 pulls; linux-rt-lazy moves nothing', () => {
    const s = bySlug('push-the-preemptor');
    // The lesson says: at tick 25, right after B finishes on CPU 1 and CPU 1 pulls.
    const moves511 = timedEventsOf(s, { bot: 'linux-rt-511' }).filter((e) => e.event.type === 'migrate');
    expect(moves511).toEqual([{ tick: 25, event: expect.objectContaining({ task: 'H', from: 0, by: 'bot', rule: 'R5' }) }]);
    expect(eventsOf(s, { bot: 'linux-rt-lazy' }).filter((e) => e.type === 'migrate')).toEqual([]);
    const r511 = simulate(s, { bot: 'linux-rt-511' }).result.metrics;
    const lazy = simulate(s, { bot: 'linux-rt-lazy' }).result.metrics;
    expect(r511.tasks.L.missed).toBe(0);
    expect(lazy.tasks.L.missed).toBe(1);
    expect(r511.strandedCpuTicks).toBeLessThan(lazy.strandedCpuTicks);
  });

  it('stopper-race: the stopper finds H migrate-disabled (MDF_PUSH, R5) and H is pushed at migrate_enable (R0)', () => {
    const s = bySlug('stopper-race');
    const events = eventsOf(s, { bot: 'linux-rt-511' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'kernel', rule: 'R5', task: 'H' }));
    expect(events.filter((e) => e.type === 'migrate')).toEqual([expect.objectContaining({ task: 'H', rule: 'R0' })]);
    // Without the delay the stopper catches H before its section and L is barely stranded.
    const prompt = simulate({ ...s, stopperDelay: 0 }, { bot: 'linux-rt-511' }).result.metrics;
    expect(prompt.missed).toBe(0);
    expect(prompt.strandedCpuTicks).toBeLessThan(simulate(s, { bot: 'linux-rt-511' }).result.metrics.strandedCpuTicks);
  });

  it('m-highest: Linux places W on the idle CPU, then H preempts the pinned L: zero stranded, but inversion and a miss', () => {
    const s = bySlug('m-highest');
    const events = eventsOf(s, { bot: 'linux-rt-511' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'release', task: 'W', cpu: 2, rule: 'R2/R3' }));
    expect(events).toContainEqual({ type: 'switch', cpu: 0, from: 'L', to: 'H', preempted: true });
    for (const bot of ['linux-rt-lazy', 'linux-rt-511'] as const) {
      const m = simulate(s, { bot }).result.metrics;
      expect(m.strandedCpuTicks, bot).toBe(0);
      expect(m.inversionTicks, bot).toBeGreaterThan(0);
      expect(m.tasks.L.missed, bot).toBe(1);
    }
    const solved = simulate(s, { actions: SOLUTIONS['m-highest'] }).result.metrics;
    expect(solved.inversionTicks).toBe(0);
  });

  it('preempt-vs-migrate: preempt_disable strands nothing but makes H wait; migrate_disable strands L but H runs at once', () => {
    const s = bySlug('preempt-vs-migrate');
    for (const bot of ['linux-rt-lazy', 'linux-rt-511'] as const) {
      const pd = simulate(s, { bot }).result.metrics;
      const md = simulate(s, { bot, mdMode: 'migrate_disable' }).result.metrics;
      expect(pd.strandedCpuTicks, bot).toBe(0);
      expect(md.strandedCpuTicks, bot).toBeGreaterThan(0);
      expect(pd.tasks.H.maxResponse, bot).toBeGreaterThan(md.tasks.H.maxResponse);
      expect(pd.tasks.H.missed, bot).toBe(1);
      expect(md.tasks.H.missed, bot).toBe(0);
    }
  });

  it('edf: the earlier deadline preempts the pinned X, and push_dl_task gives up on it (R9)', () => {
    const s = bySlug('edf');
    const events = eventsOf(s, { bot: 'linux-rt-511' });
    expect(events).toContainEqual({ type: 'switch', cpu: 0, from: 'X', to: 'Y', preempted: true });
    expect(events).toContainEqual(expect.objectContaining({ type: 'kernel', rule: 'R9', task: 'X' }));
    // "twice catches X inside its section": X misses exactly those two jobs.
    expect(simulate(s, { bot: 'linux-rt-511' }).result.metrics.tasks.X.missed).toBe(2);
  });

  it('affinity: no bot shifts B and C out of the way, the two-move shift meets every deadline', () => {
    const s = bySlug('affinity');
    for (const bot of BASELINE_BOTS) expect(simulate(s, { bot }).result.metrics.tasks.A.missed, bot).toBeGreaterThan(0);
    expect(simulate(s, { actions: SOLUTIONS.affinity }).result.metrics.missed).toBe(0);
    // A itself can go nowhere else.
    const refused = eventsOf(s, { actions: [{ tick: 5, type: 'migrate', task: 'A', cpu: 2 }] }).filter((e) => e.type === 'refused');
    expect(refused).toEqual([expect.objectContaining({ reason: 'affinity' })]);
  });

  it('migration-cost: the kernel pushes the preempted task and pays 4 ticks each time; sticky does better', () => {
    const s = bySlug('migration-cost');
    const moves = eventsOf(s, { bot: 'linux-rt-511' }).filter((e) => e.type === 'migrate');
    expect(moves.map((e) => (e.type === 'migrate' ? [e.task, e.cost] : []))).toEqual([['L', 4], ['M', 4]]);
    const base = baselineScores(s);
    expect(base.sticky).toBeGreaterThan(base['linux-rt-511']);
  });

  it('open-problem: Linux 5.11 beats the lazy kernel but misses the goals; the stored log beats global-ideal', () => {
    const s = bySlug('open-problem');
    const base = baselineScores(s);
    expect(base['linux-rt-511']).toBeGreaterThan(base['linux-rt-lazy']);
    const r511 = simulate(s, { bot: 'linux-rt-511' }).result.metrics;
    expect(r511.missed).toBeGreaterThan(s.goals?.maxMissed ?? 0);
    expect(r511.strandedCpuTicks).toBeGreaterThan(s.goals?.maxStranded ?? Infinity);
    // The goal text quotes the bots' misses: keep it true.
    const ideal = simulate(s, { bot: 'global-ideal' }).result.metrics;
    expect(s.goals?.text?.[0]).toBe(`Miss at most ${s.goals?.maxMissed} deadlines (Linux 5.11 misses ${r511.missed}, global-ideal ${ideal.missed}).`);
    expect(simulate(s, { actions: SOLUTIONS['open-problem'] }).result.score).toBeGreaterThan(base['global-ideal']);
  });

  it('open-problem: is winnable by hand, 15 moves earn 3 stars', () => {
    const s = bySlug('open-problem');
    const m = (tick: number, task: string, cpu: number): Action => ({ tick, type: 'migrate', task, cpu });
    const moves = [
      m(34, 'T07', 2), m(35, 'T15', 7), m(36, 'T15', 1), m(43, 'T12', 6), m(46, 'T03', 3),
      m(66, 'T06', 0), m(70, 'T15', 7), m(98, 'T16', 6), m(106, 'T15', 6), m(135, 'T06', 1),
      m(143, 'T03', 3), m(178, 'T01', 1), m(183, 'T08', 2), m(206, 'T15', 5), m(231, 'T07', 5),
    ];
    const { result } = simulate(s, { actions: moves });
    expect(result.metrics.refusedActions).toBe(0);
    expect(starsOf(s, result)).toBe(3);
  });
});
