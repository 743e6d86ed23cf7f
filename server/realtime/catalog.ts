import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dailyScenario, isDateString, loadScenario, type Scenario } from '../engine';
import type { ScenarioCatalog } from '../rooms';

/**
 * Built-in scenarios from a folder of format-1 JSON files (prisma/scenarios), plus
 * the daily challenge as `daily-YYYY-MM-DD`. Files are read once, at start-up; a
 * file that does not parse stops the server (a broken level must not ship).
 */
export function fileScenarioCatalog(dir: string): ScenarioCatalog {
  const bySlug = new Map<string, Scenario>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const s = loadScenario(JSON.parse(readFileSync(path.join(dir, name), 'utf8')));
    bySlug.set(s.slug, s);
  }
  return mapCatalog(bySlug);
}

export function mapCatalog(bySlug: Map<string, Scenario>): ScenarioCatalog {
  return {
    get(slug) {
      const found = bySlug.get(slug);
      if (found) return found;
      const date = /^daily-(.+)$/.exec(slug)?.[1];
      if (date && isDateString(date) && !Number.isNaN(Date.parse(date))) return dailyScenario(date);
      return undefined;
    },
  };
}
