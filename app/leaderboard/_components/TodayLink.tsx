'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';

/** Links to today's daily board; the date is the browser's UTC day (the server's render may be older). */
export function TodayLink({ fallback }: { fallback: string }) {
  const [today, setToday] = useState(fallback);
  useEffect(() => setToday(new Date().toISOString().slice(0, 10)), []);
  return (
    <Link href={`/leaderboard/daily/${today}`} className="inline-block rounded-lg border border-line bg-panel px-4 py-3 hover:border-oi-sky">
      Today’s board <span className="font-mono text-muted">{today}</span>
    </Link>
  );
}
