/** The host's seed field (room creation and another round): empty means the scenario's own seed. */
import { describe, expect, it } from 'vitest';
import { parseSeedField } from '../../../app/lib/seedField';

describe('parseSeedField', () => {
  it('takes empty (or blank) as the scenario’s own seed and a 32-bit whole number as given', () => {
    expect(parseSeedField('')).toEqual({ ok: true, seed: undefined });
    expect(parseSeedField('  ')).toEqual({ ok: true, seed: undefined });
    expect(parseSeedField('0')).toEqual({ ok: true, seed: 0 });
    expect(parseSeedField('4294967295')).toEqual({ ok: true, seed: 0xffffffff });
  });

  it('refuses fractions, negatives, values past 32 bits and words, with the rule in the message', () => {
    for (const bad of ['1.5', '-1', '4294967296', 'seven']) {
      const r = parseSeedField(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/0 to 4294967295/);
    }
  });
});
