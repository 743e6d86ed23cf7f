import type { CpuView, GameEvent, Scenario } from '../../server/engine';
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
  stats: { score: number; met: number; missed: number; pending: number; tardiness: number; stranded: number; wasted: number; migrations: number; refused: number };
  /** Sleeping tasks waking soon (they can be placed ahead), soonest first. */
  incoming?: { task: string; at: number }[];
}

export function viewModelFromFrame(scenario: Scenario, frame: Pick<FrameLike, 'tick' | 'cpus' | 'pinned' | 'stats' | 'incoming'>): GameViewModel {
  const s = frame.stats;
  return {
    scenario,
    tick: frame.tick,
    cpus: frame.cpus,
    pinned: frame.pinned,
    stats: { score: s.score, met: s.met, missed: s.missed, pending: s.pending, stranded: s.stranded, wasted: s.wasted, migrations: s.migrations, refused: s.refused, tardiness: s.tardiness },
    ...(frame.incoming ? { incoming: frame.incoming } : {}),
  };
}

/**
 * Records a frame into a timeline: its events tick by tick, then the stranding seen
 * in the frame's CPU views (a frame covering several ticks samples only its last).
 * Frames must arrive in order; a resync starts a new Timeline.
 */
export function recordFrame(timeline: Timeline, frame: FrameLike): void {
  let i = 0;
  const ev = frame.events;
  while (i < ev.length) {
    const tick = ev[i].tick;
    const batch: GameEvent[] = [];
    while (i < ev.length && ev[i].tick === tick) batch.push(ev[i++]);
    timeline.addEvents(tick, batch);
  }
  if (frame.tick > 0) timeline.sample(frame.tick - 1, frame.cpus, frame.pinned);
  timeline.ticks = Math.max(timeline.ticks, frame.tick);
  timeline.version++;
}
