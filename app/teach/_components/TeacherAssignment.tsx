'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { fetchTeacherAssignment } from '../../lib/teach-api';
import { Refused } from './SignInNeeded';
import { usePolled } from './usePolled';
import { panel, STATE_LABEL, when } from './format';

/** Results arrive by polling: a class submits a few runs a minute, so every few seconds is live enough and cheap. */
const POLL_MS = 3000;

/** The teacher's view of an assignment: the students' link, per-student best and attempts (live), every attempt, the CSV. */
export function TeacherAssignment({ id }: { id: string }) {
  const fetcher = useCallback(() => fetchTeacherAssignment(id), [id]);
  const { answer } = usePolled(fetcher, POLL_MS);
  const [origin, setOrigin] = useState('');
  useEffect(() => setOrigin(window.location.origin), []);

  if (!answer) return <p role="status" className="text-muted">Loading the assignment…</p>;
  if (!answer.ok) return <Refused failure={answer} what="assignment" />;
  const { assignment: a, students, attempts } = answer.value;
  return (
    <div className="flex flex-col gap-4">
      <p><Link href="/teach" className="text-oi-sky underline">← My teaching</Link></p>
      <h1 className="text-3xl font-bold tracking-tight">{a.title}</h1>
      <section className={panel}>
        <p>Students open <a className="font-mono text-oi-sky underline" href={a.link} data-testid="student-link">{origin}{a.link}</a> or type the code <strong className="font-mono tracking-widest" data-testid="assignment-code">{a.code}</strong> at <a className="text-oi-sky underline" href="/a">/a</a>.</p>
        <p className="text-sm text-muted">
          {a.scenarioTitle} ({a.scenario}, version {a.scenarioVersion}); {STATE_LABEL[a.state]}: {when(a.opensAt)} to {when(a.closesAt)};
          {' '}{a.attemptsAllowed} attempt{a.attemptsAllowed === 1 ? '' : 's'} each; scores {a.showScoresBeforeClose ? 'shown to students while open' : 'shown to students after the close'}.
        </p>
        <p className="mt-2"><a href={`/api/assignments/${a.id}/results.csv`} download className="text-oi-sky underline" data-testid="assignment-csv">Download every attempt (CSV)</a></p>
      </section>
      <section className={panel}>
        <h2 className="font-semibold">Students <span className="text-sm font-normal text-muted">(updated every few seconds)</span></h2>
        {students.length === 0 ? <p className="text-sm text-muted">No attempts yet.</p> : (
          <table className="w-full text-sm" data-testid="teacher-students">
            <thead><tr className="text-left text-muted"><th>Rank</th><th>Nickname</th><th>Best score</th><th>Attempts</th><th>Verified</th><th>Last submission</th></tr></thead>
            <tbody>
              {students.map((s) => (
                <tr key={s.playerId} className="border-t border-line" data-testid="student-row">
                  <td>{s.rank ?? '–'}</td><td>{s.nickname}</td><td className="font-mono">{s.best ?? '–'}</td>
                  <td>{s.attempts}</td><td>{s.verifiedAttempts}</td><td>{when(s.lastSubmittedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {attempts.length > 0 && (
        <section className={panel}>
          <h2 className="font-semibold">Every attempt, newest first</h2>
          <ul className="text-sm" data-testid="teacher-attempts">
            {attempts.map((x) => (
              <li key={x.runId}>
                {when(x.submittedAt)}: {x.nickname} #{x.number}: {x.verified ? <>score <span className="font-mono">{x.score}</span></> : <>not verified ({x.reason ?? 'unknown'}), unranked</>}
                {' '}<Link className="text-oi-sky underline" href={`/replay?run=${x.runId}`}>replay</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
