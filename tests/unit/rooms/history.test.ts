import { describe, expect, it } from 'vitest';
import type { Frame, FrameEvent } from '../../../server/protocol';
import { FrameHistory } from '../../../server/rooms/history';

const stats = { score: 0, met: 0, missed: 0, pending: 0, tardiness: 0, stranded: 0, wasted: 0, migrations: 0, refused: 0 };

/** A frame covering ticks [from, to): one release event per tick, so every tick's presence can be checked. */
function frame(from: number, to: number, version: number): Frame {
  const events: FrameEvent[] = [];
  for (let t = from; t < to; t++) events.push({ type: 'md-enter', task: 'T', cpu: 0, tick: t } as FrameEvent);
  return { roomId: 'r', runId: 'main', tick: to, version, cpus: [], pinned: [], incoming: [], plans: [], progress: {}, events, stats, rates: { tardiness: 0, stranded: 0, wasted: 0 } };
}

describe('a run\'s frame history', () => {
  it('keeps every event of the last N ticks and nothing older, whatever the frame spacing', () => {
    const N = 50;
    const h = new FrameHistory(N);
    // Frames of 1 to 4 ticks each (busy ticks and quiet stretches), far past N.
    let tick = 0;
    for (let v = 1; tick < 1000; v++) {
      const to = tick + 1 + (v % 4);
      h.record(frame(tick, to, v));
      tick = to;
      const { since, frames } = h.view();
      // Bounded: the history spans at most N ticks...
      expect(tick - since).toBeLessThanOrEqual(N);
      // ...yet loses nothing of them: every tick from `since` to now has its event, once, in order.
      const ticks = frames.flatMap((f) => f.events.map((e) => e.tick));
      expect(ticks).toEqual(Array.from({ length: tick - since }, (_, i) => since + i));
      // And it never drops more than one frame's worth beyond the bound (at most 4 ticks here).
      expect(tick - since).toBeGreaterThan(Math.min(tick, N) - 4);
    }
  });

  it('starts at the run\'s tick (a run restored from a checkpoint has no frames before it)', () => {
    const h = new FrameHistory(400, 120);
    expect(h.view()).toEqual({ since: 120, frames: [] });
    h.record(frame(120, 121, 1));
    expect(h.view().since).toBe(120);
    expect(h.view().frames.map((f) => f.tick)).toEqual([121]);
  });

  it('a single frame longer than N leaves an empty history that starts at its end', () => {
    const h = new FrameHistory(10);
    h.record(frame(0, 30, 1));
    expect(h.view()).toEqual({ since: 30, frames: [] });
  });
});
