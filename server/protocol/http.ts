import { z } from 'zod';
import { actionSchema, isDateString } from '../engine';
import { ARENA_ROUTES } from './arena';
import { TEACH_ROUTES } from './teach';
import { PUBLISHING_ROUTES } from './publishing';
import { policyLoadErrorSchema, policyRunRequestSchema, policyRunResponseSchema } from './policies';

export * from './arena';
export * from './teach';
export * from './publishing';
import { experimentSchema } from '../engine/experiment';

/**
 * The JSON HTTP API's contract (server/http/api.ts serves it, app/lib/api.ts calls it):
 * request, response and error schemas for every route. The server validates requests and
 * types its replies with these; the browser parses every answer with them, errors included.
 */

// ---- errors -----------------------------------------------------------------

/**
 * Every refusal's code, with the one HTTP status it is sent with (so a code and a status
 * cannot disagree). The message beside it is for people; the code is for programs.
 */
export const API_ERROR_STATUS = {
  /** A field of the body, query or path failed its schema; the message names the field. */
  'invalid-input': 400,
  'invalid-json': 400,
  'invalid-path': 400,
  /** A scenario file the engine refuses: `scenarioErrors` lists every error at once (path and message), as the editor shows them. */
  'invalid-scenario': 400,
  /** The scenario's slug belongs to another scenario (or is reserved: built-ins, `daily-`). */
  'slug-taken': 409,
  'unknown-player': 401,
  /** The route needs a signed-in teacher account (students never need one). */
  unauthenticated: 401,
  /** Signed in, but this is another account's (e.g. editing someone else's public scenario). */
  forbidden: 403,
  'not-found': 404,
  'unknown-scenario': 404,
  'unknown-room': 404,
  'unknown-run': 404,
  /** No assignment with this code or id (or it is another teacher's). */
  'unknown-assignment': 404,
  /** No class with this id (or it is another teacher's). */
  'unknown-class': 404,
  /** A daily challenge whose day has not started anywhere yet. */
  'not-yet': 404,
  'method-not-allowed': 405,
  /**
   * This exact run (same scenario version, seed, balancer and action log) already counts for
   * another player: a log counts once, for its first submitter (a fetched replay resubmitted
   * under another token is refused). The message names the first run.
   */
  'duplicate-run': 409,
  /** An assignment's run before its opening; the message gives the opening date. Nothing stored. */
  'assignment-not-open': 409,
  /** An assignment's run after its close; the message gives the closing date. Nothing stored. */
  'assignment-closed': 409,
  /** The player has used every attempt the assignment allows. Nothing stored. */
  'attempts-used': 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  /**
   * Policy code that cannot be a policy (the sandbox's LoadError), on every route that takes
   * code (policy runs, the lab, the arena): nothing was run or stored; `policy`
   * carries its kind (syntax, import, too-large, exports, evaluation) and, where the
   * compiler gave one, the line and column.
   */
  'invalid-policy': 400,
  /**
   * POST /api/policies/run and /api/lab/policy: the runs took longer than their time budget (a policy that
   * blocks its thread where the sandbox's per-call budget cannot stop it); the worker was
   * stopped and replaced, nothing else was affected.
   */
  'policy-timeout': 422,
  /** Too many requests from this address; `retryAfterSeconds` says when to try again. */
  'rate-limited': 429,
  /** A fault of the server, not of the request; nothing was changed. */
  internal: 500,
  /**
   * The server's storage failed or did not answer in time (a full disk, a lost database):
   * try again after `retryAfterSeconds` (also the Retry-After header). A run submitted with
   * this answer may or may not have been stored; submitting it again never ranks it twice.
   */
  'storage-unavailable': 503,
  /**
   * The server's simulation queue is full (every run is re-simulated before it is stored);
   * nothing was stored: `retryAfterSeconds` says when to try again.
   */
  busy: 503,
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;
export const API_ERROR_CODES = Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]];

/** The body of every 4xx/5xx answer. */
export const apiErrorSchema = z.strictObject({
  error: z.strictObject({
    code: z.enum(API_ERROR_CODES),
    message: z.string().min(1),
    /** With `rate-limited`, `busy` and `storage-unavailable` (also sent as the Retry-After header). */
    retryAfterSeconds: z.number().int().min(1).optional(),
    /** With `invalid-policy`: the sandbox's load error. */
    policy: policyLoadErrorSchema.optional(),
    /** With `invalid-scenario`: every error of the file. */
    scenarioErrors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>['error'];

// ---- request pieces ---------------------------------------------------------

export const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9~-]{0,80}$/, { error: 'not a scenario slug' });

/** A real calendar day, YYYY-MM-DD (2026-02-30 is refused). */
export function isCalendarDay(d: string): boolean {
  if (!isDateString(d)) return false;
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}
/**
 * The daily challenge's slug, `daily-YYYY-MM-DD`, its date (null for any other slug). Every
 * `daily-` slug is reserved for the daily challenge (see server/db/scenarios.ts).
 */
export function dailyDateOf(slug: string): string | null {
  const m = /^daily-(\d{4}-\d{2}-\d{2})$/.exec(slug);
  return m && isCalendarDay(m[1]) ? m[1] : null;
}

/** How far ahead of UTC midnight a day's daily is out: the day has started somewhere on Earth (UTC+14). */
export const DAILY_LEAD_MS = 14 * 3600_000;

/** Whether the daily of `date` is out at `nowMs`: no path serves (or stores) a future challenge. */
export function dailyIsOut(date: string, nowMs: number): boolean {
  return Date.parse(`${date}T00:00:00Z`) <= nowMs + DAILY_LEAD_MS;
}
export const calendarDaySchema = z.string().refine(isCalendarDay, { error: 'date must be a calendar day, YYYY-MM-DD' });
/** Looser than the real-time join code: any case, and older codes stay readable. */
export const roomCodeParamSchema = z.string().regex(/^[A-Za-z0-9]{4,12}$/, { error: 'not a room code' });
export const runIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'not a run id' });
export const playerTokenSchema = z.string().min(8).max(200);
export const nicknameSchema = z.string().trim()
  .min(1, { error: 'nickname must not be empty' })
  .max(32, { error: 'nickname: at most 32 characters' });

// ---- requests -----------------------------------------------------------------

/** Query of every leaderboard route; `player` adds the asker's own entry (`me`). */
export const boardQuerySchema = z.object({
  player: playerTokenSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
/** A scenario's board: `version` picks an older version's board (each version has its own). */
export const scenarioBoardQuerySchema = boardQuerySchema.extend({ version: z.coerce.number().int().min(1).optional() });
/** Query of GET /api/players/me and GET /api/progress. */
export const playerQuerySchema = z.object({ player: playerTokenSchema });

/** POST /api/runs and POST /api/progress: a finished run, claimed by the client and re-simulated by the server. */
export const runClaimSchema = z.strictObject({
  playerToken: playerTokenSchema,
  scenario: slugSchema,
  seed: z.number().int().min(0).max(0xffffffff),
  // Checked in detail by the engine's action-log schema when the run is verified (an invalid
  // log is stored as an unverified run with the reason, as the trust rule asks).
  actions: z.array(z.unknown()).max(200_000),
  finalHash: z.string().min(1).max(128),
  score: z.number().int(),
  bot: z.string().max(32).optional(),
});
export type RunClaimRequest = z.input<typeof runClaimSchema>;

export const createPlayerSchema = z.strictObject({ nickname: nicknameSchema });
export const renamePlayerSchema = z.strictObject({ playerToken: playerTokenSchema, nickname: nicknameSchema });

// ---- responses ------------------------------------------------------------------

/** Dates travel as ISO 8601 strings. */
const isoDate = z.iso.datetime();

export const scenarioSummarySchema = z.object({
  slug: z.string(),
  title: z.string(),
  kind: z.enum(['builtin', 'authored', 'daily', 'variant']),
  visibility: z.enum(['public', 'unlisted', 'private', 'link', 'rooms']),
  version: z.number().int(),
  campaignOrder: z.number().int().nullable(),
  summary: z.string(),
  cpus: z.number().int(),
  duration: z.number().int(),
  updatedAt: isoDate,
});
export type ScenarioSummary = z.infer<typeof scenarioSummarySchema>;

export const boardEntrySchema = z.object({
  rank: z.number().int().min(1),
  playerId: z.string(),
  nickname: z.string(),
  score: z.number().int(),
  finishedAt: isoDate,
  runId: z.string(),
});
export const campaignEntrySchema = z.object({
  rank: z.number().int().min(1),
  playerId: z.string(),
  nickname: z.string(),
  score: z.number().int(),
  stars: z.number().int().min(0),
  reachedAt: isoDate,
});
export const progressRowSchema = z.object({
  scenarioId: z.string(),
  slug: z.string(),
  bestScore: z.number().int(),
  stars: z.number().int().min(0).max(3),
  runId: z.string(),
  finishedAt: isoDate,
});

const board = { entries: z.array(boardEntrySchema), me: boardEntrySchema.nullable() };

/**
 * A room's board entry (its latest round): ranked by the one ranking rule of rooms
 * (protocol/ranking.ts: ties share a rank); a player the host removed is listed with
 * `removed` and no rank.
 */
export const roomBoardEntrySchema = boardEntrySchema.extend({
  rank: z.number().int().min(1).nullable(),
  removed: z.boolean(),
});

const roomCellSchema = z.object({
  runId: z.string(),
  score: z.number().int(),
  met: z.number().int(),
  missed: z.number().int(),
  stranded: z.number().int(),
  rank: z.number().int().min(1).nullable(),
  status: z.enum(['played', 'removed', 'unverified']),
});

/** GET /api/rooms/:code/results: every round of a room, per player, with totals (the CSV's content as JSON). */
export const roomResultsResponseSchema = z.object({
  room: z.string(),
  kind: z.string(),
  rounds: z.array(z.object({ round: z.number().int().min(1), scenario: z.string(), title: z.string(), seed: z.number().int() })),
  rows: z.array(z.object({
    playerId: z.string(),
    nickname: z.string(),
    removed: z.boolean(),
    /** Keyed by round number (as a string: JSON object keys). */
    rounds: z.record(z.string(), roomCellSchema),
    total: z.object({
      score: z.number().int(), met: z.number().int(), missed: z.number().int(), stranded: z.number().int(),
      played: z.number().int().min(0), removed: z.boolean(), rank: z.number().int().min(1).nullable(),
    }),
  })),
});
export type RoomResultsResponse = z.infer<typeof roomResultsResponseSchema>;

export const submitRunResponseSchema = z.object({
  run: z.object({
    id: z.string(),
    scenario: z.string(),
    verified: z.boolean(),
    /** Why the run is not verified (null when it is). */
    reason: z.string().nullable(),
    score: z.number().int(),
    stars: z.number().int().min(0).max(3).nullable(),
    finishedAt: isoDate,
  }),
  /** The server's own re-simulation (null when the claim could not be simulated). */
  server: z.object({ score: z.number().int(), finalHash: z.string() }).nullable(),
});

export const replayDocResponseSchema = z.object({
  format: z.literal(1),
  runId: z.string(),
  /** A format-1 scenario file: the client parses it with the engine's scenario schema. */
  scenario: z.unknown(),
  scenarioVersion: z.number().int(),
  seed: z.number().int(),
  bot: z.string(),
  actions: z.array(actionSchema),
  finalHash: z.string(),
  score: z.number().int(),
  verified: z.boolean(),
});

// ---- the lab's user policies (issue 12, item 5) ------------------------------------

/**
 * Work of one POST /api/lab/policy: sets x duration x cpus, summed over the request's sets.
 * A sandboxed policy runs hundreds of times slower than a built-in bot (measured about
 * 4 s per set of 4 CPUs x 2,000 ticks under a load of 27, README "Lab in the browser"),
 * so the browser sends an experiment in slices of sets, each within this cap and so well
 * within the pool's 30 s per-job budget.
 */
export const LAB_POLICY_MAX_WORK = 32_000;
/** Work one address may ask for per minute, over all its requests (a worker does roughly 100,000 to 400,000 a minute). */
export const LAB_POLICY_WORK_PER_MINUTE = 400_000;
export const LAB_POLICY_MAX_SOURCE = 256 * 1024;

export const labPolicyRequestSchema = z.strictObject({
  /** The policy, TypeScript or JavaScript (server/sandbox). */
  source: z.string().min(1, { error: 'source: empty' }).max(LAB_POLICY_MAX_SOURCE, { error: `source: at most ${LAB_POLICY_MAX_SOURCE} characters` }),
  /** Its file name: the rows' bot is `policy:<filename>`, as `npm run lab -- --bots policy:<filename>` writes. */
  filename: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}\.(ts|js|mts|mjs)$/, { error: 'filename: letters, digits, _ . - ending in .ts or .js' }),
  experiment: experimentSchema,
  /** The slice of the experiment's sets to run, [from, to) in experimentSets() order. */
  from: z.number().int().min(0),
  to: z.number().int().min(1),
}).refine((r) => r.to > r.from, { error: 'to must be > from', path: ['to'] });
export type LabPolicyRequest = z.input<typeof labPolicyRequestSchema>;

const labRowSchema = z.object({
  cpus: z.number().int(), tasks: z.number().int(), utilisation: z.number(), mdShare: z.number(), duration: z.number().int(), setSeed: z.number().int(),
  simSeed: z.number().int(), bot: z.string(), class: z.enum(['fifo', 'edf']), mdMode: z.enum(['migrate_disable', 'preempt_disable']),
  migrationCost: z.number().int(), affinityShare: z.number(), sporadicShare: z.number(),
  score: z.number(), jobs: z.number().int(), met: z.number().int(), missed: z.number().int(), missPct: z.number(), pending: z.number().int(),
  tardiness: z.number(), stranded: z.number(), wasted: z.number(), idle: z.number(), inversion: z.number(), migrations: z.number().int(),
  preemptions: z.number().int(), contextSwitches: z.number().int(), finalHash: z.string(),
});

/** A call of the policy the sandbox stopped (the run went on as under `none`). */
const policyFaultSchema = z.object({ kind: z.string(), call: z.string(), tick: z.number().int(), message: z.string() });

export const labPolicyResponseSchema = z.object({
  /** One row per set of the slice, in order: the CLI's rows for this policy. */
  rows: z.array(labRowSchema),
  /** Per row: the fault that stopped the policy during that run, or null. */
  faults: z.array(policyFaultSchema.nullable()),
});

/**
 * Every route: method, path pattern, what it reads, the success status and answer.
 * Errors are always `apiErrorSchema`. The server's replies are typed from `response`.
 */
export const API_ROUTES = {
  listScenarios: { method: 'GET', path: '/api/scenarios', status: 200, response: z.object({ scenarios: z.array(scenarioSummarySchema) }) },
  getScenario: {
    method: 'GET', path: '/api/scenarios/:slug', status: 200, params: { slug: slugSchema },
    response: z.object({ scenario: scenarioSummarySchema.extend({ json: z.unknown() }) }),
  },
  scenarioBoard: {
    method: 'GET', path: '/api/leaderboard/scenario/:slug', status: 200, params: { slug: slugSchema }, query: scenarioBoardQuerySchema,
    response: z.object({ scenario: z.string(), version: z.number().int(), ...board }),
  },
  dailyBoard: {
    method: 'GET', path: '/api/leaderboard/daily/:date', status: 200, params: { date: calendarDaySchema }, query: boardQuerySchema,
    response: z.object({ date: z.string(), scenario: z.string(), version: z.number().int(), ...board }),
  },
  /** The room's latest round (`round`: null before any run was stored). */
  roomBoard: {
    method: 'GET', path: '/api/leaderboard/room/:code', status: 200, params: { code: roomCodeParamSchema }, query: boardQuerySchema,
    response: z.object({ room: z.string(), scenario: z.string(), round: z.number().int().min(1).nullable(), entries: z.array(roomBoardEntrySchema), me: roomBoardEntrySchema.nullable() }),
  },
  roomResults: {
    method: 'GET', path: '/api/rooms/:code/results', status: 200, params: { code: roomCodeParamSchema },
    response: roomResultsResponseSchema,
  },
  campaignBoard: {
    method: 'GET', path: '/api/leaderboard/campaign', status: 200, query: boardQuerySchema,
    response: z.object({ entries: z.array(campaignEntrySchema), me: campaignEntrySchema.nullable() }),
  },
  submitRun: { method: 'POST', path: '/api/runs', status: 201, body: runClaimSchema, response: submitRunResponseSchema },
  getReplay: { method: 'GET', path: '/api/runs/:id/replay', status: 200, params: { id: runIdSchema }, response: replayDocResponseSchema },
  /** text/csv, not JSON: no response schema. */
  roomResultsCsv: { method: 'GET', path: '/api/rooms/:code/results.csv', status: 200, params: { code: roomCodeParamSchema }, response: null },
  createPlayer: {
    method: 'POST', path: '/api/players', status: 201, body: createPlayerSchema,
    response: z.object({ token: z.string().min(8), id: z.string(), nickname: z.string() }),
  },
  getPlayer: { method: 'GET', path: '/api/players/me', status: 200, query: playerQuerySchema, response: z.object({ id: z.string(), nickname: z.string() }) },
  renamePlayer: { method: 'POST', path: '/api/players/me', status: 200, body: renamePlayerSchema, response: z.object({ id: z.string(), nickname: z.string() }) },
  getProgress: {
    method: 'GET', path: '/api/progress', status: 200, query: playerQuerySchema,
    response: z.object({ progress: z.array(progressRowSchema), campaign: campaignEntrySchema.nullable() }),
  },
  /** The policy editor (/policies): user code run in the sandbox on a scenario, next to the bots (protocol/policies.ts). */
  runPolicy: { method: 'POST', path: '/api/policies/run', status: 200, body: policyRunRequestSchema, response: policyRunResponseSchema },
  /** A campaign level finished: the same verification as submitRun, answered with the updated progress. */
  submitProgress: {
    method: 'POST', path: '/api/progress', status: 201, body: runClaimSchema,
    response: submitRunResponseSchema.extend({ progress: z.array(progressRowSchema), campaign: campaignEntrySchema.nullable() }),
  },
  ...ARENA_ROUTES,
  ...TEACH_ROUTES,
  ...PUBLISHING_ROUTES,
  /**
   * A lab user policy's rows for a slice of an experiment's sets, run on the server's
   * simulation workers in the sandbox. Refusals: invalid-policy 400 (with the LoadError
   * `kind`), too-large 413 (over LAB_POLICY_MAX_WORK), rate-limited 429, busy 503.
   */
  labPolicy: { method: 'POST', path: '/api/lab/policy', status: 200, body: labPolicyRequestSchema, response: labPolicyResponseSchema },
} as const;

export type ApiRouteName = keyof typeof API_ROUTES;
type JsonRouteName = { [K in ApiRouteName]: (typeof API_ROUTES)[K]['response'] extends z.ZodType ? K : never }[ApiRouteName];
/** The JSON answer of a route, as it travels (dates as strings). */
export type ApiResponse<K extends JsonRouteName> = (typeof API_ROUTES)[K]['response'] extends z.ZodType<infer T> ? T : never;
export type JsonApiRoute = JsonRouteName;
