/** The teacher's CSVs and the standings they read: ranks, ties, unverified attempts, spreadsheet-safe cells. */
import { describe, expect, it } from 'vitest';
import { assignmentStandings, assignmentState } from '../../../server/db/assignment-results';
import type { AssignmentRecord, AttemptRecord } from '../../../server/db/teach-types';
import { assignmentCsv, classCsv } from '../../../server/http/teach-csv';

const A: AssignmentRecord = {
  id: 'a1', code: 'ABC234', ownerAccountId: 't', classId: null, title: 'HW', scenarioId: 's', scenarioSlug: 'pile-up', scenarioVersion: 3,
  opensAt: new Date('2026-12-01T08:00:00Z'), closesAt: new Date('2026-12-02T08:00:00Z'), attemptsAllowed: 3, showScoresBeforeClose: false, createdAt: new Date(0),
};
let n = 0;
function attempt(playerId: string, nickname: string, score: number, over: Partial<AttemptRecord> = {}): AttemptRecord {
  n++;
  return {
    id: `x${n}`, assignmentId: 'a1', playerId, nickname, number: 1, runId: `run${n}`, verified: true, verifyNote: null, score, met: 5, missed: 1, stranded: 0,
    createdAt: new Date(n * 1000), submittedAt: new Date(Date.parse('2026-12-01T09:00:00Z') + n * 1000), ...over,
  };
}

describe('assignment standings', () => {
  it('the best verified attempt ranks (ties share a rank, fewer missed breaks a tie); unverified-only students are listed unranked', () => {
    const rows = [
      attempt('p1', 'ann', 50), attempt('p1', 'Ann', 70, { number: 2 }), attempt('p1', 'Ann', 90, { number: 3, verified: false, verifyNote: 'score-mismatch' }),
      attempt('p2', 'bob', 70), attempt('p3', 'cat', 70, { missed: 0 }), attempt('p4', 'dan', 999, { verified: false }),
    ];
    const s = assignmentStandings(rows);
    expect(s.map((x) => [x.nickname, x.rank, x.best?.score ?? null, x.attempts, x.verifiedAttempts])).toEqual([
      ['cat', 1, 70, 1, 1], ['Ann', 2, 70, 3, 2], ['bob', 2, 70, 1, 1], ['dan', null, null, 1, 0],
    ]);
  });

  it('open from opensAt (inclusive) until closesAt (exclusive)', () => {
    expect(assignmentState(A, A.opensAt.getTime() - 1)).toBe('not-open');
    expect(assignmentState(A, A.opensAt.getTime())).toBe('open');
    expect(assignmentState(A, A.closesAt.getTime() - 1)).toBe('open');
    expect(assignmentState(A, A.closesAt.getTime())).toBe('closed');
  });
});

describe('teacher CSVs', () => {
  it('assignment: one row per attempt; a nickname that looks like a formula is quoted away, commas and quotes escaped', () => {
    const rows = [attempt('p1', '=HYPERLINK("http://x")', 40), attempt('p2', 'Lee, "Jr"', 10, { verified: false, verifyNote: 'hash-mismatch' })];
    const csv = assignmentCsv(A, rows, assignmentStandings(rows)).split('\r\n');
    expect(csv[1]).toBe(`ABC234,pile-up,3,"'=HYPERLINK(""http://x"")",1,${rows[0].submittedAt!.toISOString()},true,,40,5,1,0,true,1,40`);
    expect(csv[2]).toBe(`ABC234,pile-up,3,"Lee, ""Jr""",1,${rows[1].submittedAt!.toISOString()},false,hash-mismatch,10,5,1,0,false,,`);
    expect(csv[3]).toBe('');
  });

  it('class: one row per nickname, a group per round and per assignment, absent cells marked', () => {
    const csv = classCsv({
      class: { id: 'c', name: 'P1', createdAt: new Date(0).toISOString() },
      columns: [{ kind: 'round', room: 'ROOM22', round: 1, scenario: 'edf', title: 'EDF' }, { kind: 'assignment', id: 'a1', code: 'ABC234', title: 'HW', scenario: 'pile-up' }],
      rows: [{ nickname: '+sum', cells: [null, { score: -5, rank: 1, status: 'played', attempts: 2 }] }],
    });
    expect(csv).toBe(
      'nickname,room ROOM22 round 1 (edf) score,room ROOM22 round 1 (edf) rank,room ROOM22 round 1 (edf) status,'
      + 'assignment ABC234 (pile-up) score,assignment ABC234 (pile-up) rank,assignment ABC234 (pile-up) status,assignment ABC234 (pile-up) attempts\r\n'
      + "'+sum,,,absent,-5,1,played,2\r\n",
    );
  });
});
