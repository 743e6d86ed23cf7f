'use client';

import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { parseScenario, type GameEvent, type Scenario } from '../../../../../server/engine';
import { Gantt, GanttLegend } from '../../../../components/Gantt';
import { Timeline } from '../../../../lib/timeline';
import { fetchArenaReplay, type ArenaReplayDoc } from '../../../arenaApi';

/**
 * One set of the hidden suite under an arena entry, re-simulated on the server (user code runs
 * only in the server's sandbox) and drawn on the game's timeline from the frames it sent.
 */
export function ArenaReplayClient({ id, set }: { id: string; set: number }) {
  const [doc, setDoc] = useState<ArenaReplayDoc | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    if (!Number.isInteger(set) || set < 0) {
      setError('Not a set number.');
      return;
    }
    void fetchArenaReplay(id, set).then((r) => {
      if (!live) return;
      if (r.ok) setDoc(r.value);
      else setError(r.message);
    });
    return () => { live = false; };
  }, [id, set]);

  const view = useMemo((): { scenario: Scenario; timeline: Timeline; taskIndex: Map<string, number> } | { error: string } | null => {
    if (!doc) return null;
    const sc = parseScenario(doc.scenario);
    if (!sc.ok) return { error: 'The set\'s scenario did not parse.' };
    const timeline = new Timeline(sc.value);
    doc.frames.forEach((f, i) => timeline.record(i, f.events as unknown as GameEvent[], f.cpus, f.pinned));
    return { scenario: sc.value, timeline, taskIndex: new Map(sc.value.tasks.map((t, i) => [t.id, i])) };
  }, [doc]);

  useEffect(() => {
    if (doc) setTick(doc.frames.length);
  }, [doc]);

  return (
    <div className="flex flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-sm"><Link href={`/arena/${id}`} className="text-oi-sky underline-offset-4 hover:underline">← {doc?.entry.name ?? 'Entry'}</Link></nav>
      <h1 className="text-3xl font-bold">{doc ? `${doc.entry.name}: set ${set + 1}` : `Set ${set + 1}`}</h1>
      {error && <p role="alert" className="rounded border border-oi-vermillion bg-oi-vermillion/10 px-3 py-2 text-sm">{error}</p>}
      {!doc && !error && <p role="status" className="text-muted">Re-simulating the set on the server…</p>}
      {view && 'error' in view && <p role="alert">{view.error}</p>}
      {doc && view && !('error' in view) && (
        <>
          <p className="text-sm" data-testid="arena-replay-figures">
            Utilisation {doc.result.utilisation}, migrate_disable share {doc.result.mdShare}: missed {doc.result.missed}, wasted CPU {doc.result.wasted},
            {' '}stranded CPU {doc.result.stranded}, migrations {doc.result.migrations}, score {doc.result.score}
            {doc.result.fault && ` · fault: ${doc.result.fault.kind} at tick ${doc.result.fault.tick}`}
          </p>
          <section aria-label="Timeline" className="rounded-lg border border-line bg-panel p-2" data-testid="timeline">
            <Gantt timeline={view.timeline} version={view.timeline.version} taskIndex={view.taskIndex} tick={tick} duration={view.scenario.duration} onSeek={setTick} />
            <div className="mt-1"><GanttLegend /></div>
          </section>
          <label className="flex items-center gap-2 text-sm">
            Tick
            <input type="range" min={0} max={doc.frames.length} value={tick} onChange={(e) => setTick(Number(e.target.value))} className="w-full" data-testid="arena-replay-scrub" />
            <span className="w-16 text-right tabular-nums">{tick}</span>
          </label>
        </>
      )}
    </div>
  );
}
