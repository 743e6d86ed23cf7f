'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { BASELINE_BOTS, type BaselineBot, type Baselines } from '../../server/engine';
import { BOT_LABEL } from '../lib/explain';
import type { Verdict } from '../lib/verdict';
import { PlayerName } from './PlayerName';
import { Stars } from './Stars';

export type SubmitState =
  /** Not submitted on purpose (practice runs). */
  | { state: 'none' }
  | { state: 'sending' }
  | { state: 'verified'; runId: string }
  | { state: 'unverified'; runId: string; reason: string | null }
  | { state: 'offline' }
  | { state: 'error'; message: string };

export interface ResultScreenProps {
  title: string;
  verdict: Verdict;
  baselines: Baselines;
  submit: SubmitState;
  onReplay: () => void;
  /** Replays a worked solution (campaign levels). */
  onSolution?: () => void;
  onRetry: () => void;
  onRetrySubmit?: () => void;
  next?: { href: string; label: string };
}

const BOTS: readonly BaselineBot[] = BASELINE_BOTS;

/** The end of a level: stars, the score against the bots, what went wrong, replay. */
export function ResultScreen(p: ResultScreenProps) {
  const v = p.verdict;
  const rows = [
    ...BOTS.map((b) => ({ who: BOT_LABEL[b], score: p.baselines[b], you: false })),
    ...(v.par ? [{ who: 'Par (best known)', score: v.par.par.score, you: false }] : []),
    { who: 'You', score: v.score, you: true },
  ]
    .sort((a, b) => b.score - a.score);
  const btn = 'rounded-md px-4 py-2 text-sm font-semibold';
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The result replaces the game under the player's eyes: bring it into view and give it the focus.
  useEffect(() => {
    headingRef.current?.focus();
    headingRef.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  return (
    <section aria-labelledby="result-title" className="rounded-xl border border-line bg-panel p-5" data-testid="result-screen">
      <div className="flex flex-wrap items-center gap-4">
        <h2 id="result-title" ref={headingRef} tabIndex={-1} className="text-xl font-bold">{p.title}: run complete</h2>
        <Stars stars={v.stars} size="text-3xl" />
        <span className="font-mono text-2xl font-bold text-oi-yellow" data-testid="result-score">{v.score}</span>
      </div>
      <p className="mt-1 text-sm text-muted" data-testid="star-rules">
        1 star: beat never balancing (sticky) and doing nothing · 2 stars: beat the better Linux balancer · 3 stars:{' '}
        {v.par ? <>score at least {v.par.threeStars}, close to par.</> : <>and meet the level&apos;s goals.</>} A tie earns no star.
      </p>
      {v.par && (
        <p className="mt-1 text-sm" data-testid="result-par">
          Par {v.par.par.score}{v.par.par.optimal ? ' (proven the best possible)' : ` (the best found; no run can beat ${v.par.par.bound})`}
          {v.gap && <>: your score is {v.gap}.</>}
        </p>
      )}
      <div className="mt-4 grid gap-5 md:grid-cols-2">
        <div>
          <h3 className="mb-1 font-semibold">How the kernel bots did</h3>
          <table className="w-full text-sm">
            <caption className="sr-only">Scores on this scenario and seed, best first</caption>
            <thead><tr className="text-left text-xs text-muted"><th scope="col">Balancer</th><th scope="col" className="text-right">Score</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.who} className={r.you ? 'font-bold text-oi-yellow' : ''}>
                  <td className="py-0.5">{r.who}</td>
                  <td className="py-0.5 text-right font-mono">{r.score}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3 className="mb-1 font-semibold">{v.wrong.length ? 'What went wrong' : 'What went right'}</h3>
          <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="what-went-wrong">
            {v.wrong.map((w) => <li key={w} className="text-oi-orange">{w}</li>)}
            {v.good.map((w) => <li key={w} className="text-oi-green">{w}</li>)}
          </ul>
        </div>
      </div>
      <p className="mt-4 text-sm" role="status" data-testid="submit-status">
        {p.submit.state === 'sending' && 'Sending your run to the server for verification…'}
        {p.submit.state === 'verified' && 'Verified by the server: your run counts on the leaderboards.'}
        {p.submit.state === 'unverified' && `The server re-simulated your run and got a different result${p.submit.reason ? ` (${p.submit.reason})` : ''}, so it does not rank.`}
        {p.submit.state === 'offline' && <>Not submitted: the server is unreachable. Your progress is kept in this browser. {p.onRetrySubmit && <button type="button" className="underline" onClick={p.onRetrySubmit}>Try again</button>}</>}
        {p.submit.state === 'error' && <>Not submitted: {p.submit.message} {p.onRetrySubmit && <button type="button" className="underline" onClick={p.onRetrySubmit}>Try again</button>}</>}
      </p>
      {(p.submit.state === 'verified' || p.submit.state === 'unverified') && <PlayerName />}
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="button" className={`${btn} bg-oi-sky text-black`} onClick={p.onReplay} data-testid="watch-replay">Watch the replay</button>
        {p.onSolution && <button type="button" className={`${btn} border border-line bg-panel2`} onClick={p.onSolution} data-testid="watch-solution">Watch a worked solution</button>}
        <button type="button" className={`${btn} border border-line bg-panel2`} onClick={p.onRetry}>Try again</button>
        {(p.submit.state === 'verified' || p.submit.state === 'unverified') && (
          <Link className={`${btn} border border-line bg-panel2`} href={`/replay?run=${encodeURIComponent(p.submit.runId)}`}>Shareable replay link</Link>
        )}
        {p.next && <Link className={`${btn} bg-oi-green text-ink`} href={p.next.href}>{p.next.label} →</Link>}
      </div>
    </section>
  );
}
