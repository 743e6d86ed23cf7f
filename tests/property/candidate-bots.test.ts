import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANDIDATE_BOTS } from '../../server/engine/bots';
import { portCases, recordCase, type PortRecord } from '../helpers/bot-port-cases';

/**
 * The candidate balancers (issue 12 item 2) keep their results through speed work:
 * same final hash, score, figures and trace on every built-in level and on generated
 * sets of every kind as when the fixture was recorded (scripts/record-candidate-fixture.ts,
 * run on commit 0920fd0, before the engine speed work of issue 9).
 */
const FIXTURE = JSON.parse(readFileSync(join(__dirname, '../fixtures/candidate-bots.json'), 'utf8')) as Record<string, PortRecord>;

describe('candidate balancers', () => {
  const cases = portCases(CANDIDATE_BOTS);

  it('covers every recorded run', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(FIXTURE).sort());
  });

  for (const bot of CANDIDATE_BOTS) {
    it(`${bot} gives bit-identical results`, () => {
      const mine = cases.filter((c) => c.bot === bot);
      expect(mine.length).toBeGreaterThan(0);
      for (const c of mine) expect({ name: c.name, ...recordCase(c) }).toEqual({ name: c.name, ...FIXTURE[c.name] });
    });
  }
});
