import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { portCases, recordCase, type PortRecord } from '../helpers/bot-port-cases';

/**
 * Issue 12: the bots, ported to the policy interface, do exactly what they did before:
 * same final hash, score, figures (the whole metrics summary) and trace (every event of
 * every tick, rule names and kernel notes included) on every built-in level and on
 * generated sets of every kind. The fixture was recorded with the engine before the
 * port (scripts/record-bot-fixture.ts, commit "Fixture: today's bots ...").
 */
const FIXTURE = JSON.parse(readFileSync(join(__dirname, '../fixtures/bot-port.json'), 'utf8')) as Record<string, PortRecord>;

describe('bots ported to the policy interface', () => {
  const cases = portCases();

  it('covers every recorded run', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(FIXTURE).sort());
  });

  for (const group of ['level:', 'gen:0', 'gen:1', 'gen:2', 'gen:3', 'gen:4', 'gen:5', 'gen:6', 'gen:7']) {
    it(`gives bit-identical results (${group})`, () => {
      const mine = cases.filter((c) => c.name.startsWith(group));
      expect(mine.length).toBeGreaterThan(0);
      for (const c of mine) expect({ name: c.name, ...recordCase(c) }).toEqual({ name: c.name, ...FIXTURE[c.name] });
    });
  }
});
