'use client';

import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { afterLoad } from '../lib/afterLoad';
import type { SoloGameProps } from './SoloGame';
import { loadSoloGame, preloadSoloParts } from './soloParts';

export interface SoloLevelProps extends Omit<SoloGameProps, 'started'> {
  /** Shown before the run starts: the lesson. */
  intro?: ReactNode;
}

/**
 * A solo level as a page shows it: the lesson and a Start button, then the game. The
 * game (engine, lanes, timeline, result) is not needed to read the lesson: it is
 * fetched just after the page has loaded, and shown when the player presses Start.
 */
export function SoloLevel({ intro, ...game }: SoloLevelProps) {
  const [phase, setPhase] = useState<'intro' | 'play'>(intro ? 'intro' : 'play');
  const [Game, setGame] = useState<ComponentType<SoloGameProps> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => afterLoad(() => {
    preloadSoloParts();
    loadSoloGame().then((m) => setGame(() => m.SoloGame), () => setFailed(true));
  }), []);

  if (phase === 'play') {
    if (Game) return <Game {...game} started={!!intro} />;
    return failed
      ? <p role="alert" className="rounded border border-oi-vermillion bg-oi-vermillion/10 px-3 py-2 text-sm">The game could not be loaded: the connection dropped before it arrived. Reload the page once you are back online.</p>
      : <p role="status" className="text-muted">Loading the game…</p>;
  }
  return (
    <div className="flex flex-col gap-4">
      {intro}
      <div>
        <button type="button" autoFocus className="rounded-md bg-oi-green px-5 py-2.5 font-semibold text-ink" onClick={() => setPhase('play')} data-testid="start-level">
          Start ▶
        </button>
      </div>
    </div>
  );
}
