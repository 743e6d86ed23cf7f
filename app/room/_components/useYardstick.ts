'use client';
/**
 * The score bar's yardstick for a classroom board, as solo play shows it: what the
 * bots alone score on the round's scenario and seed, and par where it is known (a
 * built-in level on its own seed and balancer). Computed after the first paint: a
 * few whole simulations.
 */
import { useEffect, useState } from 'react';
import { baselineScores, type Baselines, type BotName, type Scenario } from '@/server/engine';
import { builtinParFor } from '@/server/engine/levels/par';
import { parViewOf, type ParView } from '@/app/lib/verdict';

export interface Yardstick {
  baselines: Baselines;
  par: ParView | null;
}

export function useYardstick(scenario: Scenario | null, seed: number | undefined, bot: BotName | undefined): Yardstick | null {
  const [y, setY] = useState<Yardstick | null>(null);
  useEffect(() => {
    setY(null);
    if (!scenario || seed === undefined) return;
    const id = setTimeout(() => {
      const baselines = baselineScores(scenario, seed);
      // Par is the level's own: its seed and its balancer alongside.
      const stored = bot === scenario.balancer ? builtinParFor(scenario, seed) : undefined;
      setY({ baselines, par: stored ? parViewOf(scenario, baselines, { score: stored.score, bound: stored.bound, optimal: stored.optimal }) : null });
    }, 0);
    return () => clearTimeout(id);
  }, [scenario, seed, bot]);
  return y;
}
