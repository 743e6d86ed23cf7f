import { describe, expect, it } from 'vitest';
import {
  experimentSchema, experimentSets, LAB_CSV_COLUMNS, LAB_CSV_HEADER, labCsvLine, LabCsvError, parseLabRow, splitCsvLine, type LabRow,
} from '../../../server/engine';

const row: LabRow = {
  cpus: 4, tasks: 12, utilisation: 0.75, mdShare: 0.25, duration: 500, setSeed: 7, simSeed: 7, bot: 'policy:my "best", v2.ts',
  class: 'fifo', mdMode: 'migrate_disable', migrationCost: 0, affinityShare: 0, sporadicShare: 0.25,
  score: 1, jobs: 2, met: 1, missed: 1, missPct: 50, pending: 0, tardiness: 3, stranded: 4, wasted: 5, idle: 6, inversion: 7,
  migrations: 8, preemptions: 9, contextSwitches: 10, finalHash: '0123456789abcdef',
};

describe('lab CSV', () => {
  it('quotes a field with a comma or a quote and reads it back, so a user policy file name survives', () => {
    const line = labCsvLine(row);
    expect(splitCsvLine(line)).toHaveLength(LAB_CSV_COLUMNS.length);
    expect(splitCsvLine(line)[LAB_CSV_COLUMNS.indexOf('bot')]).toBe(row.bot);
    const { score: _s, jobs: _j, met: _m, missed: _x, missPct: _p, pending: _pe, tardiness: _t, stranded: _st, wasted: _w, idle: _i, inversion: _in, migrations: _mi, preemptions: _pr, contextSwitches: _c, finalHash: _h, ...params } = row;
    expect(parseLabRow(line)).toEqual(params);
    expect(parseLabRow(`${LAB_CSV_HEADER}\n${line}`)).toEqual(params);
  });

  it('holds a row to the experiment rules and names the field', () => {
    const bad = labCsvLine({ ...row, bot: 'nope' });
    expect(() => parseLabRow(bad)).toThrow(LabCsvError);
    expect(() => parseLabRow(bad)).toThrow(/unknown bot "nope"/);
    expect(() => parseLabRow(labCsvLine({ ...row, mdShare: 2 }))).toThrow(/mdShares\.0: mdShares must be <= 1/);
    expect(() => parseLabRow(labCsvLine({ ...row, simSeed: -1 }))).toThrow(/sim_seed/);
    expect(() => parseLabRow('"unterminated')).toThrow(/unterminated/);
  });

  it('enumerates sets by utilisation, then share, then seed, with the defaults filled in', () => {
    const e = experimentSchema.parse({ cpus: 2, tasks: 3, utilisation: [0.5, 0.9], mdShares: [0, 1], sets: 2, firstSeed: 10, duration: 100, bots: ['sticky', 'global-ideal'] });
    expect(e.bots).toEqual(['sticky', 'greedy-global']);
    expect(experimentSets(e).map((s) => [s.utilisation, s.mdShare, s.setSeed])).toEqual([
      [0.5, 0, 10], [0.5, 0, 11], [0.5, 1, 10], [0.5, 1, 11], [0.9, 0, 10], [0.9, 0, 11], [0.9, 1, 10], [0.9, 1, 11],
    ]);
    expect(experimentSets(e)[0]).toMatchObject({ class: 'fifo', mdMode: 'migrate_disable', migrationCost: 0, affinityShare: 0, sporadicShare: 0.25 });
  });
});
