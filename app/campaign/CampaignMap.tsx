'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { Stars } from '../components/Stars';
import { fetchServerProgress } from '../lib/api';
import { campaignLevels } from '../lib/campaign';
import { loadProgress, mergeProgress, saveProgress, unlocked, type Progress } from '../lib/progress';

/** The level map: every level with its idea, stars and best score; a level opens when the previous one has a star. */
export function CampaignMap() {
  const levels = campaignLevels();
  const [progress, setProgress] = useState<Progress | null>(null);

  useEffect(() => {
    const local = loadProgress();
    setProgress(local);
    let live = true;
    void fetchServerProgress().then((rows) => {
      if (!live || !rows) return;
      const server: Progress = {};
      for (const r of rows) server[r.slug] = { stars: r.stars, bestScore: r.bestScore, ...(r.runId ? { runId: r.runId } : {}) };
      const merged = mergeProgress(local, server);
      saveProgress(merged);
      setProgress(merged);
    });
    return () => { live = false; };
  }, []);

  if (levels.length === 0) return <p className="text-muted">No levels are installed.</p>;
  const p = progress ?? {};
  const open = unlocked(levels.map((l) => l.slug), p);
  const totalStars = levels.reduce((n, l) => n + (p[l.slug]?.stars ?? 0), 0);

  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm" aria-live="polite">
        {progress === null ? 'Loading your progress…' : <>Stars: <strong className="text-oi-yellow">{totalStars}</strong> of {levels.length * 3}</>}
      </p>
      <ol className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="level-map">
        {levels.map((l, i) => {
          const lp = p[l.slug];
          const body = (
            <>
              <span className="text-xs font-semibold uppercase tracking-wide text-muted">Level {i + 1}</span>
              <span className="text-lg font-bold">{l.scenario.title.replace(/^\d+\.\s*/, '')}</span>
              <span className="text-sm text-muted">{l.idea}</span>
              <span className="mt-auto flex items-center justify-between pt-2">
                <Stars stars={lp?.stars ?? 0} size="text-xl" />
                <span className="font-mono text-xs text-muted">{lp ? `best ${lp.bestScore}` : open[i] ? 'not played' : 'locked'}</span>
              </span>
            </>
          );
          return (
            <li key={l.slug} data-level={l.slug}>
              {open[i] ? (
                <Link href={`/campaign/${l.slug}`} className="flex h-full flex-col gap-1 rounded-xl border border-line bg-panel p-4 hover:border-oi-sky">
                  {body}
                </Link>
              ) : (
                <div aria-disabled="true" className="flex h-full flex-col gap-1 rounded-xl border border-dashed border-line bg-panel/40 p-4 opacity-60" title="Earn a star on the previous level to open this one">
                  <span className="sr-only">Locked. </span>{body}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
