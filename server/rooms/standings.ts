import { rankRows, type StandingRow } from '../protocol';

/**
 * Ranks a round's rows by the one ranking rule (protocol/ranking.ts): best score
 * first, then fewer misses, then less stranding; rows equal on all three share a
 * rank (1, 1, 1, 4) and are listed by nickname; removed players are listed after,
 * unranked. Returns new rows.
 */
export function rankStandings(rows: readonly Omit<StandingRow, 'rank'>[]): StandingRow[] {
  return rankRows(rows.map((r) => ({ ...r, id: r.seatId, unranked: r.removed === true })))
    .map(({ id: _id, unranked: _u, ...r }) => r);
}
