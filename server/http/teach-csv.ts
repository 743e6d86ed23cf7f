/**
 * The teacher's CSV exports (RFC 4180, formula-injection safe: csv.ts's cells). Documented in
 * README "Assignments and class history".
 */
import type { AssignmentRecord, AttemptRecord } from '../db/teach-types';
import type { StudentStanding } from '../db/assignment-results';
import type { ClassResultsResponse } from '../protocol/teach';
import { toCsv } from './csv';

/**
 * An assignment's results, one line per attempt in submission order: the student, the
 * attempt's number, when, whether the server verified it (and why not), its figures, and
 * the student's rank and best score (the same on each of their lines; a `best` flag marks
 * the attempt that is their best). Unverified attempts are listed and never best.
 */
export function assignmentCsv(a: AssignmentRecord, attempts: readonly AttemptRecord[], standings: readonly StudentStanding[]): string {
  const byPlayer = new Map(standings.map((s) => [s.playerId, s]));
  const header = ['assignment', 'scenario', 'version', 'nickname', 'attempt', 'submitted at', 'verified', 'reason', 'score', 'met', 'missed', 'stranded ticks', 'best', 'student rank', 'student best score'];
  const rows = attempts.map((x) => {
    const s = byPlayer.get(x.playerId);
    return [
      a.code, a.scenarioSlug, a.scenarioVersion, x.nickname, x.number, x.submittedAt?.toISOString() ?? null, x.verified, x.verifyNote,
      x.score, x.met, x.missed, x.stranded, s?.best?.id === x.id, s?.rank ?? null, s?.best?.score ?? null,
    ];
  });
  return toCsv(header, rows);
}

/**
 * A class's results, one line per nickname (case-insensitive): per round of each tagged
 * room its score, rank and status; per tagged assignment the best verified score, the
 * rank and the attempts. Empty cells: the nickname was not there.
 */
export function classCsv(r: ClassResultsResponse): string {
  const header = ['nickname'];
  for (const c of r.columns) {
    const p = c.kind === 'round' ? `room ${c.room} round ${c.round} (${c.scenario})` : `assignment ${c.code} (${c.scenario})`;
    header.push(`${p} score`, `${p} rank`, `${p} status`);
    if (c.kind === 'assignment') header.push(`${p} attempts`);
  }
  const rows = r.rows.map((row) => {
    const line: (string | number | null)[] = [row.nickname];
    r.columns.forEach((c, i) => {
      const cell = row.cells[i];
      line.push(cell?.score ?? null, cell?.rank ?? null, cell?.status ?? 'absent');
      if (c.kind === 'assignment') line.push(cell?.attempts ?? 0);
    });
    return line;
  });
  return toCsv(header, rows);
}
