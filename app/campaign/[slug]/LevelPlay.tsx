'use client';

import { useCallback, type ReactNode } from 'react';
import type { Action, Scenario } from '../../../server/engine';
import { SoloLevel } from '../../components/SoloLevel';
import type { ParInfo } from '../../lib/verdict';

/**
 * A campaign level: its lesson, the game, the result (stars kept in the player's progress).
 * Everything about the level (the parsed scenario, its stored par, the worked solution,
 * the next level) comes from the server page, so the browser never loads the level files,
 * the par records or the scenario parser (zod) to play one level.
 */
export function LevelPlay({ slug, scenario, par, solution, intro, next, pacing, orders }: {
  slug: string;
  scenario: Scenario;
  par: ParInfo | null;
  solution: readonly Action[] | null;
  intro: ReactNode;
  next: { href: string; label: string };
  /** Pacing for newcomers (SoloGame): the first levels open on a decision and pause at each. */
  pacing: { startAtDecision: boolean; autoPause: boolean };
  /** Standing orders offered (the open problem: unfolded). */
  orders: boolean | 'open';
}) {
  // One function per level: SoloGame recomputes the yardstick when it changes.
  const parOf = useCallback(() => par, [par]);
  return (
    <SoloLevel
      key={slug}
      scenario={scenario}
      progressSlug={slug}
      parOf={parOf}
      pacing={pacing}
      orders={orders}
      {...(solution ? { solution } : {})}
      intro={intro}
      next={next}
    />
  );
}
