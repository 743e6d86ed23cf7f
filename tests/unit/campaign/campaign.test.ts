import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, CAMPAIGN_IDEAS, CAMPAIGN_SLUGS, builtinBySlug } from '../../../server/engine/levels';
import { builtinParFor } from '../../../server/engine/levels/par';
import { HINTS, SOLUTIONS } from '../../../server/engine/levels/solutions';
import {
  BASELINE_BOTS, baselineScores, type BaselineBot, DEFAULT_PAR_SHARE, loadScenario, parseScenario, simulate, starsOf,
  type Action, type GameEvent, type RunResult, type Scenario,
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
 *
 * Re-recorded after the kernel bots took the reference's corrections C1-C6 (section
 * 1.6): every hash moved (the state now hashes the lazy pin flag, mdSwitchedOut, and
 * greedy-global's hash its new name); the other figures moved only on open-problem
 * (see there). The stranded and inversion figures are still the old min() count and
 * the old inversion rule.
 */
const RECORDED: Record<string, Record<BaselineBot, Recorded>> = {
  // Sticky leaves L to wait behind H and miss; the kernels push the preempted L to the idle CPU.
  // Headroom (issue 9): migrationCost 4 and L 37 ticks long (3 of slack), so the kernels' push
  // makes L miss by one tick (200 -> -1) while placing H on CPU 1 at its wakeup is free (par 200).
  'preemption': {
    'sticky': { score: -12, met: 1, missed: 1, stranded: 0, wasted: 15, inversion: 15, migrations: 0, hash: 'f0e3905ce8e18262' },
    'linux-rt-lazy': { score: -1, met: 1, missed: 1, stranded: 0, wasted: 0, inversion: 0, migrations: 1, hash: '7a6124c2e6f9547e' },
    'linux-rt-511': { score: -1, met: 1, missed: 1, stranded: 0, wasted: 0, inversion: 0, migrations: 1, hash: '3641e5881cd1cbc4' },
    'greedy-global': { score: 200, met: 2, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 1, hash: '3ae7c68ce03dd019' },
  },
  // Partitioned on CPU 0 starves C, D, E; Linux spreads them at wakeup and by pushing preempted E.
  // Headroom (issue 9): migrationCost 4 and E's deadline 20 (was 60): A then B wake where E runs,
  // E is pushed twice (R4), pays 8 ticks and misses (2100 -> 1897); placing wakers is free (par 2100).
  // greedy-global ignores migration cost (unchanged figures, unchanged hash).
  'idle-cpus': {
    'sticky': { score: 220, met: 12, missed: 7, stranded: 0, wasted: 318, inversion: 318, migrations: 0, hash: '03c264725923a308' },
    'linux-rt-lazy': { score: 1897, met: 20, missed: 1, stranded: 0, wasted: 0, inversion: 0, migrations: 2, hash: 'af1fd7ac943ee28e' },
    'linux-rt-511': { score: 1897, met: 20, missed: 1, stranded: 0, wasted: 0, inversion: 0, migrations: 2, hash: '756adff2e6c58c71' },
    'greedy-global': { score: 2100, met: 21, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 8, hash: '2930dba6d07469e5' },
  },
  // No Linux flavour can move the pinned L and CPU 1 never pulls: 20 stranded ticks.
  'pinning': {
    'sticky': { score: -34, met: 1, missed: 1, stranded: 20, wasted: 20, inversion: 20, migrations: 0, hash: '513b503844551d0b' },
    'linux-rt-lazy': { score: -34, met: 1, missed: 1, stranded: 20, wasted: 20, inversion: 20, migrations: 0, hash: 'fce5f832fed5c0c1' },
    'linux-rt-511': { score: -34, met: 1, missed: 1, stranded: 20, wasted: 20, inversion: 20, migrations: 0, hash: '431207a822c18b4d' },
    'greedy-global': { score: 200, met: 2, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 1, hash: '3eb056054fd5d097' },
  },
  // The email's stack: three pinned tasks on CPU 0, three CPUs idle, no demotion so no rescue.
  // Inversion counts only the ticks a movable task could have run: pinned tasks stacked on CPU 0 can only run there.
  'pile-up': {
    'sticky': { score: -423, met: 1, missed: 3, stranded: 131, wasted: 131, inversion: 26, migrations: 0, hash: '75bcbababe422a28' },
    'linux-rt-lazy': { score: -423, met: 1, missed: 3, stranded: 131, wasted: 131, inversion: 26, migrations: 0, hash: '64cf5704457c74a7' },
    'linux-rt-511': { score: -423, met: 1, missed: 3, stranded: 131, wasted: 131, inversion: 26, migrations: 0, hash: '0bcc2cca26d121c7' },
    'greedy-global': { score: 400, met: 4, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 3, hash: 'b9da36f293b07e9f' },
  },
  // 5.11 pushes H at tick 25 when CPU 1 pulls (19 stranded ticks, L just in time); the lazy kernel never does.
  'push-the-preemptor': {
    'sticky': { score: 60, met: 2, missed: 1, stranded: 30, wasted: 30, inversion: 30, migrations: 0, hash: 'bdc632569a31081f' },
    'linux-rt-lazy': { score: 60, met: 2, missed: 1, stranded: 30, wasted: 30, inversion: 30, migrations: 0, hash: 'e5d4b17c05cd4fa3' },
    'linux-rt-511': { score: 281, met: 3, missed: 0, stranded: 19, wasted: 19, inversion: 19, migrations: 1, hash: '73c2f2b162549b43' },
    'greedy-global': { score: 300, met: 3, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 1, hash: 'c5c7468ff1cfbff2' },
  },
  // 5.11's stopper finds H pinned (MDF_PUSH) and pushes it only after its section: 17 stranded ticks, L still misses.
  'stopper-race': {
    'sticky': { score: 75, met: 2, missed: 1, stranded: 20, wasted: 20, inversion: 9, migrations: 0, hash: 'c3c79fee02ca2e06' },
    'linux-rt-lazy': { score: 75, met: 2, missed: 1, stranded: 20, wasted: 20, inversion: 9, migrations: 0, hash: 'f225b3343e9f5ba0' },
    'linux-rt-511': { score: 81, met: 2, missed: 1, stranded: 17, wasted: 17, inversion: 6, migrations: 1, hash: '2b087858fa6e364e' },
    'greedy-global': { score: 300, met: 3, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 1, hash: '6eb95ec5522ac04b' },
  },
  // W runs on CPU 2 while the pinned L waits under H: no stranding, 25 inversion ticks, L misses (sticky also strands W).
  'm-highest': {
    'sticky': { score: 161, met: 3, missed: 1, stranded: 25, wasted: 55, inversion: 55, migrations: 0, hash: '7c33733f858d6c9a' },
    'linux-rt-lazy': { score: 186, met: 3, missed: 1, stranded: 0, wasted: 0, inversion: 25, migrations: 0, hash: 'bb9cdef993ce2950' },
    'linux-rt-511': { score: 186, met: 3, missed: 1, stranded: 0, wasted: 0, inversion: 25, migrations: 0, hash: '626f629324204c42' },
    'greedy-global': { score: 400, met: 4, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 3, hash: '9363378da3c3004e' },
  },
  // Non-preemptible section: no stranding, but H waits 17 ticks and misses under every kernel bot.
  'preempt-vs-migrate': {
    'sticky': { score: -12, met: 1, missed: 1, stranded: 0, wasted: 27, inversion: 27, migrations: 0, hash: '7dac06667a33838e' },
    'linux-rt-lazy': { score: -12, met: 1, missed: 1, stranded: 0, wasted: 17, inversion: 17, migrations: 1, hash: 'f09ba8bc28018378' },
    'linux-rt-511': { score: -12, met: 1, missed: 1, stranded: 0, wasted: 17, inversion: 17, migrations: 1, hash: 'a35ab5d6b781bda4' },
    'greedy-global': { score: 200, met: 2, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 1, hash: '6626a40eea48f936' },
  },
  // Y preempts the pinned X under EDF twice; push_dl_task gives up (R9); CPU 1 is never idle, so nothing is stranded.
  'edf': {
    'sticky': { score: 696, met: 9, missed: 2, stranded: 0, wasted: 0, inversion: 12, migrations: 0, hash: '8bde9afc23b579c5' },
    'linux-rt-lazy': { score: 696, met: 9, missed: 2, stranded: 0, wasted: 0, inversion: 12, migrations: 0, hash: 'd1852d56632096f3' },
    'linux-rt-511': { score: 696, met: 9, missed: 2, stranded: 0, wasted: 0, inversion: 12, migrations: 0, hash: '0e47178cd53e8c42' },
    'greedy-global': { score: 1100, met: 11, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 4, hash: 'ec247daa2e2e4794' },
  },
  // Nobody shifts B and C along their masks: A starves under every bot, greedy greedy-global included.
  'affinity': {
    'sticky': { score: -384, met: 2, missed: 4, stranded: 0, wasted: 0, inversion: 95, migrations: 0, hash: '12b341d6e959f652' },
    'linux-rt-lazy': { score: -384, met: 2, missed: 4, stranded: 0, wasted: 0, inversion: 95, migrations: 0, hash: '9304fae013610a8c' },
    'linux-rt-511': { score: -384, met: 2, missed: 4, stranded: 0, wasted: 0, inversion: 95, migrations: 0, hash: '9f1f7306054ad728' },
    'greedy-global': { score: -384, met: 2, missed: 4, stranded: 0, wasted: 0, inversion: 95, migrations: 0, hash: '853fbe804f4cdc93' },
  },
  // The kernels push the preempted task and pay 4 ticks twice, missing both; doing nothing misses only once.
  'migration-cost': {
    'sticky': { score: 196, met: 3, missed: 1, stranded: 0, wasted: 8, inversion: 8, migrations: 0, hash: 'bc3781ea9c407af4' },
    'linux-rt-lazy': { score: -3, met: 2, missed: 2, stranded: 0, wasted: 0, inversion: 0, migrations: 2, hash: '05019b3667df0b0e' },
    'linux-rt-511': { score: -3, met: 2, missed: 2, stranded: 0, wasted: 0, inversion: 0, migrations: 2, hash: 'eb1760ccb0a60bcd' },
    'greedy-global': { score: 400, met: 4, missed: 0, stranded: 0, wasted: 0, inversion: 0, migrations: 2, hash: '90896db47eaa0679' },
  },
  // Sporadic, 8 CPUs: 5.11 beats the lazy kernel but strands 124 CPU-ticks and misses 10; greedy-global misses 6.
  // C1 helps the lazy kernel (6068 -> 6746, 17 -> 14 misses): a task switched out inside its
  // section keeps nr_cpus_allowed 1 when it runs again, so later wakers on its CPU go to
  // find_lowest_rq instead of stacking on it. 5.11 keeps its score; the relay order
  // from CPU 0 (C6) and the push at the end of a job (C3) change which tasks move
  // (360 -> 352 migrations, one more inversion tick).
  'open-problem': {
    'sticky': { score: -1778, met: 64, missed: 37, stranded: 705, wasted: 1076, inversion: 1276, migrations: 0, hash: 'f4619f0b058a2cc3' },
    'linux-rt-lazy': { score: 6746, met: 88, missed: 14, stranded: 261, wasted: 261, inversion: 218, migrations: 30, hash: 'a980cffddd31021e' },
    'linux-rt-511': { score: 8137, met: 94, missed: 10, stranded: 124, wasted: 124, inversion: 91, migrations: 352, hash: '50778b5831b7bb38' },
    'greedy-global': { score: 9083, met: 98, missed: 6, stranded: 0, wasted: 0, inversion: 0, migrations: 112, hash: '8a346887272a5145' },
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
      expect(record(result)).toEqual(RECORDED[slug][bot]);
    });
  }
});

describe('solutions', () => {
  it('has one solution and one hint per level', () => {
    expect(Object.keys(SOLUTIONS).sort()).toEqual([...CAMPAIGN_SLUGS].sort());
    expect(Object.keys(HINTS).sort()).toEqual([...CAMPAIGN_SLUGS].sort());
  });

  // Where a stored solution earns fewer than 3 stars, and why (stars.ts). open-problem: the
  // hand-made solution (9135) beats the kernel but 3 stars need 9588 (par's log is the worked answer).
  const SOLUTION_STARS: Readonly<Record<string, number>> = { 'open-problem': 2 };

  it.each(CAMPAIGN_SLUGS.map((s) => [s]))('%s: the stored solution earns its stars (3 unless noted) and beats the default balancer', (slug) => {
    const scenario = bySlug(slug);
    const { result } = simulate(scenario, { actions: SOLUTIONS[slug] });
    expect(result.metrics.refusedActions).toBe(0);
    expect(starsOf(scenario, result, builtinParFor(scenario)?.score ?? null)).toBe(SOLUTION_STARS[slug] ?? 3);
    const baseline = baselineScores(scenario);
    const defaultScore = scenario.balancer === 'none' ? baseline.sticky : baseline[scenario.balancer] ?? NaN;
    expect(result.score).toBeGreaterThan(defaultScore);
  });

  it('doing nothing never earns a star', () => {
    for (const scenario of scenarios) {
      const { result } = simulate(scenario);
      expect(starsOf(scenario, result, builtinParFor(scenario)?.score ?? null), scenario.slug).toBe(0);
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

  it('preemption: the kernels push the preempted L and it pays the migration cost; placing H at its wakeup is free', () => {
    const s = bySlug('preemption');
    for (const bot of ['linux-rt-lazy', 'linux-rt-511'] as const) {
      const moves = eventsOf(s, { bot }).filter((e) => e.type === 'migrate');
      expect(moves.map((e) => (e.type === 'migrate' ? [e.task, e.cost] : [])), bot).toEqual([['L', s.migrationCost]]);
      expect(simulate(s, { bot }).result.metrics.tasks.L.missed, bot).toBe(1);
    }
    expect(simulate(s, { actions: SOLUTIONS.preemption }).result.metrics.missed).toBe(0);
  });

  it('idle-cpus: E is pushed twice when A and B wake where it runs, and misses; the kernels meet everything else', () => {
    const s = bySlug('idle-cpus');
    for (const bot of ['linux-rt-lazy', 'linux-rt-511'] as const) {
      const moves = timedEventsOf(s, { bot }).filter((e) => e.event.type === 'migrate');
      expect(moves.map((e) => (e.event.type === 'migrate' ? [e.tick, e.event.task, e.event.cost] : [])), bot).toEqual([[20, 'E', 4], [22, 'E', 4]]);
      const m = simulate(s, { bot }).result.metrics;
      expect(m.missed, bot).toBe(1);
      expect(m.tasks.E.missed, bot).toBe(1);
    }
  });

  it('pinning: moving the pinned L is refused, moving H is not', () => {
    const s = bySlug('pinning');
    const refused = eventsOf(s, { actions: [{ tick: 5, type: 'migrate', task: 'L', cpu: 1 }] }).filter((e) => e.type === 'refused');
    expect(refused).toEqual([{ type: 'refused', action: { tick: 5, type: 'migrate', task: 'L', cpu: 1 }, reason: 'pinned' }]);
  });

  it('pile-up: linux-rt-511 strands CPU time with three pinned tasks stacked on CPU 0; greedy-global strands none', () => {
    const s = bySlug('pile-up');
    const maxStacked = { n: 0 };
    simulate(s, {
      bot: 'linux-rt-511',
      onTick: (st) => { maxStacked.n = Math.max(maxStacked.n, st.cpus[0].queue.length); },
    });
    expect(maxStacked.n).toBe(4);
    expect(simulate(s, { bot: 'linux-rt-511' }).result.metrics.strandedCpuTicks).toBeGreaterThan(0);
    expect(simulate(s, { bot: 'greedy-global' }).result.metrics.strandedCpuTicks).toBe(0);
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

  it('open-problem: Linux 5.11 beats the lazy kernel but misses the goals; the stored log beats greedy-global', () => {
    const s = bySlug('open-problem');
    const base = baselineScores(s);
    expect(base['linux-rt-511']).toBeGreaterThan(base['linux-rt-lazy']);
    const r511 = simulate(s, { bot: 'linux-rt-511' }).result.metrics;
    expect(r511.missed).toBeGreaterThan(s.goals?.maxMissed ?? 0);
    expect(r511.strandedCpuTicks).toBeGreaterThan(s.goals?.maxStranded ?? Infinity);
    // The goal text quotes the bots' misses: keep it true.
    const ideal = simulate(s, { bot: 'greedy-global' }).result.metrics;
    expect(s.goals?.text?.[0]).toBe(`Two stars: beat Linux 5.11 (it misses ${r511.missed} deadlines; greedy-global misses ${ideal.missed}).`);
    expect(s.goals?.text?.[1]).toContain(`close ${Math.round((1 - DEFAULT_PAR_SHARE) * 100)}% of the gap`);
    expect(simulate(s, { actions: SOLUTIONS['open-problem'] }).result.score).toBeGreaterThan(base['greedy-global']);
  });

  it('open-problem: 15 moves by hand beat the kernel (2 stars); 3 stars need the neighbourhood of par', () => {
    const s = bySlug('open-problem');
    const m = (tick: number, task: string, cpu: number): Action => ({ tick, type: 'migrate', task, cpu });
    const moves = [
      m(34, 'T07', 2), m(35, 'T15', 7), m(36, 'T15', 1), m(43, 'T12', 6), m(46, 'T03', 3),
      m(66, 'T06', 0), m(70, 'T15', 7), m(98, 'T16', 6), m(106, 'T15', 6), m(135, 'T06', 1),
      m(143, 'T03', 3), m(178, 'T01', 1), m(183, 'T08', 2), m(206, 'T15', 5), m(231, 'T07', 5),
    ];
    const { result } = simulate(s, { actions: moves });
    expect(result.metrics.refusedActions).toBe(0);
    expect(starsOf(s, result, builtinParFor(s)?.score ?? null)).toBe(2);
  });
});
