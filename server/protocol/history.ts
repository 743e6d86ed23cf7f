import type { Frame, HistoryFrame, RunHistory } from './views';

/**
 * How far back a run's history reaches, in ticks: every built-in level whole
 * and the widest timeline window (the Gantt shows up to 400 ticks, then 200).
 */
export const HISTORY_TICKS = 400;

/** What a history keeps of a frame. */
export function historyFrame(f: Pick<Frame, 'tick' | 'events' | 'cpus' | 'pinned'>): HistoryFrame {
  return { tick: f.tick, events: f.events, cpus: f.cpus, pinned: f.pinned };
}

/**
 * Appends a frame to a history (in place) and drops whole frames from the front
 * until what is left spans at most `limitTicks` ticks. The one bound rule: the
 * server keeps its history with it and the client its copy.
 */
export function pushHistory(h: RunHistory, f: HistoryFrame, limitTicks: number): void {
  h.frames.push(f);
  while (h.frames.length > 0 && f.tick - h.since > limitTicks) h.since = h.frames.shift()!.tick;
}
