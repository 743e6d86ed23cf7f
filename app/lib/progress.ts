import { z } from 'zod';
import { bestRecord } from '../../server/engine';
import { readStored, writeStored } from './storage';

/**
 * The anonymous player's campaign progress, kept in the browser (and mirrored to
 * the server when it is reachable, see api.ts). Merging keeps the better record of each
 * level, by the same rule as the server (server/engine/progress.ts).
 */
const levelProgressSchema = z.object({
  stars: z.number().int().min(0).max(3),
  bestScore: z.number().int(),
  runId: z.string().optional(),
});
export type LevelProgress = z.infer<typeof levelProgressSchema>;

const progressSchema = z.record(z.string(), levelProgressSchema);
export type Progress = Record<string, LevelProgress>;

const PROGRESS_KEY = 'mdb.progress.v1';

export function loadProgress(): Progress {
  return readStored(PROGRESS_KEY, progressSchema) ?? {};
}

export function mergeProgress(a: Progress, b: Progress): Progress {
  const out: Progress = { ...a };
  for (const [slug, p] of Object.entries(b)) out[slug] = bestRecord(out[slug], p)!;
  return out;
}

/** Records a finished level; returns the updated progress. */
export function recordLevel(slug: string, result: LevelProgress): Progress {
  const next = mergeProgress(loadProgress(), { [slug]: result });
  writeStored(PROGRESS_KEY, next);
  return next;
}

export function saveProgress(p: Progress): void {
  writeStored(PROGRESS_KEY, p);
}

/** Level i is open when it is the first or the previous one has at least one star. */
export function unlocked(slugs: readonly string[], progress: Progress): boolean[] {
  return slugs.map((_, i) => i === 0 || (progress[slugs[i - 1]]?.stars ?? 0) >= 1);
}
