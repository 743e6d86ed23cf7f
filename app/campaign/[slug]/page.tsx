import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { builtinParFor } from '../../../server/engine/levels/par';
import { SOLUTIONS } from '../../../server/engine/levels/solutions';
import { LessonIntro } from '../../components/LessonIntro';
import { campaignLevels, levelBySlug } from '../../lib/campaign';
import { LevelPlay } from './LevelPlay';

export function generateStaticParams() {
  return campaignLevels().map((l) => ({ slug: l.slug }));
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  return { title: levelBySlug(slug)?.scenario.title ?? 'Level' };
}

export default async function LevelPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const level = levelBySlug(slug);
  if (!level) notFound();
  const levels = campaignLevels();
  const next = levels[level.index + 1];
  const stored = builtinParFor(level.scenario);
  const last = level.index === levels.length - 1;
  return (
    <div className="flex flex-col gap-3">
      <nav aria-label="Breadcrumb" className="text-sm text-muted">
        <Link href="/campaign" className="underline">Campaign</Link> / Level {level.index + 1}
      </nav>
      <LevelPlay
        slug={slug}
        scenario={level.scenario}
        par={stored ? { score: stored.score, bound: stored.bound, optimal: stored.optimal } : null}
        solution={SOLUTIONS[slug] ?? null}
        intro={<LessonIntro scenario={level.scenario} kicker={`Level ${level.index + 1} of ${levels.length}: ${level.idea}`} />}
        // Pacing: the first two levels open on their first decision, the first four pause at each one (a toggle).
        pacing={{ startAtDecision: level.index < 2, autoPause: level.index < 4 }}
        orders={last ? 'open' : false}
        next={next ? { href: `/campaign/${next.slug}`, label: `Level ${next.index + 1}: ${next.scenario.title.replace(/^\d+\.\s*/, '')}` } : { href: '/campaign', label: 'Back to the map' }}
      />
    </div>
  );
}
