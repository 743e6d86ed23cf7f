/**
 * The arena's one ranking rule (README "Arena"): over the whole hidden suite, fewest missed
 * deadlines first, then least wasted CPU time (a CPU idle while a task waits elsewhere), then
 * least stranded CPU time, then the earliest submission (then the id, so the order is total).
 * Only entries evaluated without a fault are ranked; faulted and refused ones are listed unranked.
 */
import type { ArenaTotals } from '../db/arena-types';

export interface Rankable {
  id: string;
  totals: ArenaTotals;
  createdAt: Date;
}

/** Negative when `a` ranks ahead of `b`. */
export function compareArena(a: Rankable, b: Rankable): number {
  return (
    a.totals.missed - b.totals.missed ||
    a.totals.wasted - b.totals.wasted ||
    a.totals.stranded - b.totals.stranded ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Ranks entries 1..n in board order (the order is total: no shared ranks). */
export function rankArena<T extends Rankable>(entries: readonly T[]): (T & { rank: number })[] {
  return [...entries].sort(compareArena).map((e, i) => ({ ...e, rank: i + 1 }));
}
