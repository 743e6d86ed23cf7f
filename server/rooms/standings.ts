import type { StandingRow } from '../protocol';

/**
 * Race ranking: best score first; ties by fewer misses, then less stranding; rows
 * equal on all three share a rank (1, 2, 2, 4); the input order (join order)
 * keeps the listing stable. Returns new rows, ranked.
 */
export function rankStandings(rows: readonly Omit<StandingRow, 'rank'>[]): StandingRow[] {
  const order = rows.map((r, i) => ({ r, i }));
  order.sort((a, b) => b.r.score - a.r.score || a.r.missed - b.r.missed || a.r.stranded - b.r.stranded || a.i - b.i);
  const out: StandingRow[] = [];
  order.forEach(({ r }, i) => {
    const prev = out[i - 1];
    const tied = prev !== undefined && prev.score === r.score && prev.missed === r.missed && prev.stranded === r.stranded;
    out.push({ ...r, rank: tied ? prev.rank : i + 1 });
  });
  return out;
}
