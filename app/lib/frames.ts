import type { CpuView, GameEvent, LiveStats, Scenario, TaskProgress } from '../../server/engine';
import type { Timeline } from './timeline';
import type { GameViewModel } from './viewModel';

/**
 * Adapters for server-driven play (classroom rounds): a room's frame, as
 * server/protocol/views.ts defines it, becomes the GameView's model and feeds its
 * timeline. Structural types, so the UI does not depend on the protocol module.
 */
export interface FrameLike {
  /** Ticks run so far. */
  tick: number;
  cpus: CpuView[];
  pinned: { task: string; cpu: number }[];
  /** Events of the ticks this frame covers, each stamped with its tick. */
  events: (GameEvent & { tick: number })[];
  stats: LiveStats;
  /** Sleeping tasks waking soon (they can be placed ahead), soonest first. */
  incoming?: { task: string; at: number }[];
  /** Each runnable task's head job (segments, how far, deadline): the chips draw it as in solo play. */
  progress?: Record<string, TaskProgress>;
}

/** What recording needs of a frame (a view's history frames carry just this). */
export type RecordedFrame = Pick<FrameLike, 'tick' | 'events' | 'cpus' | 'pinned'>;

export function viewModelFromFrame(scenario: Scenario, frame: Pick<FrameLike, 'tick' | 'cpus' | 'pinned' | 'stats' | 'incoming' | 'progress'>): GameViewModel {
  return {
    scenario,
    tick: frame.tick,
    cpus: frame.cpus,
    pinned: frame.pinned,
    stats: frame.stats,
    ...(frame.incoming ? { incoming: frame.incoming } : {}),
    ...(frame.progress ? { progress: frame.progress } : {}),
  };
}

/**
 * Records a frame into a timeline: its events tick by tick, then the stranding seen
 * in the frame's CPU views. The server skips quiet ticks (no events: the machine stood
 * as the last frame showed it), so those are sampled from the last frame; ticks between
 * two events of one frame (a clock catching up) are not sampled. Frames must arrive in
 * order (a view's history fills a gap: see room-timeline.ts).
 */
// Generic so a whole Frame (stats and all) can be passed as it is.
export function recordFrame<F extends RecordedFrame>(timeline: Timeline, frame: F): void {
  const ev = frame.events;
  const last = timeline.last;
  if (last) {
    // A frame's events are of ticks before its own: the first of them ends the quiet stretch.
    const quietUntil = ev.length ? ev[0].tick : frame.tick - 1;
    for (let t = timeline.ticks; t < quietUntil; t++) timeline.sample(t, last.cpus, last.pinned);
  }
  let i = 0;
  while (i < ev.length) {
    const tick = ev[i].tick;
    const batch: GameEvent[] = [];
    while (i < ev.length && ev[i].tick === tick) batch.push(ev[i++]);
    timeline.addEvents(tick, batch);
  }
  if (frame.tick > 0) timeline.sample(frame.tick - 1, frame.cpus, frame.pinned);
  timeline.last = { cpus: frame.cpus, pinned: frame.pinned };
  timeline.ticks = Math.max(timeline.ticks, frame.tick);
  timeline.version++;
}
