'use client';
/**
 * A room's results over its rounds: one line per student, one column per round (score
 * and rank in that round), then the total and its rank. The same grid for the live
 * room (the host's and players' pages, from the rounds the server keeps) and for the
 * room leaderboard (from the stored runs): ranks always come from the one ranking rule
 * of rooms (protocol/ranking.ts). A removed student is listed, marked, unranked.
 */
import Link from 'next/link';
import { roomTotals, type RoundResult } from '@/server/protocol';

export interface GridRound {
  round: number;
  scenario: string;
  title: string;
  /** Co-op: the team's score that round (shown once in the column head). */
  team?: number;
}

export interface GridCell {
  score: number;
  rank: number | null;
  status: 'played' | 'removed' | 'unverified';
  runId?: string;
}

export interface GridRow {
  id: string;
  nick: string;
  removed: boolean;
  cells: Record<number, GridCell>;
  total: { score: number; played: number; rank: number | null };
}

/** The live room's rounds as a grid: totals per seat by the same rule as everywhere. */
export function gridOfRounds(rounds: readonly RoundResult[]): { rounds: GridRound[]; rows: GridRow[] } {
  const cells = new Map<string, Record<number, GridCell>>();
  for (const r of rounds) {
    for (const row of r.rows) {
      const c = cells.get(row.seatId) ?? {};
      c[r.round] = { score: row.score, rank: row.rank, status: row.removed ? 'removed' : 'played' };
      cells.set(row.seatId, c);
    }
  }
  const totals = roomTotals(rounds.map((r) => r.rows.map((x) => ({ id: x.seatId, nick: x.nick, score: x.score, met: x.met, missed: x.missed, stranded: x.stranded, removed: x.removed === true }))));
  return {
    rounds: rounds.map((r) => ({ round: r.round, scenario: r.scenarioSlug, title: r.title, ...(r.team ? { team: r.team.score } : {}) })),
    rows: totals.map((t) => ({ id: t.id, nick: t.nick, removed: t.removed, cells: cells.get(t.id) ?? {}, total: { score: t.score, played: t.played, rank: t.rank } })),
  };
}

export function ResultsGrid({ rounds, rows, caption, youId, replays, large }: {
  rounds: GridRound[];
  rows: GridRow[];
  caption: string;
  youId?: string;
  /** Link each stored run to its replay. */
  replays?: boolean;
  /** Projector: larger type. */
  large?: boolean;
}) {
  const pad = large ? 'px-4 py-2' : 'px-3 py-2';
  return (
    <div className="overflow-x-auto rounded-lg border border-line">
      <table className={`w-full text-left ${large ? 'text-xl' : 'text-sm'}`} data-testid="results-grid">
        <caption className="bg-panel px-3 py-2 text-left font-semibold">{caption}</caption>
        <thead className="bg-panel2 text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className={pad}>#</th>
            <th scope="col" className={pad}>Player</th>
            {rounds.map((r) => (
              <th key={r.round} scope="col" className={`${pad} text-right`} data-round={r.round}>
                Round {r.round}
                <span className="block font-normal normal-case">{r.title || r.scenario}</span>
                {r.team !== undefined && <span className="block font-normal normal-case">team {r.team}</span>}
              </th>
            ))}
            <th scope="col" className={`${pad} text-right`}>Total</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="results-row" data-nick={row.nick} data-rank={row.total.rank ?? ''} data-removed={row.removed ? 'true' : undefined}
              className={`border-t border-line ${row.id === youId ? 'bg-oi-sky/10' : ''} ${row.removed ? 'text-muted' : ''}`}>
              <td className={`${pad} tabular-nums`} data-testid="total-rank">{row.total.rank ?? <span aria-label="not ranked">–</span>}</td>
              <td className={`${pad} font-medium`}>
                {row.nick}
                {row.removed && <span className="ml-2 rounded border border-oi-vermillion/70 px-1.5 text-xs font-semibold text-fg">removed</span>}
              </td>
              {rounds.map((r) => {
                const c = row.cells[r.round];
                return (
                  <td key={r.round} className={`${pad} text-right tabular-nums`} data-round={r.round} data-rank={c?.rank ?? ''} data-status={c?.status ?? 'absent'}>
                    {c ? (
                      <>
                        <span className="font-semibold" data-testid="round-score">{c.score}</span>
                        <span className="ml-1 text-xs text-muted">{c.rank !== null ? `#${c.rank}` : c.status}</span>
                        {replays && c.runId && (
                          <Link href={`/replay?run=${encodeURIComponent(c.runId)}`} className="ml-2 text-xs text-oi-sky underline"
                            aria-label={`Replay of ${row.nick}'s round ${r.round}, score ${c.score}`}>▶</Link>
                        )}
                      </>
                    ) : <span className="text-muted" aria-label="not in this round">–</span>}
                  </td>
                );
              })}
              <td className={`${pad} text-right font-semibold tabular-nums`} data-testid="total-score">{row.total.score}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr><td colSpan={rounds.length + 3} className="px-3 py-6 text-center text-muted">No finished round yet.</td></tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
