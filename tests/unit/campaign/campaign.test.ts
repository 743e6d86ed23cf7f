import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, CAMPAIGN_IDEAS, CAMPAIGN_SLUGS, builtinBySlug } from '../../../prisma/scenarios/index';
import { SOLUTIONS } from '../../../prisma/scenarios/solutions';
import {
  BASELINE_BOTS, baselineScores, loadScenario, parseScenario, simulate, starsOf,
  type BotName, type GameEvent, type RunResult, type Scenario,
} from '../../../server/engine';

const DIR = join(__dirname, '../../../prisma/scenarios');

/** The figures a physics change must not move silently. */
interface Recorded { score: number; met: number; missed: number; stranded: number; inversion: number; migrations: number; hash: string }

function record(r: RunResult): Recorded {
  const m = r.metrics;
  return { score: r.score, met: m.met, missed: m.missed, stranded: m.strandedCpuTicks, inversion: m.inversionTicks, migrations: m.migrations, hash: r.finalHash };
}

/**
 * Every bot on every level, recorded once with the engine and reviewed against the
 * level's lesson (see the comments). If the physics or a bot changes, this fails:
 * re-check the lessons before updating the numbers.
 */
const RECORDED: Record<string, Record<Exclude<BotName, 'none'>, Recorded>> = {
  // Sticky leaves L to wait behind H and miss; every balancer moves one of them.
  'preemption': {
    'sticky': { score: -5, met: 1, missed: 1, stranded: 0, inversion: 15, migrations: 0, hash: '0809549ad89754f8' },
    'linux-rt-lazy': { score: 200, met: 2, missed: 0, stranded: 0, inversion: 0, migrations: 1, hash: '7725941fb129eca4' },
    'linux-rt-511': { score: 200, met: 2, missed: 0, stranded: 0, inversion: 0, migrations: 1, hash: '00f349f5ea1f863a' },
    'global-ideal': { score: 200, met: 2, missed: 0, stranded: 0, inversion: 0, migrations: 1, hash: 'd77d641e9adbe1b6' },
  },
  // Partitioned on CPU 0 starves C, D, E; Linux spreads them at wakeup with two moves.
  'idle-cpus': {
    'sticky': { score: 392, met: 12, missed: 6, stranded: 0, inversion: 318, migrations: 0, hash: '5de78c94a733857f' },
    'linux-rt-lazy': { score: 2100, met: 21, missed: 0, stranded: 0, inversion: 0, migrations: 2, hash: 'ccacab07a6ddd421' },
    'linux-rt-511': { score: 2100, met: 21, missed: 0, stranded: 0, inversion: 0, migrations: 2, hash: '8a25a3e1bb6b3744' },
    'global-ideal': { score: 2100, met: 21, missed: 0, stranded: 0, inversion: 0, migrations: 8, hash: '41e8c6aa43c9ee3e' },
  },
  // No Linux flavour can move the pinned L and CPU 1 never pulls: 20 stranded ticks.
  'pinning': {
    'sticky': { score: -34, met: 1, missed: 1, stranded: 20, inversion: 20, migrations: 0, hash: 'ea3c943cb0059517' },
    'linux-rt-lazy': { score: -34, met: 1, missed: 1, stranded: 20, inversion: 20, migrations: 0, hash: 'a8a32d56d4f37b17' },
    'linux-rt-511': { score: -34, met: 1, missed: 1, stranded: 20, inversion: 20, migrations: 0, hash: '9c7cb14c3befc272' },
    'global-ideal': { score: 200, met: 2, missed: 0, stranded: 0, inversion: 0, migrations: 1, hash: 'e228309941cb7394' },
  },
  // The email's stack: three pinned tasks on CPU 0, three CPUs idle, no demotion so no rescue.
  'pile-up': {
    'sticky': { score: -423, met: 1, missed: 3, stranded: 131, inversion: 131, migrations: 0, hash: 'aacf4f10740712ee' },
    'linux-rt-lazy': { score: -423, met: 1, missed: 3, stranded: 131, inversion: 131, migrations: 0, hash: '40e4b696a65551f1' },
    'linux-rt-511': { score: -423, met: 1, missed: 3, stranded: 131, inversion: 131, migrations: 0, hash: 'b2dc6700bc1396d6' },
    'global-ideal': { score: 400, met: 4, missed: 0, stranded: 0, inversion: 0, migrations: 3, hash: '735aef5e105e955b' },
  },
};

const scenarios: Scenario[] = BUILTIN_SCENARIOS.map((input) => loadScenario(input));
const bySlug = (slug: string): Scenario => {
  const s = scenarios.find((x) => x.slug === slug);
  if (!s) throw new Error(`no level ${slug}`);
  return s;
};

function eventsOf(scenario: Scenario, opts: Parameters<typeof simulate>[1]): GameEvent[] {
  const all: GameEvent[] = [];
  simulate(scenario, { ...opts, onTick: (s) => all.push(...s.events) });
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
      expect(CAMPAIGN_IDEAS[s.slug], s.slug).toBeTruthy();
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
  it('has one per level', () => {
    expect(Object.keys(SOLUTIONS).sort()).toEqual([...CAMPAIGN_SLUGS].sort());
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
});
