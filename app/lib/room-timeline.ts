import type { Scenario } from '../../server/engine';
import { recordFrame, type RecordedFrame } from './frames';
import { Timeline } from './timeline';

/** A run's recent frames as a view carries them (server/protocol RunHistory, structurally). */
export interface HistoryLike {
  /** Every event of the ticks from here on is in `frames`. */
  since: number;
  frames: RecordedFrame[];
}

/**
 * Brings a classroom timeline up to date with a view's history (join, resume,
 * resync): the frames it lacks are recorded in order. When the timeline stops
 * before the history starts (a gap longer than the server keeps) or there is none
 * yet, a new one starts at the history's first tick. Returns the timeline to use
 * from now on: `tl` itself when it could be continued.
 */
export function catchUpTimeline(tl: Timeline | null, scenario: Pick<Scenario, 'cpus' | 'tasks'>, history: HistoryLike): Timeline {
  let out = tl;
  if (!out || out.ticks < history.since) {
    out = new Timeline(scenario);
    out.ticks = history.since;
  }
  for (const f of history.frames) if (f.tick > out.ticks) recordFrame(out, f);
  return out;
}
