import { historyFrame, pushHistory, type Frame, type RunHistory } from '../protocol';

/**
 * The recent frames of one run, kept so a view (join, resume, resync) can carry
 * them and a client that missed frames rebuilds its timeline rather than starting
 * it afresh. Bounded by ticks, not frames: whatever the frame rate, it holds the
 * frames covering at most the last `limitTicks` ticks.
 */
export class FrameHistory {
  private readonly h: RunHistory;

  /** @param startTick the run's tick when recording starts (0, or a checkpoint's tick). */
  constructor(private readonly limitTicks: number, startTick = 0) {
    this.h = { since: startTick, frames: [] };
  }

  /** Keeps a frame as it is sent (its arrays are the frame's own: frames are never changed after sending). */
  record(frame: Frame): void {
    pushHistory(this.h, historyFrame(frame), this.limitTicks);
  }

  view(): RunHistory {
    return { since: this.h.since, frames: [...this.h.frames] };
  }
}
