import { describe, expect, it } from 'vitest';
import { applyFrame, diffPicture, predictPicture, same, type RunPicture } from '../../../server/protocol';

const stats = { score: 0, met: 1, missed: 0, pending: 1, tardiness: 4, stranded: 2, wasted: 3, migrations: 0, refused: 0 };
const base: RunPicture = {
  tick: 10,
  cpus: [{ cpu: 0, running: 'A', queue: ['B'] }, { cpu: 1, running: null, queue: [] }],
  pinned: [{ task: 'B', cpu: 0 }],
  incoming: [{ task: 'C', at: 30 }],
  plans: [],
  progress: {
    A: { lens: [2, 3, 1], seg: 0, done: 1, deadline: 40, missed: false, costLeft: 1, backlog: 0 },
    B: { lens: [5], seg: 0, done: 0, deadline: 12, missed: true, costLeft: 0, backlog: 0 },
  },
  stats: { ...stats, score: 100 - 4 - 2 },
  rates: { tardiness: 1, stranded: 1, wasted: 2 },
};

describe('frames: the shared prediction', () => {
  it('runs the running job on (migration cost first, then segment after segment) and grows the figures by their rates', () => {
    const p = predictPicture(base, 4);
    expect(p.tick).toBe(14);
    // Tick 1 pays the cost; ticks 2-4 do 3 ticks of body: 1 + 3 = 4 = 2 (segment 0) + 2 into segment 1.
    expect(p.progress.A).toMatchObject({ costLeft: 0, seg: 1, done: 2 });
    // Waiting tasks do not move.
    expect(p.progress.B).toEqual(base.progress.B);
    expect(p.stats).toMatchObject({ tardiness: 8, stranded: 6, wasted: 11, score: 100 - 8 - 6, met: 1 });
    // Composes: 1 + 3 ticks is 4 ticks.
    expect(predictPicture(predictPicture(base, 1), 3)).toEqual(p);
    expect(predictPicture(base, 0)).toBe(base);
  });

  it('a diff holds only what the prediction misses, and applying it gives the picture back', () => {
    const actual = predictPicture(base, 2);
    expect(diffPicture(predictPicture(base, 2), actual)).toEqual({});
    const moved: RunPicture = {
      ...actual,
      cpus: [{ cpu: 0, running: 'A', queue: [] }, { cpu: 1, running: 'B', queue: [] }],
      progress: { A: actual.progress.A },
    };
    const d = diffPicture(predictPicture(base, 2), moved);
    expect(Object.keys(d).sort()).toEqual(['cpus', 'progress']);
    expect(d.progress).toEqual({ B: null });
    expect(applyFrame(base, { roomId: 'r', runId: 'x', tick: 12, version: 2, events: [], ...d })).toEqual(moved);
    // Without a prediction, everything, marked whole.
    expect(diffPicture(null, moved)).toMatchObject({ whole: true, cpus: moved.cpus, progress: moved.progress, rates: moved.rates });
  });

  it('compares plain JSON deeply', () => {
    expect(same({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(same({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(same({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(same({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(same([1, 2], [2, 1])).toBe(false);
    expect(same([1], { 0: 1 })).toBe(false);
    expect(same(null, {})).toBe(false);
    expect(same('1', 1)).toBe(false);
  });
});
