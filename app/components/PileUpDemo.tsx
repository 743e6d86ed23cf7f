'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { summarize, type Action, type Scenario } from '../../server/engine';
import { ReplayTape, type ReplayCursor } from '../lib/replay';
import { Gantt } from './Gantt';
import { DEMO_PANELS, DemoFrame, DemoPanel } from './PileUpFrame';

export interface PileUpDemoProps {
  scenario: Scenario;
  /** The player's moves for the right-hand run. */
  solution: readonly Action[];
  ticksPerSecond?: number;
}

function usePrefersReducedMotion(): boolean {
  const [reduced, setReduced] = useState(false);
  useEffect(() => {
    if (typeof window === 'undefined' || !window.matchMedia) return;
    const mq = window.matchMedia('(prefers-reduced-motion: reduce)');
    setReduced(mq.matches);
    const on = () => setReduced(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return reduced;
}

/**
 * The landing page's live demo: the same task set twice, side by side, simulated by
 * the engine in the browser: Linux 5.11 alone (the pile-up) and with a player's moves.
 * It loops; with reduced motion it waits for a click and shows the end state.
 */
export function PileUpDemo({ scenario, solution, ticksPerSecond = 16 }: PileUpDemoProps) {
  const kernel = useMemo(() => new ReplayTape({ scenario, seed: scenario.seed, actions: [], bot: 'linux-rt-511' }, 20), [scenario]);
  const player = useMemo(() => new ReplayTape({ scenario, seed: scenario.seed, actions: solution, bot: 'linux-rt-511' }, 20), [scenario, solution]);
  const reduced = usePrefersReducedMotion();
  const [playing, setPlaying] = useState(true);
  const [tick, setTick] = useState(0);
  const cursors = useRef<ReplayCursor[]>([kernel.cursorAt(0), player.cursorAt(0)]);
  const taskIndex = useMemo(() => new Map(scenario.tasks.map((t, i) => [t.id, i])), [scenario]);

  useEffect(() => {
    if (reduced) {
      setPlaying(false);
      cursors.current = [kernel.cursorAt(scenario.duration), player.cursorAt(scenario.duration)];
      setTick(scenario.duration);
    }
  }, [reduced, kernel, player, scenario.duration]);

  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    let last = performance.now();
    let carry = 0;
    let hold = 0;
    const frame = (now: number) => {
      const dt = Math.min(250, now - last);
      last = now;
      const c = cursors.current;
      if (c[0].state.tick >= scenario.duration) {
        // Pause on the end state for a moment, then loop.
        hold += dt;
        if (hold > 2500) {
          hold = 0;
          cursors.current = [kernel.cursorAt(0), player.cursorAt(0)];
          setTick(0);
        }
      } else {
        carry += (dt / 1000) * ticksPerSecond;
        const n = Math.floor(carry);
        if (n > 0) {
          carry -= n;
          c[0].advance(n);
          c[1].advance(n);
          setTick(c[0].state.tick);
        }
      }
      raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(raf);
  }, [playing, kernel, player, scenario.duration, ticksPerSecond]);

  const panel = (i: number, tape: ReplayTape, cursor: ReplayCursor) => {
    const m = summarize(cursor.state);
    return (
      <DemoPanel key={i} {...DEMO_PANELS[i]} met={m.met} missed={m.missed} stranded={m.strandedCpuTicks}>
        <Gantt timeline={tape.timeline} version={tape.timeline.version} taskIndex={taskIndex} tick={tick} duration={scenario.duration} windowTicks={scenario.duration} hideFuture zoomable={false} />
      </DemoPanel>
    );
  };

  return (
    <DemoFrame
      panels={[panel(0, kernel, cursors.current[0]), panel(1, player, cursors.current[1])]}
      playing={playing}
      onToggle={() => setPlaying((p) => !p)}
      tick={tick}
      duration={scenario.duration}
    />
  );
}
