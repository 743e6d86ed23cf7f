import { BUILTIN_SCENARIOS } from '../engine/levels';
import { dailyScenario, loadScenario, type Scenario } from '../engine';
import { dailyDateOf, dailyIsOut } from '../protocol/http';
import { refuse, type Result, type ScenarioCatalog } from '../rooms';
import type { PayloadOf } from '../protocol';

/**
 * The scenarios rooms may be created from: the built-in campaign (the same list the
 * database is seeded from, so rooms and leaderboards never disagree on a level) plus
 * the daily challenge as `daily-YYYY-MM-DD`, once its day is out (the HTTP API's rule).
 * Parsed once; a built-in level that does not parse stops the server (a broken level
 * must not ship).
 */
export function builtinCatalog(now: () => number = Date.now): ScenarioCatalog {
  return mapCatalog(new Map(BUILTIN_SCENARIOS.map((input) => {
    const s = loadScenario(input);
    return [s.slug, s] as const;
  })), now);
}

export function mapCatalog(bySlug: Map<string, Scenario>, now: () => number = Date.now): ScenarioCatalog {
  return {
    get(slug) {
      const found = bySlug.get(slug);
      if (found) return found;
      const date = dailyDateOf(slug);
      if (date && dailyIsOut(date, now())) return dailyScenario(date);
      return undefined;
    },
  };
}

/**
 * A room's own file may carry any slug (it is stored content-addressed), but not a daily
 * challenge that is not out yet: no path serves a future daily.
 */
export function refuseUnreleasedDaily(ref: PayloadOf<'room:create'>['scenario'], now: number = Date.now()): Result<null> {
  if (!('json' in ref) || typeof ref.json !== 'object' || ref.json === null) return { ok: true, value: null };
  const slug = (ref.json as { slug?: unknown }).slug;
  const date = typeof slug === 'string' ? dailyDateOf(slug) : null;
  if (date && !dailyIsOut(date, now)) return refuse('scenario/unknown', `the daily challenge for ${date} is not out yet`);
  return { ok: true, value: null };
}
