import { describe, expect, it } from 'vitest';
import { cpuViews, createGame, loadScenario, pinnedTasks, stepInPlace } from '../../../server/engine';
import { builtinBySlug } from '../../../server/engine/levels';
import type { HistoryFrame } from '../../../server/protocol';
import { recordFrame } from '../../../app/lib/frames';
import { catchUpTimeline } from '../../../app/lib/room-timeline';
import { Timeline } from '../../../app/lib/timeline';

const scenario = loadScenario(builtinBySlug('pile-up'));

/** The frames a server sends for one run of pile-up, one per tick (tick t: the frame after t ticks). */
function framesOfARun(): HistoryFrame[] {
  const s = createGame(scenario, { bot: 'linux-rt-lazy' });
  const out: HistoryFrame[] = [];
  while (s.tick < scenario.duration) {
    stepInPlace(s, []);
    out.push({ tick: s.tick, cpus: cpuViews(s), pinned: pinnedTasks(s), events: s.events.map((e) => ({ ...e, tick: s.tick - 1 })) });
  }
  return out;
}

function recorded(frames: HistoryFrame[]): Timeline {
  const tl = new Timeline(scenario);
  for (const f of frames) recordFrame(tl, f);
  return tl;
}

function expectSame(a: Timeline, b: Timeline): void {
  expect(a.spans).toEqual(b.spans);
  expect(a.md).toEqual(b.md);
  expect(a.markers).toEqual(b.markers);
  expect(a.strands).toEqual(b.strands);
  expect(a.ticks).toBe(b.ticks);
}

describe('catching a classroom timeline up from a view\'s history', () => {
  const frames = framesOfARun();
  const at = (tick: number) => frames.filter((f) => f.tick <= tick);
  const history = (since: number, upTo: number) => ({ since, frames: frames.filter((f) => f.tick > since && f.tick <= upTo) });

  it('after a reload (no timeline yet), the history alone rebuilds everything it covers', () => {
    const tl = catchUpTimeline(null, scenario, history(0, 80));
    expectSame(tl, recorded(at(80)));
    expect(tl.markers.some((m) => m.tick < 10)).toBe(true);
  });

  it('after a gap, the missed frames are filled in and the earlier history is kept', () => {
    const live = recorded(at(30));
    // Frames 31..55 never arrived; the resync's history covers ticks 20..80.
    const tl = catchUpTimeline(live, scenario, history(20, 80));
    expect(tl).toBe(live);
    expectSame(tl, recorded(at(80)));
  });

  it('a gap longer than the server keeps starts a new timeline at the history\'s first tick', () => {
    const live = recorded(at(10));
    const tl = catchUpTimeline(live, scenario, history(40, 80));
    expect(tl).not.toBe(live);
    expect(tl.markers.every((m) => m.tick >= 40)).toBe(true);
    expect(tl.ticks).toBe(80);
    expect(tl.markers.length).toBeGreaterThan(0);
  });

  it('a history the timeline already has changes nothing', () => {
    const live = recorded(at(60));
    const before = JSON.stringify({ spans: live.spans, markers: live.markers, md: live.md, strands: live.strands });
    expect(catchUpTimeline(live, scenario, history(20, 60))).toBe(live);
    expect(JSON.stringify({ spans: live.spans, markers: live.markers, md: live.md, strands: live.strands })).toBe(before);
  });
});
