/**
 * Small HTTP helpers for the classroom and leaderboard pages. Answers are checked
 * with zod: a page shows "unavailable" rather than crash on an unexpected body.
 */
import { z } from 'zod';

export interface ScenarioChoice {
  slug: string;
  title: string;
  cpus?: number;
  duration?: number;
}

const scenarioItem = z.object({
  slug: z.string(),
  title: z.string(),
  cpus: z.number().optional(),
  duration: z.number().optional(),
});
const scenarioList = z.union([z.array(scenarioItem), z.object({ scenarios: z.array(scenarioItem) }).transform((o) => o.scenarios)]);

/** Scenarios the server offers (built-in and published), or null when it cannot say. */
export async function fetchScenarioList(): Promise<ScenarioChoice[] | null> {
  try {
    const res = await fetch('/api/scenarios', { headers: { accept: 'application/json' } });
    if (!res.ok) return null;
    const parsed = scenarioList.safeParse(await res.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
