/**
 * The arena's storage contract (README "Arena"): balancer submissions and their per-set
 * results on the hidden suite. Implemented in memory (memory.ts) and over Prisma
 * (arena-prisma.ts); tests/integration/db/arena-contract.ts holds all three to it.
 */

export const ARENA_STATUSES = ['queued', 'evaluating', 'ranked', 'faulted', 'refused'] as const;
export type ArenaStatus = (typeof ARENA_STATUSES)[number];

/** One set's figures under one entry. */
export interface ArenaSetResult {
  setIndex: number;
  missed: number;
  wasted: number;
  stranded: number;
  migrations: number;
  score: number;
  finalHash: string;
  /** The policy's first fault in this set (the run went on as bot `none`), null when none. */
  fault: { kind: string; message: string; tick: number } | null;
}

/** Totals over every set: what the board ranks by (server/arena/score.ts). */
export interface ArenaTotals {
  missed: number;
  wasted: number;
  stranded: number;
  migrations: number;
  score: number;
}

export interface NewArenaSubmission {
  name: string;
  description: string;
  code: string;
  codeHash: string;
  bot: string | null;
  addressHash: string;
  suiteVersion: string;
}

export interface ArenaSubmissionRecord extends NewArenaSubmission {
  id: string;
  status: ArenaStatus;
  setsDone: number;
  totals: ArenaTotals | null;
  fault: { kind: string; message: string } | null;
  createdAt: Date;
  evaluatedAt: Date | null;
}

/** A board row: a submission without its code. */
export type ArenaListing = Omit<ArenaSubmissionRecord, 'code'>;

export interface ArenaRepo {
  /**
   * Stores a queued submission; when the same code (suite version and hash) is already
   * stored, changes nothing and answers that row with `created: false`.
   */
  create(input: NewArenaSubmission): Promise<{ submission: ArenaSubmissionRecord; created: boolean }>;
  get(id: string): Promise<ArenaSubmissionRecord | null>;
  /** Every entry of a suite version, oldest first, without code. */
  list(suiteVersion: string): Promise<ArenaListing[]>;
  /** One entry's set results, by set index. */
  results(id: string): Promise<ArenaSetResult[]>;
  /** Marks an entry evaluating (from queued, or again after a restart) and forgets its earlier set results. */
  startEvaluation(id: string): Promise<void>;
  /** Stores one set's result (idempotent per set) and counts it in `setsDone`. */
  saveResult(id: string, result: ArenaSetResult): Promise<void>;
  /** The evaluation's end: its status, totals (null when refused) and first fault. */
  finish(id: string, end: { status: 'ranked' | 'faulted' | 'refused'; totals: ArenaTotals | null; fault: { kind: string; message: string } | null; at: Date }): Promise<void>;
  /** The suite secret: the stored one, or `candidate` stored now if none was (the first caller wins a race). */
  secret(candidate: string): Promise<string>;
}
