import { BUILTIN_SCENARIOS } from '../engine/levels';
import { dailyScenario, isCalendarDate, loadScenario, type Scenario } from '../engine';
import type { ScenarioCatalog } from '../rooms';

/**
 * The scenarios rooms may be created from: the built-in campaign (the same list the
 * database is seeded from, so rooms and leaderboards never disagree on a level) plus
 * the daily challenge as `daily-YYYY-MM-DD`. Parsed once; a built-in level that does
 * not parse stops the server (a broken level must not ship).
 */
export function builtinCatalog(): ScenarioCatalog {
  return mapCatalog(new Map(BUILTIN_SCENARIOS.map((input) => {
    const s = loadScenario(input);
    return [s.slug, s] as const;
  })));
}

export function mapCatalog(bySlug: Map<string, Scenario>): ScenarioCatalog {
  return {
    get(slug) {
      const found = bySlug.get(slug);
      if (found) return found;
      const date = /^daily-(.+)$/.exec(slug)?.[1];
      if (date && isCalendarDate(date)) return dailyScenario(date);
      return undefined;
    },
  };
}
