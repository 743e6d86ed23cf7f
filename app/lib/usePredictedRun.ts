'use client';
import { useEffect, useMemo, useState } from 'react';
import { MAX_QUIET_TICKS, predictPicture, type RunPicture } from '../../server/protocol';

/**
 * The run as it stands now, between two server frames: the server sends a frame only when
 * something happened (or every few ticks), so the board runs the last picture on by the ticks
 * elapsed since it arrived, the same prediction the server checks before it stays quiet
 * (protocol/frames.ts). At most MAX_QUIET_TICKS ahead: past that the server is late, not calm.
 * `ticksPerSecond` null (paused, ended, lobby): the picture as it came.
 */
export function usePredictedRun<R extends RunPicture>(run: R, ticksPerSecond: number | null, lastTick: number): R {
  const [ahead, setAhead] = useState(0);
  useEffect(() => {
    setAhead(0);
    if (!ticksPerSecond || run.tick >= lastTick) return;
    const period = 1000 / ticksPerSecond;
    const arrived = performance.now();
    const limit = Math.min(MAX_QUIET_TICKS, lastTick - run.tick);
    const timer = setInterval(() => {
      const k = Math.min(limit, Math.floor((performance.now() - arrived) / period));
      setAhead(k);
      if (k >= limit) clearInterval(timer);
    }, period / 2);
    return () => clearInterval(timer);
  }, [run, ticksPerSecond, lastTick]);
  return useMemo(() => (ahead > 0 ? { ...run, ...predictPicture(run, ahead) } : run), [run, ahead]);
}
