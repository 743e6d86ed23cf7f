import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
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
  return (
    <div className="flex flex-col gap-3">
      <nav aria-label="Breadcrumb" className="text-sm text-muted">
        <Link href="/campaign" className="underline">Campaign</Link> / Level {level.index + 1}
      </nav>
      <LevelPlay slug={slug} />
    </div>
  );
}
