/**
 * A player's progress on one campaign level is one run: their best. The server's
 * repositories and the browser's own copy keep it by the same rule, written once here.
 *
 * The best run has, in this order of importance:
 *  1. more stars: stars are the level's goal (they also require the level's own limits
 *     on missed deadlines and stranded CPU-ticks, which the score alone does not);
 *  2. a higher score;
 *  3. a run id: a run the server accepted (it has a replay and counts on the boards)
 *     beats the same result kept only in the browser;
 *  4. an earlier finish: repeating a result does not take the record from the run that
 *     first reached it;
 *  5. for two runs that finished in the same millisecond, the smaller run id, so that the
 *     outcome never depends on which submission is stored first.
 * When none of these separates two records (the browser does not know when the server's
 * runs finished), the record already kept stays.
 *
 * Stars, score and run are never mixed from different runs: the record's replay shows
 * exactly the stars and the score the level map displays.
 */

/** What the rule needs to know of a level's record. */
export interface LevelRecord {
  stars: number;
  /** The score of the record's run (the best run's, hence the name the stores use). */
  bestScore: number;
  /** The server's id of the run; absent for a run kept only in the browser. */
  runId?: string | undefined;
  /** When the run finished, in ms since the epoch; absent when unknown. */
  finishedAt?: number | undefined;
}

/** True when `a` is a strictly better record of a level than `b`. */
export function beatsRecord(a: LevelRecord, b: LevelRecord): boolean {
  if (a.stars !== b.stars) return a.stars > b.stars;
  if (a.bestScore !== b.bestScore) return a.bestScore > b.bestScore;
  if ((a.runId === undefined) !== (b.runId === undefined)) return a.runId !== undefined;
  if (a.finishedAt === undefined || b.finishedAt === undefined) return false;
  if (a.finishedAt !== b.finishedAt) return a.finishedAt < b.finishedAt;
  return a.runId !== undefined && b.runId !== undefined && a.runId < b.runId;
}

/** The better of two records of one level (either may be missing); on a full tie, `current`. */
export function bestRecord<T extends LevelRecord>(current: T | undefined, candidate: T | undefined): T | undefined {
  if (!current) return candidate;
  if (!candidate) return current;
  return beatsRecord(candidate, current) ? candidate : current;
}
