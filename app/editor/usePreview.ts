'use client';

import { useEffect, useRef, useState } from 'react';
import type { Scenario } from '../../server/engine';
import type { BotPreview, PreviewReply, PreviewRequest } from '../lib/editorPreview';

export interface PreviewState {
  /** The scenario these runs are of (null before the first valid draft). */
  scenario: Scenario | null;
  runs: BotPreview[];
  par: { score: number; optimal: boolean } | null;
  running: boolean;
  error: string | null;
}

/** Wait this long after the last edit before simulating: a burst of keystrokes runs once. */
const SETTLE_MS = 250;

/**
 * Runs the preview worker on every valid draft. A newer draft supersedes a running
 * preview: the busy worker is terminated (its work is of no use any more) and a fresh
 * one started; an idle worker is reused.
 */
export function usePreview(scenario: Scenario | null, withPar: boolean): PreviewState {
  const [state, setState] = useState<PreviewState>({ scenario: null, runs: [], par: null, running: false, error: null });
  const worker = useRef<Worker | null>(null);
  const busy = useRef(false);
  const seq = useRef(0);
  /** Bots the current preview has finished (a bot no longer run is dropped when it ends). */
  const done = useRef(new Set<string>());

  useEffect(() => () => { worker.current?.terminate(); worker.current = null; }, []);

  useEffect(() => {
    if (!scenario) return;
    const timer = setTimeout(() => {
      if (worker.current && busy.current) {
        worker.current.terminate();
        worker.current = null;
      }
      if (!worker.current) {
        const w = new Worker(new URL('./preview.worker.ts', import.meta.url), { type: 'module' });
        w.onmessage = (e: MessageEvent<PreviewReply>) => {
          const m = e.data;
          if (m.id !== seq.current) return;
          if (m.kind === 'bot') done.current.add(m.run.bot);
          // A bot's new run replaces its old one in place: the table does not blank out between edits.
          if (m.kind === 'bot') setState((s) => ({ ...s, runs: upsert(s.runs, m.run) }));
          else if (m.kind === 'par') setState((s) => ({ ...s, par: { score: m.score, optimal: m.optimal } }));
          else {
            busy.current = false;
            setState((s) => ({ ...s, runs: m.kind === 'done' ? s.runs.filter((r) => done.current.has(r.bot)) : s.runs, running: false, error: m.kind === 'error' ? m.message : null }));
          }
        };
        w.onerror = () => {
          busy.current = false;
          setState((s) => ({ ...s, running: false, error: 'the preview stopped unexpectedly' }));
        };
        worker.current = w;
      }
      const id = ++seq.current;
      busy.current = true;
      done.current = new Set();
      setState((s) => ({ scenario, runs: s.runs, par: null, running: true, error: null }));
      const req: PreviewRequest = { id, scenario, par: withPar };
      worker.current.postMessage(req);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [scenario, withPar]);

  return state;
}

function upsert(runs: readonly BotPreview[], run: BotPreview): BotPreview[] {
  const i = runs.findIndex((r) => r.bot === run.bot);
  return i < 0 ? [...runs, run] : runs.map((r, j) => (j === i ? run : r));
}
