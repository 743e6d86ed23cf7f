import type { Metadata } from 'next';
import Link from 'next/link';
import { BUILTIN_SCENARIOS } from '@/server/engine/levels';
import { BoardTable } from '../../_components/BoardTable';
import { BackToBoards } from '../../_components/Nav';

export const metadata: Metadata = { title: 'Level leaderboard' };

export default async function ScenarioBoard({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const builtin = BUILTIN_SCENARIOS.find((s) => s.slug === slug);
  return (
    <div className="space-y-4">
      <BackToBoards />
      <h1 className="text-3xl font-bold tracking-tight">{builtin?.title ?? slug}</h1>
      <p className="text-muted">
        Best verified run per player. <Link href={builtin ? `/campaign/${slug}` : `/play?scenario=${encodeURIComponent(slug)}`} className="text-oi-sky underline">Play this level</Link>
      </p>
      <BoardTable url={`/api/leaderboard/scenario/${encodeURIComponent(slug)}?limit=50`} caption={`Leaderboard: ${builtin?.title ?? slug}`}
        emptyText="No finished runs yet on this level. Be the first!" missingText={`There is no scenario called “${slug}”.`} />
    </div>
  );
}
