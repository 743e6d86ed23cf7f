/** The hidden suite (server/arena/suite.ts): published parameters, seeds from the secret and the version only. */
import { describe, expect, it } from 'vitest';
import { setCount, setSeed, SUITE_V1, suiteFromEnv, suiteKey, suiteSets } from '../../../server/arena/suite';

describe('arena suite', () => {
  it('v1 covers every (utilisation, share) cell with its sets, with the published parameters', () => {
    const sets = suiteSets(SUITE_V1, 'secret-a');
    expect(sets).toHaveLength(setCount(SUITE_V1));
    expect(sets).toHaveLength(SUITE_V1.utilisation.length * SUITE_V1.mdShares.length * SUITE_V1.setsPerCell);
    expect(sets.map((s) => s.index)).toEqual(sets.map((_, i) => i));
    for (const s of sets) {
      expect(s.set).toMatchObject({ cpus: SUITE_V1.cpus, tasks: SUITE_V1.tasks, duration: SUITE_V1.duration, utilisation: s.utilisation, mdShare: s.mdShare });
    }
    expect(new Set(sets.map((s) => `${s.utilisation}/${s.mdShare}`)).size).toBe(SUITE_V1.utilisation.length * SUITE_V1.mdShares.length);
  });

  it('the same secret and version give the same seeds; another secret or version gives others', () => {
    const seeds = (secret: string) => suiteSets(SUITE_V1, secret).map((s) => s.set.setSeed);
    expect(seeds('secret-a')).toEqual(seeds('secret-a'));
    expect(new Set(seeds('secret-a')).size).toBe(setCount(SUITE_V1));
    expect(seeds('secret-b')).not.toEqual(seeds('secret-a'));
    expect(setSeed('secret-a', 2, 0)).not.toBe(setSeed('secret-a', 1, 0));
  });

  it('a resized suite (tests) is stored under its own key, never the published one', () => {
    expect(suiteKey(SUITE_V1)).toBe('1');
    const small = suiteFromEnv({ ARENA_SUITE_SETS: '1', ARENA_SUITE_DURATION: '200' });
    expect(small).toMatchObject({ setsPerCell: 1, duration: 200, cpus: SUITE_V1.cpus });
    expect(suiteKey(small)).toBe('1~sets1~d200');
    expect(suiteFromEnv({})).toEqual(SUITE_V1);
    expect(() => suiteFromEnv({ ARENA_SUITE_SETS: '0' })).toThrow(/ARENA_SUITE_SETS/);
    expect(() => suiteFromEnv({ ARENA_SUITE_DURATION: 'lots' })).toThrow(/ARENA_SUITE_DURATION/);
  });
});
