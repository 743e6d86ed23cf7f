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

/** One leaderboard row as the API sends it (dates are ISO strings on the wire). */
export interface BoardRow {
  rank: number;
  playerId?: string;
  nickname: string;
  score: number;
  runId?: string;
  stars?: number;
  when?: string;
}

const boardEntry = z.object({
  rank: z.number(),
  playerId: z.string().optional(),
  nickname: z.string(),
  score: z.number(),
  runId: z.string().optional(),
  stars: z.number().optional(),
  finishedAt: z.string().optional(),
  reachedAt: z.string().optional(),
}).transform((e): BoardRow => ({ rank: e.rank, playerId: e.playerId, nickname: e.nickname, score: e.score, runId: e.runId, stars: e.stars, when: e.finishedAt ?? e.reachedAt }));

const boardBody = z.object({
  entries: z.array(boardEntry),
  me: boardEntry.nullable().optional(),
  title: z.string().optional(),
});

export type BoardResult =
  | { state: 'ok'; rows: BoardRow[]; me: BoardRow | null; title?: string }
  | { state: 'missing' }
  | { state: 'error'; message: string };

/** Fetches one of the /api/leaderboard/... boards. */
export async function fetchBoard(url: string, signal?: AbortSignal): Promise<BoardResult> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal, cache: 'no-store' });
  } catch {
    return { state: 'error', message: 'The server could not be reached. Check your connection and try again.' };
  }
  // 404: no such scenario/room/day; 400: a day that is not (yet) a challenge day.
  if (res.status === 404 || res.status === 400) return { state: 'missing' };
  if (!res.ok) return { state: 'error', message: `The server answered ${res.status}. Try again in a moment.` };
  try {
    const parsed = boardBody.safeParse(await res.json());
    if (!parsed.success) return { state: 'error', message: 'The leaderboard came back in a form this page does not understand.' };
    return { state: 'ok', rows: parsed.data.entries, me: parsed.data.me ?? null, title: parsed.data.title };
  } catch {
    return { state: 'error', message: 'The leaderboard answer was not valid JSON.' };
  }
}

/** A published scenario's file (format 1), for rooms on scenarios the server's built-in catalog lacks. */
export async function fetchScenarioJson(slug: string): Promise<unknown | null> {
  try {
    const res = await fetch(`/api/scenarios/${encodeURIComponent(slug)}`, { headers: { accept: 'application/json' } });
    if (!res.ok) return null;
    const body = z.object({ scenario: z.object({ json: z.unknown() }) }).safeParse(await res.json());
    return body.success ? body.data.scenario.json : null;
  } catch {
    return null;
  }
}
