import Link from 'next/link';

/** Breadcrumb back to the leaderboards index. */
export function BackToBoards() {
  return (
    <nav aria-label="Breadcrumb" className="mb-3 text-sm">
      <Link href="/leaderboard" className="text-oi-sky underline-offset-4 hover:underline">← All leaderboards</Link>
    </nav>
  );
}

/** Today's date in UTC as YYYY-MM-DD (the daily challenge's day boundary). */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
