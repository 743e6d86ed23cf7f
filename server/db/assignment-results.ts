/**
 * An assignment's results from its attempts (README "Assignments and class history"): per
 * student, the best verified attempt ranked by the one ranking rule of rooms
 * (protocol/ranking.ts: score, then fewer missed, then fewer stranded; ties share a rank),
 * the attempts made and the last submission. A student whose attempts are all unverified is
 * listed, unranked. The teacher's page, the students' standings, both CSVs and the class
 * page read this.
 */
import { compareFigures, rankRows } from '../protocol/ranking';
import type { AssignmentRecord, AttemptRecord } from './teach-types';

export interface StudentStanding {
  playerId: string;
  /** The nickname of the student's latest attempt. */
  nickname: string;
  rank: number | null;
  best: AttemptRecord | null;
  attempts: number;
  verifiedAttempts: number;
  lastSubmittedAt: Date;
}

export type AssignmentState = 'not-open' | 'open' | 'closed';

/** Open from `opensAt` (inclusive) to `closesAt` (exclusive). */
export function assignmentState(a: Pick<AssignmentRecord, 'opensAt' | 'closesAt'>, nowMs: number): AssignmentState {
  if (nowMs < a.opensAt.getTime()) return 'not-open';
  return nowMs < a.closesAt.getTime() ? 'open' : 'closed';
}

const figures = (a: AttemptRecord) => ({ score: a.score ?? 0, missed: a.missed ?? 0, stranded: a.stranded ?? 0 });

/** `attempts`: completed attempts, in submission order (AssignmentRepo.listAttempts). */
export function assignmentStandings(attempts: readonly AttemptRecord[]): StudentStanding[] {
  const byPlayer = new Map<string, AttemptRecord[]>();
  for (const a of attempts) byPlayer.set(a.playerId, [...(byPlayer.get(a.playerId) ?? []), a]);
  const rows = [...byPlayer.entries()].map(([playerId, list]) => {
    const verified = list.filter((a) => a.verified);
    // The earliest of equal bests: a later tie is no improvement.
    const best = verified.reduce<AttemptRecord | null>((b, a) => (!b || compareFigures(figures(a), figures(b)) < 0 ? a : b), null);
    const last = list[list.length - 1];
    return {
      id: playerId, nick: last.nickname, unranked: best === null, ...(best ? figures(best) : { score: 0, missed: 0, stranded: 0 }),
      standing: { playerId, nickname: last.nickname, best, attempts: list.length, verifiedAttempts: verified.length, lastSubmittedAt: last.submittedAt ?? last.createdAt },
    };
  });
  return rankRows(rows).map((r) => ({ ...r.standing, rank: r.rank }));
}
