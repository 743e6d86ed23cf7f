/**
 * The policy-run job's timelines (server/sim/policy-run.ts): a run's history frames,
 * recorded into the page's Timeline (app/lib/frames.ts), draw exactly what the browser
 * records when it simulates the same run itself tick by tick (app/lib/replay.ts): the
 * same spans, migrate-disabled stretches, markers and stranding, though quiet ticks are
 * left out of the frames.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, type BotName } from '../../../server/engine';
import { builtinBySlug } from '../../../server/engine/levels';
import { builtinPar } from '../../../server/engine/levels/par';
import { POLICY_RUN_MAX_HISTORY_CHARS, runPolicyJob } from '../../../server/sim/policy-run';
import { BOT_NAMES } from '../../../server/engine';
import { recordFrame } from '../../../app/lib/frames';
import { ReplayTape } from '../../../app/lib/replay';
import { Timeline } from '../../../app/lib/timeline';

const drawn = (tl: Timeline) => ({ spans: tl.spans, md: tl.md, markers: tl.markers, strands: tl.strands, ticks: tl.ticks });

describe('policy-run timelines', () => {
  it.each(['pile-up', 'stopper-race', 'affinity', 'open-problem'])('%s: every bot\'s and par\'s frames draw the timeline the browser records', async (slug) => {
    const input = builtinBySlug(slug)!;
    const scenario = loadScenario(input);
    const bots: BotName[] = ['sticky', 'linux-rt-511', 'greedy-global'];
    const out = await runPolicyJob({ source: 'export function balance() { return []; }', filename: 'p.ts', scenario: input, bots, par: true });
    if (!out.ok) throw new Error(out.loadError.message);
    expect(out.runs.map((r) => r.id)).toEqual(['policy', ...bots, 'par']);
    for (const run of out.runs.slice(1)) {
      const fromFrames = new Timeline(scenario);
      for (const f of run.history.frames) recordFrame(fromFrames, f);
      const actions = run.id === 'par' ? builtinPar(slug)!.actions : [];
      const bot = run.id === 'par' ? scenario.balancer : (run.id as BotName);
      const tape = new ReplayTape({ scenario, seed: scenario.seed, actions, bot });
      expect(run.history.cutAt).toBeNull();
      expect(drawn(fromFrames), `${slug} ${run.id}`).toEqual(drawn(tape.timeline));
      // Bounded: no more frames than ticks, and fewer where ticks were quiet.
      expect(run.history.frames.length).toBeLessThanOrEqual(scenario.duration);
    }
  }, 120_000);

  it('a long run with every bot: each timeline is cut at its share of the size limit, and the answer stays under it', async () => {
    // open-problem stretched to 1,900 ticks: under the cost cap, but its eleven timelines would take about 14 MB.
    const input = { ...builtinBySlug('open-problem')!, slug: 'long-problem', duration: 1900 };
    const bots = BOT_NAMES.filter((b) => b !== 'none');
    const out = await runPolicyJob({ source: 'export function balance() { return []; }', filename: 'p.ts', scenario: input, bots, par: true });
    if (!out.ok) throw new Error(out.loadError.message);
    expect(JSON.stringify(out.runs.map((r) => r.history)).length).toBeLessThanOrEqual(POLICY_RUN_MAX_HISTORY_CHARS);
    // Busy runs are cut (the quiet ones, greedy-global's, may fit whole).
    expect(out.runs.filter((r) => r.history.cutAt !== null).map((r) => r.id)).toEqual(expect.arrayContaining(['policy', 'sticky', 'linux-rt-511']));
    for (const run of out.runs) {
      const last = run.history.frames[run.history.frames.length - 1];
      if (run.history.cutAt === null) {
        expect(last.tick, run.id).toBe(input.duration);
      } else {
        // Cut cleanly: every frame before the cut, none after.
        expect(last.tick, run.id).toBeLessThanOrEqual(run.history.cutAt);
        expect(run.history.cutAt, run.id).toBeLessThan(input.duration);
      }
    }
  }, 180_000);
});
