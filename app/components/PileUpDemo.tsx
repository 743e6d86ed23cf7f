'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { summarize, type Action, type Scenario } from '../../server/engine';
import { ReplayTape, type ReplayCursor } from '../lib/replay';
import { Gantt } from './Gantt';

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

  const panel = (label: string, tape: ReplayTape, cursor: ReplayCursor, tone: string) => {
    const m = summarize(cursor.state);
    return (
      <figure className="min-w-0 flex-1 rounded-lg border border-line bg-panel p-3">
        <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-2 text-sm">
          <span className={`font-semibold ${tone}`}>{label}</span>
          <span className="font-mono text-xs text-muted">
            met <span className="text-oi-green">{m.met}</span> · missed <span className="text-oi-vermillion">{m.missed}</span> · stranded <span className="text-oi-orange">{m.strandedCpuTicks}</span>
          </span>
        </figcaption>
        <Gantt timeline={tape.timeline} version={tape.timeline.version} taskIndex={taskIndex} tick={tick} duration={scenario.duration} windowTicks={scenario.duration} hideFuture zoomable={false} />
      </figure>
    );
  };

  return (
    <div className="flex flex-col gap-2" data-testid="pileup-demo">
      <div className="flex flex-col gap-3 lg:flex-row">
        {panel('Linux 5.11 alone: the pile-up on CPU 0', kernel, cursors.current[0], 'text-oi-orange')}
        {panel('A player who moves each waker away', player, cursors.current[1], 'text-oi-sky')}
      </div>
      <div className="flex items-center gap-3 text-xs text-muted">
        <button type="button" className="rounded border border-line bg-panel2 px-2 py-1 text-fg" onClick={() => setPlaying((p) => !p)}>
          {playing ? '❚❚ Pause demo' : '▶ Play demo'}
        </button>
        <span>Tick {tick}/{scenario.duration}. Hatched: inside migrate_disable(). Red underline: a CPU idles while a pinned task waits.</span>
      </div>
    </div>
  );
}
