'use client';

import dynamic from 'next/dynamic';
import { useEffect, useState, type ReactNode } from 'react';
import { afterLoad } from '../lib/afterLoad';
import type { SoloGameProps } from './SoloGame';

// The game (engine, lanes, timeline, result) is not needed to read the lesson: it is
// fetched once the page has loaded, and shown when the player presses Start.
const loadSoloGame = () => import('./SoloGame');
const SoloGame = dynamic(() => loadSoloGame().then((m) => m.SoloGame), {
  ssr: false,
  loading: () => <p role="status" className="text-muted">Loading the game…</p>,
});

export interface SoloLevelProps extends Omit<SoloGameProps, 'started'> {
  /** Shown before the run starts: the lesson. */
  intro?: ReactNode;
}

/** A solo level as a page shows it: the lesson and a Start button, then the game. */
export function SoloLevel({ intro, ...game }: SoloLevelProps) {
  const [phase, setPhase] = useState<'intro' | 'play'>(intro ? 'intro' : 'play');
  useEffect(() => afterLoad(() => void loadSoloGame()), []);
  if (phase === 'play') return <SoloGame {...game} started={!!intro} />;
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
