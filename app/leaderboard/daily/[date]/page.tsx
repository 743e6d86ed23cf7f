import type { Metadata } from 'next';
import Link from 'next/link';
import { BoardTable } from '../../_components/BoardTable';
import { BackToBoards } from '../../_components/Nav';

export const metadata: Metadata = { title: 'Daily leaderboard' };

function shift(date: string, days: number): string | null {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return null;
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export default async function DailyBoard({ params }: { params: Promise<{ date: string }> }) {
  const { date } = await params;
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && shift(date, 0) === date;
  const prev = valid ? shift(date, -1) : null;
  const next = valid ? shift(date, 1) : null;
  return (
    <div className="space-y-4">
      <BackToBoards />
      <h1 className="text-3xl font-bold tracking-tight">Daily challenge <span className="font-mono">{date}</span></h1>
      {valid ? (
        <>
          <nav aria-label="Other days" className="flex gap-3 text-sm">
            {prev && <Link href={`/leaderboard/daily/${prev}`} className="text-oi-sky underline-offset-4 hover:underline">← {prev}</Link>}
            {next && next <= new Date().toISOString().slice(0, 10) && <Link href={`/leaderboard/daily/${next}`} className="text-oi-sky underline-offset-4 hover:underline">{next} →</Link>}
            <Link href="/daily" className="ml-auto text-oi-sky underline-offset-4 hover:underline">Play today’s challenge</Link>
          </nav>
          <BoardTable url={`/api/leaderboard/daily/${date}?limit=50`} caption={`Daily challenge ${date}`}
            emptyText="No finished runs for this day yet." missingText="Nobody has a finished run on this day’s challenge (or the day has not started yet)." />
        </>
      ) : (
        <p role="alert" className="rounded-md border border-oi-vermillion/60 bg-oi-vermillion/10 p-4">
          “{date}” is not a date: daily boards are at /leaderboard/daily/YYYY-MM-DD.
        </p>
      )}
    </div>
  );
}
