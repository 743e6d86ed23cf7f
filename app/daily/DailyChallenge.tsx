'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { dailyPar, dailyScenario, isCalendarDate } from '../../server/engine';
import { LessonIntro } from '../components/LessonIntro';
import { SoloLevel } from '../components/SoloLevel';
import { fetchBoard, type BoardResult } from '../lib/api';

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Today's generated task set (the same for everyone, from the date), with its leaderboard. */
export function DailyChallenge() {
  const params = useSearchParams();
  const asked = params.get('date');
  // The date is read after mount: the server's clock and the browser's may straddle midnight.
  const [date, setDate] = useState<string | null>(null);
  useEffect(() => {
    setDate(asked && isCalendarDate(asked) ? asked : todayUtc());
  }, [asked]);
  const scenario = useMemo(() => (date ? dailyScenario(date) : null), [date]);
  // Par is searched at load (DAILY_PAR_WORK: about 2 s of one core), the same figure on every machine.
  const parOf = useMemo(() => (date ? () => dailyPar(date) : undefined), [date]);
  const [boardVersion, setBoardVersion] = useState(0);
  const refreshBoard = useCallback(() => setBoardVersion((v) => v + 1), []);

  if (!date || !scenario) return <p className="text-muted">Loading today&apos;s challenge…</p>;
  return (
    <div className="flex flex-col gap-6">
      <SoloLevel key={date} scenario={scenario} orders {...(parOf ? { parOf } : {})} onSubmitted={refreshBoard} intro={<LessonIntro scenario={scenario} kicker={`Daily challenge · ${date} (UTC)`} />} />
      <DailyBoard date={date} version={boardVersion} />
    </div>
  );
}

function DailyBoard({ date, version }: { date: string; version: number }) {
  const [board, setBoard] = useState<BoardResult | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setBoard(null);
    void fetchBoard(`/api/leaderboard/daily/${date}`, ctl.signal).then((b) => { if (!ctl.signal.aborted) setBoard(b); });
    return () => ctl.abort();
  }, [date, attempt, version]);
  return (
    <section aria-labelledby="daily-board" className="rounded-xl border border-line bg-panel p-4" data-testid="daily-board">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="daily-board" className="text-lg font-bold">Today&apos;s leaderboard</h2>
        <Link href={`/leaderboard/daily/${date}`} className="text-sm underline">Full leaderboard</Link>
      </div>
      {board === null && <p className="mt-2 text-sm text-muted" role="status">Loading the leaderboard…</p>}
      {board?.state === 'missing' && <p className="mt-2 text-sm text-muted">No verified runs yet today. Be the first.</p>}
      {board?.state === 'error' && (
        <p className="mt-2 text-sm text-oi-orange" role="alert">
          {board.message} <button type="button" className="underline" onClick={() => setAttempt((a) => a + 1)}>Retry</button>
        </p>
      )}
      {board?.state === 'ok' && (board.rows.length === 0 ? (
        <p className="mt-2 text-sm text-muted">No verified runs yet today. Be the first.</p>
      ) : (
        <table className="mt-2 w-full text-sm">
          <thead><tr className="text-left text-xs text-muted"><th scope="col">#</th><th scope="col">Player</th><th scope="col" className="text-right">Score</th><th scope="col"><span className="sr-only">Replay</span></th></tr></thead>
          <tbody>
            {board.rows.slice(0, 10).map((r) => (
              <tr key={`${r.rank}-${r.nickname}-${r.runId ?? ''}`}>
                <td className="py-0.5 font-mono">{r.rank}</td>
                <td>{r.nickname}</td>
                <td className="text-right font-mono">{r.score}</td>
                <td className="text-right">{r.runId && <Link className="underline" href={`/replay?run=${encodeURIComponent(r.runId)}`}>replay</Link>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
