'use client';
/**
 * A room's stored results: every round per student with totals, ranked by the one
 * rule of rooms (protocol/ranking.ts, the same as the live standings and the CSV),
 * each run linked to its replay. Loading, missing and error states as the other boards.
 */
import { useMemo } from 'react';
import { fetchRoomResults, type RoomResultsResult } from '@/app/lib/api';
import { ErrorPanel, LoadingPanel, NoticePanel, useRetryableFetch } from '@/app/components/Fetched';
import { ResultsGrid, type GridRow } from '@/app/room/_components/ResultsGrid';

export function RoomResults({ code }: { code: string }) {
  const { result, retry } = useRetryableFetch<RoomResultsResult>((signal) => fetchRoomResults(code, signal), code);

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

  if (!result) return <LoadingPanel text="Loading the room’s results…" />;
  if (result.state === 'missing') return <NoticePanel text={`No room has the code ${code}.`} />;
  if (result.state === 'error') return <ErrorPanel message={result.message} retry={retry} />;
  if (!grid || grid.rows.length === 0) return <NoticePanel text="No finished runs in this room yet." />;
  return <ResultsGrid rounds={grid.rounds} rows={grid.rows} caption={`Room ${code}: every round, with totals`} replays />;
}
