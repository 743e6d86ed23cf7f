'use client';

import { useEffect, type ReactNode } from 'react';
import { SPEEDS } from '../lib/useLocalGame';

export interface SoloControlsProps {
  playing: boolean;
  finished: boolean;
  speed: number;
  onToggle: () => void;
  onStep: () => void;
  onSpeed: (s: number) => void;
  onRestart?: () => void;
  /** Runs to the next decision point (key E). */
  onNextEvent?: () => void;
  /** Auto-pause at decision points: the toggle is shown when a setter is given. */
  autoPause?: boolean;
  onAutoPause?: (on: boolean) => void;
  /** Extra buttons (e.g. "Finish"). */
  children?: ReactNode;
}

/** Pause, speed (0.25x to 8x), single-step and next decision for solo play and replays; keys P, N, E, [ and ]. */
export function SoloControls(p: SoloControlsProps) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const i = SPEEDS.indexOf(p.speed as (typeof SPEEDS)[number]);
      if (e.key === 'p' || e.key === 'P') { e.preventDefault(); p.onToggle(); }
      else if (e.key === 'n' || e.key === 'N') { e.preventDefault(); p.onStep(); }
      else if ((e.key === 'e' || e.key === 'E') && p.onNextEvent) { e.preventDefault(); p.onNextEvent(); }
      else if (e.key === ']') { e.preventDefault(); p.onSpeed(SPEEDS[Math.min(SPEEDS.length - 1, i + 1)]); }
      else if (e.key === '[') { e.preventDefault(); p.onSpeed(SPEEDS[Math.max(0, i - 1)]); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [p]);

  const btn = 'rounded-md border border-line bg-panel2 px-3 py-1.5 text-sm font-semibold hover:bg-line disabled:opacity-40';
  return (
    <div role="group" aria-label="Playback" className="flex flex-wrap items-center gap-2">
      <button type="button" className={`${btn} min-w-20`} onClick={p.onToggle} disabled={p.finished} aria-keyshortcuts="P" data-testid="play-pause">
        {p.playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <button type="button" className={btn} onClick={p.onStep} disabled={p.finished} aria-keyshortcuts="N" data-testid="step">
        Step +1
      </button>
      {p.onNextEvent && (
        <button type="button" className={btn} onClick={p.onNextEvent} disabled={p.finished} aria-keyshortcuts="E" data-testid="next-event"
          title="Run to the next moment you have something to decide: a task waking where another runs, or a CPU idling beside a waiting task">
          Next decision »
        </button>
      )}
      {p.onAutoPause && (
        <label className="flex items-center gap-1 text-sm text-muted" title="Pause by itself when a task wakes where another runs, or a CPU goes idle while a task that could use it waits">
          <input type="checkbox" checked={p.autoPause ?? false} onChange={(e) => p.onAutoPause?.(e.target.checked)} data-testid="auto-pause" />
          Pause at decisions
        </label>
      )}
      <label className="flex items-center gap-1 text-sm text-muted">
        Speed
        <select
          className="rounded-md border border-line bg-panel2 px-2 py-1.5 text-fg"
          value={p.speed}
          onChange={(e) => p.onSpeed(Number(e.target.value))}
          aria-keyshortcuts="[ ]"
          data-testid="speed"
        >
          {SPEEDS.map((s) => <option key={s} value={s}>{s}x</option>)}
        </select>
      </label>
      {p.onRestart && <button type="button" className={btn} onClick={p.onRestart}>↺ Restart</button>}
      {p.children}
      <span className="text-[11px] text-muted">Keys: P play/pause · N step{p.onNextEvent ? ' · E next decision' : ''} · [ ] speed</span>
    </div>
  );
}
