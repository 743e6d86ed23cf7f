import Link from 'next/link';
import { BUILTIN_SCENARIOS, CAMPAIGN_IDEAS } from '@/server/engine/levels';
import { BoardTable } from './_components/BoardTable';
import { RoomCodeForm } from './_components/RoomCodeForm';
import { todayUtc } from './_components/Nav';
import { TodayLink } from './_components/TodayLink';

export default function LeaderboardIndex() {
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold tracking-tight">Leaderboards</h1>
        <p className="mt-2 text-muted">Only runs the server simulated or replayed count. Every entry opens its replay.</p>
      </div>
      <section aria-labelledby="lb-levels" className="space-y-3">
        <h2 id="lb-levels" className="text-xl font-semibold">Per level</h2>
        <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
          {BUILTIN_SCENARIOS.map((s, i) => (
            <li key={s.slug}>
              <Link href={`/leaderboard/scenario/${s.slug}`} className="block rounded-lg border border-line bg-panel p-3 hover:border-oi-sky">
                <span className="text-sm text-muted">Level {i + 1}</span>
                <span className="block font-semibold">{s.title}</span>
                {CAMPAIGN_IDEAS[s.slug] && <span className="block text-sm text-muted">{CAMPAIGN_IDEAS[s.slug]}</span>}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="lb-daily" className="space-y-3">
        <h2 id="lb-daily" className="text-xl font-semibold">Daily challenge</h2>
        <TodayLink fallback={todayUtc()} />
      </section>
      <section aria-labelledby="lb-room" className="space-y-3">
        <h2 id="lb-room" className="text-xl font-semibold">A classroom</h2>
        <RoomCodeForm />
      </section>
      <section aria-labelledby="lb-campaign" className="space-y-3">
        <h2 id="lb-campaign" className="text-xl font-semibold">Campaign (all time)</h2>
        <BoardTable url="/api/leaderboard/campaign?limit=20" caption="Best total over the campaign levels" showStars
          emptyText="No finished campaign runs yet. Play a level to be the first." missingText="The campaign board is not available." />
      </section>
    </div>
  );
}
