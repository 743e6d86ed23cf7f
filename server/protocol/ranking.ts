/**
 * The one ranking rule of a classroom, used by every surface that shows a rank: the
 * live standings and the host's dashboard (server/rooms), the rounds table of the room
 * view, the room leaderboard and the CSV export (server/db/service.ts). Pure: the
 * browser and the server import it alike.
 *
 * - Order: higher score first; at equal scores fewer missed deadlines, then fewer
 *   stranded CPU-ticks (the score already counts both; these say who kept the
 *   machine healthier when the points are level).
 * - Standard competition ranking: rows equal on score, missed and stranded share a
 *   rank and the next rank skips (1, 1, 1, 4). Nothing else breaks a tie: not who
 *   joined or finished first.
 * - Listing order inside a tie: by nickname, case-insensitively (then exactly, then
 *   by the row's id), so the same results always list the same way.
 * - Rows that do not compete (a player the host removed, a run the server could not
 *   verify) get no rank and are listed after the ranked ones, in the same order.
 */

/** What ranks a result. */
export interface RankFigures {
  score: number;
  missed: number;
  stranded: number;
}

export interface Rankable extends RankFigures {
  nick: string;
  /** A stable id (seat, player): the last word of the listing order. */
  id: string;
  /** Listed but not ranked (removed by the host, unverified). */
  unranked?: boolean;
}

export type Ranked<T> = T & { rank: number | null };

/** Negative when `a` ranks ahead of `b`, 0 when they tie. */
export function compareFigures(a: RankFigures, b: RankFigures): number {
  return b.score - a.score || a.missed - b.missed || a.stranded - b.stranded;
}

/** Listing order: figures, then nickname (case-insensitive, then exact), then id. */
function listingOrder(a: Rankable, b: Rankable): number {
  const fold = (s: string) => s.toLowerCase();
  return compareFigures(a, b) || cmp(fold(a.nick), fold(b.nick)) || cmp(a.nick, b.nick) || cmp(a.id, b.id);
}

/** Code-unit order: the same on every machine and locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ranks rows by the rule above; returns new rows (ranked first, then the unranked), each with `rank`. */
export function rankRows<T extends Rankable>(rows: readonly T[]): Ranked<T>[] {
  const ranked = rows.filter((r) => !r.unranked).sort(listingOrder);
  const out: Ranked<T>[] = [];
  ranked.forEach((r, i) => {
    const prev = out[i - 1];
    out.push({ ...r, rank: prev && compareFigures(prev, r) === 0 ? prev.rank : i + 1 });
  });
  for (const r of rows.filter((x) => x.unranked).sort(listingOrder)) out.push({ ...r, rank: null });
  return out;
}

/** One player's result in one round, as the totals need it. */
export interface RoundEntry extends RankFigures {
  /** The same player across rounds (a seat id live, a player id in storage). */
  id: string;
  nick: string;
  met: number;
  removed: boolean;
  /** Unranked for another reason than removal (e.g. not verified): counts in no total. */
  excluded?: boolean;
}

export interface TotalRow extends RankFigures {
  id: string;
  nick: string;
  met: number;
  /** Rounds whose result counts in the total. */
  played: number;
  /** Removed by the host in some round: listed, never ranked. */
  removed: boolean;
  rank: number | null;
}

/**
 * Totals over a room's rounds, per player: the sums of the rounds that count, ranked
 * by the same rule. A player removed in any round is removed from the totals too.
 * The nickname shown is the latest one.
 */
export function roomTotals(rounds: readonly (readonly RoundEntry[])[]): TotalRow[] {
  const by = new Map<string, Omit<TotalRow, 'rank'>>();
  for (const round of rounds) {
    for (const e of round) {
      const t = by.get(e.id) ?? { id: e.id, nick: e.nick, score: 0, met: 0, missed: 0, stranded: 0, played: 0, removed: false };
      t.nick = e.nick;
      t.removed ||= e.removed;
      if (!e.excluded) {
        t.score += e.score;
        t.met += e.met;
        t.missed += e.missed;
        t.stranded += e.stranded;
        t.played++;
      }
      by.set(e.id, t);
    }
  }
  return rankRows([...by.values()].map((t) => ({ ...t, unranked: t.removed || t.played === 0 })))
    .map(({ unranked: _u, ...t }) => t);
}
