'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { fetchArenaEntry, type ArenaEntryPage } from '../arenaApi';

export function ArenaEntryClient({ id }: { id: string }) {
  const [page, setPage] = useState<ArenaEntryPage | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      const r = await fetchArenaEntry(id);
      if (!live) return;
      if (!r.ok) {
        setError(r.message);
        return;
      }
      setPage(r.value);
      // Still being evaluated: look again shortly.
      if (r.value.entry.status === 'queued' || r.value.entry.status === 'evaluating') timer = setTimeout(() => void load(), 2000);
    };
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id]);

  const e = page?.entry;
  return (
    <div className="flex flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-sm"><Link href="/arena" className="text-oi-sky underline-offset-4 hover:underline">← Arena</Link></nav>
      {error && <p role="alert" className="rounded border border-oi-vermillion bg-oi-vermillion/10 px-3 py-2 text-sm">{error}</p>}
      {!page && !error && <p className="text-muted">Loading…</p>}
      {e && page && (
        <>
          <h1 className="text-3xl font-bold">{e.name}{e.bot && <span className="ml-3 align-middle text-base text-muted">(built-in bot)</span>}</h1>
          {e.description && <p className="text-muted">{e.description}</p>}
          <p className="text-sm" data-testid="arena-entry-status">
            {e.rank !== null ? `Rank ${e.rank}` : e.status === 'faulted' ? 'Faulted (unranked)' : e.status === 'refused' ? 'Not evaluated' : e.status === 'queued' ? 'Queued' : `Evaluating: ${e.setsDone} of ${e.sets} sets`}
            {e.totals && ` · missed ${e.totals.missed} · wasted CPU ${e.totals.wasted} · stranded CPU ${e.totals.stranded} · migrations ${e.totals.migrations}`}
          </p>
          {e.fault && <p role="note" className="text-sm text-oi-orange">Fault: {e.fault.kind}: {e.fault.message}</p>}

          <section aria-labelledby="sets-title">
            <h2 id="sets-title" className="text-lg font-semibold">Per-set results</h2>
            <div className="overflow-x-auto">
              <table className="mt-2 w-full text-sm" data-testid="arena-sets">
                <thead>
                  <tr className="border-b border-line text-left text-muted">
                    <th scope="col" className="py-1 pr-3">Set</th>
                    <th scope="col" className="py-1 pr-3">Utilisation</th>
                    <th scope="col" className="py-1 pr-3">MD share</th>
                    <th scope="col" className="py-1 pr-3 text-right">Missed</th>
                    <th scope="col" className="py-1 pr-3 text-right">Wasted</th>
                    <th scope="col" className="py-1 pr-3 text-right">Stranded</th>
                    <th scope="col" className="py-1 pr-3 text-right">Migrations</th>
                    <th scope="col" className="py-1 pr-3 text-right">Score</th>
                    <th scope="col" className="py-1 pr-3">Fault</th>
                    <th scope="col" className="py-1 pr-3"><span className="sr-only">Replay</span></th>
                  </tr>
                </thead>
                <tbody>
                  {page.results.map((s) => (
                    <tr key={s.setIndex} className="border-b border-line/50" data-testid="arena-set-row">
                      <td className="py-1 pr-3">{s.setIndex + 1}</td>
                      <td className="py-1 pr-3">{s.utilisation}</td>
                      <td className="py-1 pr-3">{s.mdShare}</td>
                      <td className="py-1 pr-3 text-right">{s.missed}</td>
                      <td className="py-1 pr-3 text-right">{s.wasted}</td>
                      <td className="py-1 pr-3 text-right">{s.stranded}</td>
                      <td className="py-1 pr-3 text-right">{s.migrations}</td>
                      <td className="py-1 pr-3 text-right">{s.score}</td>
                      <td className="py-1 pr-3">{s.fault ? `${s.fault.kind} at tick ${s.fault.tick}` : '—'}</td>
                      <td className="py-1 pr-3">
                        <Link href={`/arena/${e.id}/replay/${s.setIndex}`} className="text-oi-sky underline-offset-4 hover:underline" data-testid="arena-set-replay">Replay set {s.setIndex + 1}</Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          {!e.bot && (
            <section aria-labelledby="code-title">
              <h2 id="code-title" className="text-lg font-semibold">Code</h2>
              <pre className="mt-2 max-h-[32rem] overflow-auto rounded border border-line bg-ink p-3 text-xs" data-testid="arena-entry-code">{page.code}</pre>
            </section>
          )}
        </>
      )}
    </div>
  );
}
