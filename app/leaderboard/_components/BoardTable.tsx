'use client';
/**
 * A leaderboard fetched from the API, with its loading, empty, missing and error
 * states. Each entry links to its replay (/replay?run=ID). Nicknames are text only.
 */
import Link from 'next/link';
import { fetchBoard, knownPlayer, type BoardResult, type BoardRow } from '@/app/lib/api';
import { ErrorPanel, LoadingPanel, NoticePanel, useRetryableFetch } from '@/app/components/Fetched';

export function BoardTable({ url, caption, emptyText, missingText, showStars }: {
  url: string;
  caption: string;
  emptyText: string;
  missingText: string;
  showStars?: boolean;
}) {
  const { result, retry } = useRetryableFetch<BoardResult>((signal) => {
    // This browser's anonymous player (if it has played): the board then also returns its own entry.
    const me = knownPlayer();
    return fetchBoard(me ? `${url}${url.includes('?') ? '&' : '?'}player=${encodeURIComponent(me.token)}` : url, signal);
  }, url);

  if (!result) return <LoadingPanel text="Loading the leaderboard…" />;
  if (result.state === 'missing') return <NoticePanel text={missingText} />;
  if (result.state === 'error') return <ErrorPanel message={result.message} retry={retry} />;
  const me = result.me;
  const isMe = (r: BoardRow) => !!me && (me.playerId !== undefined ? r.playerId === me.playerId : r.rank === me.rank && r.nickname === me.nickname);
  const meOutside = me && !result.rows.some(isMe);
  return (
    // relative: the sr-only header text is absolutely placed; without a positioned scroller it escapes it and widens the page on a phone.
    // A tab stop, so the table can be scrolled sideways from the keyboard where it is wider than the screen.
    <div role="region" aria-label={caption} tabIndex={0} className="relative overflow-x-auto rounded-lg border border-line">
      <table className="w-full text-left text-sm" data-testid="leaderboard">
        <caption className="bg-panel px-3 py-2 text-left font-semibold">{caption}</caption>
        <thead className="bg-panel2 text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-3 py-2">#</th>
            <th scope="col" className="px-3 py-2">Player</th>
            <th scope="col" className="px-3 py-2 text-right">Score</th>
            {showStars && <th scope="col" className="px-3 py-2">Stars</th>}
            <th scope="col" className="px-3 py-2">When</th>
            <th scope="col" className="px-3 py-2"><span className="sr-only">Replay</span></th>
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r) => <Row key={`${r.rank}-${r.runId ?? r.nickname}`} r={r} showStars={showStars} you={isMe(r)} />)}
          {meOutside && me && <Row r={me} showStars={showStars} you />}
          {result.rows.length === 0 && (
            <tr><td colSpan={6} className="px-3 py-6 text-center text-muted">{emptyText}</td></tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function Row({ r, showStars, you }: { r: BoardRow; showStars?: boolean; you?: boolean }) {
  return (
    <tr data-testid="leaderboard-row" data-nick={r.nickname} className={`border-t border-line ${you ? 'bg-oi-sky/10' : ''}`}>
      <td className="px-3 py-2 tabular-nums">{r.rank}</td>
      <td className="px-3 py-2 font-medium">
        {r.nickname}
        {you && <span className="ml-2 rounded bg-oi-sky px-1.5 text-xs font-semibold text-ink">you</span>}
      </td>
      <td className="px-3 py-2 text-right font-semibold tabular-nums">{r.score}</td>
      {showStars && <td className="px-3 py-2" aria-label={`${r.stars ?? 0} stars`}>{'★'.repeat(r.stars ?? 0)}<span className="text-muted">{'☆'.repeat(Math.max(0, 3 - (r.stars ?? 0)))}</span></td>}
      <td className="px-3 py-2 text-muted">{r.when ? <time dateTime={r.when}>{formatWhen(r.when)}</time> : '—'}</td>
      <td className="px-3 py-2 text-right">
        {r.runId ? (
          <Link href={`/replay?run=${encodeURIComponent(r.runId)}`} className="rounded border border-oi-sky/70 px-2 py-0.5 text-oi-sky hover:bg-oi-sky/10"
            aria-label={`Watch the replay of ${r.nickname}'s run, score ${r.score}`}>
            Replay ▶
          </Link>
        ) : null}
      </td>
    </tr>
  );
}

function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}
