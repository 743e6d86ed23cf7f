import type { Metadata } from 'next';
import Link from 'next/link';
import { BUILTIN_SCENARIOS } from '@/server/engine/levels';
import { BoardTable } from '../../_components/BoardTable';
import { BackToBoards } from '../../_components/Nav';

export const metadata: Metadata = { title: 'Level leaderboard' };

/** `?version=N` (a published scenario's version): a positive integer, else the current version's board. */
function versionOf(raw: string | string[] | undefined): number | null {
  const v = typeof raw === 'string' && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(v) ? v : null;
}

export default async function ScenarioBoard({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const version = versionOf((await searchParams).version);
  const builtin = BUILTIN_SCENARIOS.find((s) => s.slug === slug);
  const title = `${builtin?.title ?? slug}${version ? `, version ${version}` : ''}`;
  const url = `/api/leaderboard/scenario/${encodeURIComponent(slug)}?limit=50${version ? `&version=${version}` : ''}`;
  return (
    <div className="space-y-4">
      <BackToBoards />
      <h1 className="text-3xl font-bold tracking-tight">{title}</h1>
      <p className="text-muted">
        Best verified run per player{version ? ' on this version (every edit of a published scenario is a new version, with its own board)' : ''}.{' '}
        <Link href={builtin ? `/campaign/${slug}` : `/play?scenario=${encodeURIComponent(slug)}`} className="text-oi-sky underline">Play this level</Link>
        {version && <>{' · '}<Link href={`/leaderboard/scenario/${encodeURIComponent(slug)}`} className="text-oi-sky underline">current version&apos;s board</Link></>}
      </p>
      <BoardTable url={url} caption={`Leaderboard: ${title}`}
        emptyText="No finished runs yet on this level. Be the first!" missingText={`There is no scenario called “${slug}”.`} />
    </div>
  );
}
