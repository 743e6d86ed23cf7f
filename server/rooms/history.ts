import type { Frame, HistoryFrame, RunHistory } from '../protocol';

/**
 * The recent frames of one run, kept so a view (join, resume, resync) can carry
 * them and a client that missed frames rebuilds its timeline rather than starting
 * it afresh. Bounded by ticks, not frames: whatever the frame rate, it holds the
 * frames covering at most the last `limitTicks` ticks, so its size is bounded by
 * limitTicks x (events and CPUs of one tick).
 */
export class FrameHistory {
  private frames: HistoryFrame[] = [];
  /** Every event of the ticks from here on is in `frames`. */
  private since: number;

  /** @param startTick the run's tick when recording starts (0, or a checkpoint's tick). */
  constructor(private readonly limitTicks: number, startTick = 0) {
    this.since = startTick;
  }

  /** Keeps a frame as it is sent (its arrays are the frame's own: frames are never changed after sending). */
  record(frame: Frame): void {
    this.frames.push({ tick: frame.tick, events: frame.events, cpus: frame.cpus, pinned: frame.pinned });
    // Drop whole frames from the front until what is left spans at most limitTicks.
    while (this.frames.length > 0 && frame.tick - this.since > this.limitTicks) {
      this.since = this.frames.shift()!.tick;
    }
  }

  view(): RunHistory {
    return { since: this.since, frames: [...this.frames] };
  }
}
