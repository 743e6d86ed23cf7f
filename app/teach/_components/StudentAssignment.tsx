'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import { parseScenario } from '../../../server/engine';
import type { StudentAssignmentResponse } from '../../../server/protocol';
import { SoloLevel } from '../../components/SoloLevel';
import { LessonIntro } from '../../components/LessonIntro';
import { ensurePlayer, knownPlayer, renamePlayer, type RunClaim } from '../../lib/api';
import { fetchStudentAssignment, submitAttempt } from '../../lib/teach-api';
import { Standings } from './Standings';
import { button, input, panel, when } from './format';

type Load = { state: 'loading' } | { state: 'ok'; view: StudentAssignmentResponse } | { state: 'error'; message: string };

/**
 * A student's assignment: its dates and attempts left, a nickname, then the solo game on the
 * pinned scenario version; each finished run is sent as an attempt (the server verifies it as
 * any solo run). Their own attempts always; the standings once the teacher allows or after the close.
 */
export function StudentAssignment({ code }: { code: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [nickname, setNickname] = useState('');
  const [playing, setPlaying] = useState<string | null>(null);
  const [round, setRound] = useState(0);

  const refresh = useCallback(async () => {
    const r = await fetchStudentAssignment(code);
    if (r.ok) setLoad({ state: 'ok', view: r.value });
    else setLoad({ state: 'error', message: r.kind === 'refused' && r.code === 'unknown-assignment' ? `There is no assignment ${code}. Check the code with your teacher.` : r.message });
  }, [code]);
  useEffect(() => {
    void refresh();
    const known = knownPlayer()?.nickname;
    if (known && !/^Player \d{4}$/.test(known)) setNickname(known);
  }, [refresh]);

  // One scenario object per pinned file: the view is fetched again after every submission, and
  // a new object for the same file would restart the game under the student's result screen.
  const scenarioText = load.state === 'ok' ? JSON.stringify(load.view.scenarioJson) : null;
  const scenario = useMemo(() => {
    if (scenarioText === null) return null;
    const parsed = parseScenario(JSON.parse(scenarioText));
    return parsed.ok ? parsed.value : null;
  }, [scenarioText]);
  const onSubmitted = useCallback(() => void refresh(), [refresh]);

  const submitWith = useCallback((claim: RunClaim) => submitAttempt(code, playing ?? nickname, claim), [code, playing, nickname]);

  if (load.state === 'loading') return <p role="status" className="text-muted">Loading assignment {code}…</p>;
  if (load.state === 'error') return <p role="alert" className="rounded border border-oi-vermillion bg-oi-vermillion/10 px-3 py-2 text-sm">{load.message}</p>;
  const { assignment: a, me, standings } = load.view;
  const left = me?.attemptsLeft ?? a.attemptsAllowed;

  async function start(e: React.FormEvent) {
    e.preventDefault();
    const nick = nickname.trim();
    if (!nick) return;
    // The browser's anonymous player, named as the student asked (no account).
    await ensurePlayer();
    await renamePlayer(nick);
    setPlaying(nick);
    setRound((n) => n + 1);
  }

  return (
    <div className="flex flex-col gap-4">
      <header>
        <h1 className="text-3xl font-bold tracking-tight">{a.title}</h1>
        <p className="text-muted">
          Assignment <span className="font-mono">{a.code}</span>: {a.scenarioTitle} (version {a.scenarioVersion}).{' '}
          Open from {when(a.opensAt)} to {when(a.closesAt)}; {a.attemptsAllowed} attempt{a.attemptsAllowed === 1 ? '' : 's'} each.
        </p>
      </header>
      {a.state === 'not-open' && <p role="alert" className={panel} data-testid="assignment-state">This assignment is not open yet: it opens on {when(a.opensAt)}.</p>}
      {a.state === 'closed' && <p role="alert" className={panel} data-testid="assignment-state">This assignment closed on {when(a.closesAt)}: no more runs are taken.</p>}
      {a.state === 'open' && !scenario && <p role="alert" className={panel}>This assignment&apos;s scenario cannot be played in this browser version. Reload the page.</p>}
      {a.state === 'open' && scenario && (playing ? (
        <div className="flex flex-col gap-2">
          <p className="text-sm text-muted" data-testid="attempts-left">Playing as <strong>{playing}</strong>. Attempts left: {left}.</p>
          <SoloLevel key={round} scenario={scenario} orders submitWith={submitWith} onSubmitted={onSubmitted} intro={<LessonIntro scenario={scenario} />} />
        </div>
      ) : left === 0 ? (
        <p className={panel} data-testid="attempts-left">You have used every attempt.</p>
      ) : (
        <form onSubmit={start} className={`${panel} flex flex-wrap items-end gap-3`}>
          <label className="flex flex-col gap-1 text-sm">Your nickname
            <input className={input} value={nickname} onChange={(e) => setNickname(e.target.value)} maxLength={32} required data-testid="student-nickname" />
          </label>
          <button type="submit" className={button} data-testid="student-start">Start ({left} attempt{left === 1 ? '' : 's'} left)</button>
        </form>
      ))}
      {me && me.attempts.length > 0 && (
        <section className={panel}>
          <h2 className="font-semibold">Your attempts</h2>
          <ul className="text-sm" data-testid="my-attempts">
            {me.attempts.map((x) => (
              <li key={x.number}>#{x.number} ({when(x.submittedAt)}): {x.verified ? `score ${x.score}` : `not verified (${x.reason ?? 'unknown'}), does not rank`}</li>
            ))}
          </ul>
        </section>
      )}
      <section className={panel}>
        {standings ? <Standings rows={standings} caption="Standings" /> : <p className="text-sm text-muted" data-testid="standings-hidden">The standings are shown after the close ({when(a.closesAt)}).</p>}
      </section>
    </div>
  );
}
