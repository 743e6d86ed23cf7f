'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { baselineScores, scoreOf, summarize, type BotName } from '../../server/engine';
import { BOT_LABEL } from '../lib/explain';
import { ReplayTape, type ReplayCursor, type ReplayInput } from '../lib/replay';
import { SPEEDS } from '../lib/useLocalGame';
import { viewModelOf } from '../lib/viewModel';
import { GameView } from './GameView';

export interface ReplayViewerProps {
  input: ReplayInput;
  /** The score the run claims (checked against the re-simulation and shown if they differ). */
  claimedScore?: number;
  title?: string;
  ticksPerSecond?: number;
  /** Show the bots' scores in the score bar (costs four simulations). */
  showBaselines?: boolean;
}

/**
 * Re-simulates a run with the engine in the browser: play, pause, scrub, speed. The
 * whole run is simulated once (the Gantt shows all of it, with a cursor); scrubbing
 * restarts from the nearest snapshot.
 */
export function ReplayViewer({ input, claimedScore, title, ticksPerSecond = 10, showBaselines = true }: ReplayViewerProps) {
  const tape = useMemo(() => new ReplayTape(input, 50), [input]);
  const cursor = useRef<ReplayCursor>(tape.cursorAt(0));
  const [tick, setTick] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [baselines, setBaselines] = useState<Partial<Record<BotName, number>> | null>(null);
  const carry = useRef(0);

  useEffect(() => {
    cursor.current = tape.cursorAt(0);
    setTick(0);
    setPlaying(false);
  }, [tape]);

  useEffect(() => {
    if (!showBaselines) return;
    const id = setTimeout(() => setBaselines(baselineScores(input.scenario, input.seed)), 0);
    return () => clearTimeout(id);
  }, [input, showBaselines]);

  const seek = useCallback((t: number) => {
    const target = Math.max(0, Math.min(tape.duration, Math.round(t)));
    const c = cursor.current;
    // Forward by a little: step on; otherwise restart from a snapshot.
    if (target >= c.state.tick && target - c.state.tick <= tape.every) c.advance(target - c.state.tick);
    else cursor.current = tape.cursorAt(target);
    setTick(target);
  }, [tape]);

  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    let last = performance.now();
    const frame = (now: number) => {
      const dt = Math.min(250, now - last);
      last = now;
      carry.current += (dt / 1000) * ticksPerSecond * speed;
      const n = Math.floor(carry.current);
      if (n > 0) {
        carry.current -= n;
        cursor.current.advance(n);
        setTick(cursor.current.state.tick);
      }
      if (cursor.current.state.tick >= tape.duration) setPlaying(false);
      else raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(raf);
  }, [playing, speed, ticksPerSecond, tape]);

  const model = useMemo(() => viewModelOf(cursor.current), [tick]);
  const finalScore = scoreOf(summarize(tape.final));
  const mismatch = claimedScore !== undefined && claimedScore !== finalScore;
  const btn = 'rounded-md border border-line bg-panel2 px-3 py-1.5 text-sm font-semibold hover:bg-line disabled:opacity-40';

  const controls = (
    <div role="group" aria-label="Replay controls" className="flex flex-wrap items-center gap-2">
      <button type="button" className={`${btn} min-w-20`} data-testid="replay-play"
        onClick={() => { if (tick >= tape.duration) seek(0); setPlaying((p) => !p); }}>
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <button type="button" className={btn} onClick={() => { setPlaying(false); seek(tick + 1); }} disabled={tick >= tape.duration} data-testid="replay-step">
        Step +1
      </button>
      <label className="flex min-w-48 flex-1 items-center gap-2 text-sm text-muted">
        <span>Tick</span>
        <input
          type="range"
          min={0}
          max={tape.duration}
          value={tick}
          onChange={(e) => { setPlaying(false); seek(Number(e.target.value)); }}
          className="flex-1 accent-oi-sky"
          aria-valuetext={`tick ${tick} of ${tape.duration}`}
          data-testid="replay-scrub"
        />
        <span className="w-20 font-mono text-fg">{tick}/{tape.duration}</span>
      </label>
      <label className="flex items-center gap-1 text-sm text-muted">
        Speed
        <select className="rounded-md border border-line bg-panel2 px-2 py-1.5 text-fg" value={speed} onChange={(e) => setSpeed(Number(e.target.value))} data-testid="replay-speed">
          {SPEEDS.map((s) => <option key={s} value={s}>{s}x</option>)}
        </select>
      </label>
      <button type="button" className={btn} onClick={() => { setPlaying(false); seek(tape.duration); }}>End ⇥</button>
    </div>
  );

  return (
    <section aria-label={title ?? 'Replay'} className="flex flex-col gap-3" data-testid="replay-viewer">
      <header className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h2 className="text-lg font-bold">{title ?? `Replay: ${input.scenario.title}`}</h2>
        <span className="text-sm text-muted">
          seed {input.seed} · balancer {BOT_LABEL[input.bot ?? input.scenario.balancer]} · {input.actions.length} player move{input.actions.length === 1 ? '' : 's'} · final score{' '}
          <strong className="font-mono text-oi-yellow" data-testid="replay-final-score">{finalScore}</strong>
        </span>
      </header>
      {mismatch && (
        <p role="alert" className="rounded border border-oi-vermillion bg-oi-vermillion/15 px-3 py-2 text-sm">
          This replay re-simulates to a score of {finalScore}, not the {claimedScore} it claims: it was recorded with a different engine version or edited.
        </p>
      )}
      <GameView model={model} timeline={tape.timeline} timelineVersion={tape.timeline.version} controls={controls} baselines={baselines} onSeek={(t) => { setPlaying(false); seek(t); }} windowTicks={Math.min(tape.duration, 400)} />
    </section>
  );
}
