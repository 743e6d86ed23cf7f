import { loadScenario, type Scenario } from '../../server/engine';
import { BUILTIN_SCENARIOS, CAMPAIGN_IDEAS } from '../../server/engine/levels';

/**
 * The campaign, parsed once from the built-in files (pure data imported into the
 * bundle, so the campaign works without the server).
 */
export interface Level {
  index: number;
  slug: string;
  idea: string;
  scenario: Scenario;
}

let cache: Level[] | null = null;

export function campaignLevels(): Level[] {
  if (!cache) {
    cache = BUILTIN_SCENARIOS.map((input, index) => {
      const scenario = loadScenario(input);
      return { index, slug: scenario.slug, idea: CAMPAIGN_IDEAS[scenario.slug] ?? scenario.summary, scenario };
    });
  }
  return cache;
}

export function levelBySlug(slug: string): Level | undefined {
  return campaignLevels().find((l) => l.slug === slug);
}
