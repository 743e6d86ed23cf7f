import { describe, expect, it } from 'vitest';
import { loadScenario, scenarioToJson, simulate } from '../../../server/engine';
import { replayFromDoc } from '../../../app/lib/replayDoc';
import { builtinBySlug } from '../../../server/engine/levels';

const scenario = loadScenario(builtinBySlug('pinning'));
const actions = [{ tick: 6, type: 'migrate' as const, task: 'H', cpu: 1 }];

describe('replayFromDoc', () => {
  it('reads the server\'s ReplayDoc (format 1) into viewer input that re-simulates to its score', () => {
    const score = simulate(scenario, { seed: 1, actions }).result.score;
    const doc = { format: 1, runId: 'r1', scenario: scenarioToJson(scenario), scenarioVersion: 1, seed: 1, bot: 'linux-rt-511', actions, finalHash: 'x', score, verified: true };
    const r = replayFromDoc(JSON.parse(JSON.stringify(doc)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.input.bot).toBe('linux-rt-511');
    expect(r.value.claimedScore).toBe(score);
    expect(simulate(r.value.input.scenario, { seed: r.value.input.seed, actions: [...r.value.input.actions], ...(r.value.input.bot ? { bot: r.value.input.bot } : {}) }).result.score).toBe(score);
    expect(r.value.note).toBeUndefined();
  });

  it('names what is wrong: a bad scenario field, a bad action log, a missing seed', () => {
    const bad = replayFromDoc({ scenario: { ...scenarioToJson(scenario), cpus: 0 }, seed: 1, actions: [] });
    expect(bad).toEqual({ ok: false, error: expect.stringMatching(/^The replay's scenario is invalid: cpus: /) });
    expect(replayFromDoc({ scenario: scenarioToJson(scenario), seed: 1, actions: [{ tick: -1, type: 'jump' }] }).ok).toBe(false);
    expect(replayFromDoc({ scenario: scenarioToJson(scenario), actions: [] })).toEqual({ ok: false, error: expect.stringMatching(/^Not a replay: seed/) });
  });

  it('replays a run stored under the old bot name global-ideal as greedy-global', () => {
    const r = replayFromDoc({ scenario: scenarioToJson(scenario), seed: 1, actions: [], bot: 'global-ideal' });
    expect(r.ok && r.value.input.bot).toBe('greedy-global');
  });

  it('ignores an unknown bot name and flags unverified runs', () => {
    const r = replayFromDoc({ scenario: scenarioToJson(scenario), seed: 1, actions: [], bot: 'skynet', verified: false });
    expect(r.ok && r.value.input.bot).toBe(undefined);
    expect(r.ok && r.value.note).toBe('This run was not verified by the server.');
  });
});
