'use client';

import { useCallback } from 'react';
import { LessonIntro } from '../../components/LessonIntro';
import { SoloGame } from '../../components/SoloGame';
import { builtinParFor } from '../../../server/engine/levels/par';
import { SOLUTIONS } from '../../../server/engine/levels/solutions';
import { campaignLevels, levelBySlug } from '../../lib/campaign';

/** A campaign level: its lesson, the game, the result (stars kept in the player's progress). */
export function LevelPlay({ slug }: { slug: string }) {
  // One function per level: SoloGame recomputes the yardstick when it changes.
  const parOf = useCallback(() => {
    const l = levelBySlug(slug);
    return (l && builtinParFor(l.scenario)) ?? null;
  }, [slug]);
  const level = levelBySlug(slug);
  if (!level) return <p>Unknown level.</p>;
  const levels = campaignLevels();
  const next = levels[level.index + 1];
  const last = level.index === levels.length - 1;
  // Pacing: the first two levels open on their first decision, the first four pause at each one (a toggle).
  const pacing = { startAtDecision: level.index < 2, autoPause: level.index < 4 };
  return (
    <SoloGame
      key={slug}
      scenario={level.scenario}
      progressSlug={slug}
      parOf={parOf}
      pacing={pacing}
      orders={last ? 'open' : false}
      {...(SOLUTIONS[slug] ? { solution: SOLUTIONS[slug] } : {})}
      intro={<LessonIntro scenario={level.scenario} kicker={`Level ${level.index + 1} of ${levels.length}: ${level.idea}`} />}
      next={next ? { href: `/campaign/${next.slug}`, label: `Level ${next.index + 1}: ${next.scenario.title.replace(/^\d+\.\s*/, '')}` } : { href: '/campaign', label: 'Back to the map' }}
    />
  );
}
