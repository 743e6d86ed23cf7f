import { z } from 'zod';

/**
 * The arena's part of the HTTP contract (README "Arena"; served by server/http/arena.ts,
 * spread into API_ROUTES in http.ts): submit a balancer, the board, one entry, one set's replay.
 */

/** The largest policy source the arena takes, in bytes (UTF-8): larger is refused with `too-large`. */
export const ARENA_MAX_CODE_BYTES = 64 * 1024;

export const arenaIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'not an arena entry id' });

export const arenaSubmitSchema = z.strictObject({
  name: z.string().trim().min(1, { error: 'name must not be empty' }).max(40, { error: 'name: at most 40 characters' }),
  description: z.string().trim().max(500, { error: 'description: at most 500 characters' }).default(''),
  // Bounded here only so a huge body is not parsed further; the real cap (bytes) answers too-large.
  code: z.string().min(1, { error: 'code must not be empty' }).max(4 * ARENA_MAX_CODE_BYTES, { error: 'code is far over the size cap' }),
});
export type ArenaSubmitRequest = z.input<typeof arenaSubmitSchema>;

export const ARENA_STATUS_VALUES = ['queued', 'evaluating', 'ranked', 'faulted', 'refused'] as const;

const totalsSchema = z.object({
  missed: z.number().int(), wasted: z.number().int(), stranded: z.number().int(), migrations: z.number().int(), score: z.number().int(),
});

/** A board row. `rank` is set only for ranked entries (the score: fewest missed, then least wasted, then least stranded, then earliest). */
export const arenaEntrySchema = z.object({
  id: z.string(),
  rank: z.number().int().min(1).nullable(),
  name: z.string(),
  description: z.string(),
  /** The built-in bot's name; null for a submitted policy. */
  bot: z.string().nullable(),
  status: z.enum(ARENA_STATUS_VALUES),
  setsDone: z.number().int().min(0),
  sets: z.number().int().min(1),
  totals: totalsSchema.nullable(),
  fault: z.object({ kind: z.string(), message: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
});
export type ArenaEntry = z.infer<typeof arenaEntrySchema>;

/** The published part of the hidden suite: every parameter but the seeds. */
export const arenaSuiteSchema = z.object({
  version: z.number().int(),
  /** What entries are stored under: the version, or a longer key for a resized suite (tests). */
  key: z.string(),
  cpus: z.number().int(),
  tasks: z.number().int(),
  utilisation: z.array(z.number()),
  mdShares: z.array(z.number()),
  setsPerCell: z.number().int(),
  sets: z.number().int(),
  duration: z.number().int(),
  seeds: z.literal('hidden'),
});

export const arenaSetResultSchema = z.object({
  setIndex: z.number().int().min(0),
  utilisation: z.number(),
  mdShare: z.number(),
  missed: z.number().int(),
  wasted: z.number().int(),
  stranded: z.number().int(),
  migrations: z.number().int(),
  score: z.number().int(),
  finalHash: z.string(),
  fault: z.object({ kind: z.string(), message: z.string(), tick: z.number().int() }).nullable(),
});

const arenaLimitsSchema = z.object({ maxCodeBytes: z.number().int(), submissionsPerHour: z.number().int(), maxQueued: z.number().int() });

export const ARENA_ROUTES = {
  arenaBoard: {
    method: 'GET', path: '/api/arena', status: 200,
    response: z.object({ suite: arenaSuiteSchema, limits: arenaLimitsSchema, entries: z.array(arenaEntrySchema) }),
  },
  /** 201 with the new entry (queued), or with the stored entry of the same code (`duplicate`). */
  arenaSubmit: {
    method: 'POST', path: '/api/arena/submissions', status: 201, body: arenaSubmitSchema,
    response: z.object({ entry: arenaEntrySchema, duplicate: z.boolean() }),
  },
  arenaEntry: {
    method: 'GET', path: '/api/arena/submissions/:id', status: 200, params: { id: arenaIdSchema },
    response: z.object({ entry: arenaEntrySchema, code: z.string(), results: z.array(arenaSetResultSchema) }),
  },
  /**
   * One set re-simulated on the server with the entry's balancer: the set's scenario (seed
   * blanked) and, per tick, the events, CPU views and pinned tasks the game's timeline draws.
   */
  arenaReplay: {
    method: 'GET', path: '/api/arena/submissions/:id/sets/:set/replay', status: 200,
    params: { id: arenaIdSchema, set: z.coerce.number().int().min(0).max(10_000) },
    response: z.object({
      entry: z.object({ id: z.string(), name: z.string() }),
      scenario: z.unknown(),
      result: arenaSetResultSchema,
      frames: z.array(z.object({
        events: z.array(z.record(z.string(), z.unknown())),
        cpus: z.array(z.object({ cpu: z.number().int(), running: z.string().nullable(), queue: z.array(z.string()) })),
        pinned: z.array(z.object({ task: z.string(), cpu: z.number().int() })),
      })),
    }),
  },
} as const;
