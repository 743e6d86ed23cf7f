'use client';
/**
 * A room's stored results: every round per student with totals, ranked by the one
 * rule of rooms (protocol/ranking.ts, the same as the live standings and the CSV),
 * each run linked to its replay. Loading, missing and error states as the other boards.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { fetchRoomResults, type RoomResultsResult } from '@/app/lib/api';
import { ResultsGrid, type GridRow } from '@/app/room/_components/ResultsGrid';

export function RoomResults({ code }: { code: string }) {
  const [result, setResult] = useState<RoomResultsResult | null>(null);
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  useEffect(() => {
    const ctl = new AbortController();
    setResult(null);
    void fetchRoomResults(code, ctl.signal).then((r) => {
      if (!ctl.signal.aborted) setResult(r);
    });
    return () => ctl.abort();
  }, [code, attempt]);

  const grid = useMemo(() => {
    if (result?.state !== 'ok') return null;
    const r = result.results;
    const rows: GridRow[] = r.rows.map((row) => ({
      id: row.playerId, nick: row.nickname, removed: row.removed,
      cells: Object.fromEntries(Object.entries(row.rounds).map(([n, c]) => [Number(n), { score: c.score, rank: c.rank, status: c.status, runId: c.runId }])),
      total: { score: row.total.score, played: row.total.played, rank: row.total.rank },
    }));
    return { rounds: r.rounds.map((x) => ({ round: x.round, scenario: x.scenario, title: x.title })), rows };
  }, [result]);

  if (!result) {
    return (
      <div role="status" aria-busy="true" className="rounded-lg border border-line bg-panel p-5 text-muted">
        <span aria-hidden="true" className="mr-2 inline-block h-3 w-3 animate-pulse rounded-full bg-oi-sky" />
        Loading the room’s results…
      </div>
    );
  }
  if (result.state === 'missing') return <div role="status" className="rounded-lg border border-line bg-panel p-5 text-muted">No room has the code {code}.</div>;
  if (result.state === 'error') {
    return (
      <div role="alert" className="rounded-lg border border-oi-vermillion/60 bg-oi-vermillion/10 p-5">
        <p>{result.message}</p>
        <button type="button" onClick={retry} className="mt-3 rounded-md border border-line px-3 py-1.5 hover:bg-panel2">Try again</button>
      </div>
    );
  }
  if (!grid || grid.rows.length === 0) return <div role="status" className="rounded-lg border border-line bg-panel p-5 text-muted">No finished runs in this room yet.</div>;
  return <ResultsGrid rounds={grid.rounds} rows={grid.rows} caption={`Room ${code}: every round, with totals`} replays />;
}
