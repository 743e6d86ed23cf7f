import { z } from 'zod';
import { actionLogSchema, type Action } from '../../server/engine';
import {
  API_ROUTES, apiErrorSchema, boardEntrySchema, campaignEntrySchema, roomResultsResponseSchema,
  type ApiErrorCode, type PolicyLoadErrorDetail, type RoomResultsResponse, type RunClaimRequest,
} from '../../server/protocol';
import { readStored, writeStored } from './storage';

/**
 * The browser's side of the HTTP API (contract: server/protocol/http.ts). Every answer is
 * parsed with the contract's schemas, and every failure (no server, a refusal, an odd body)
 * becomes a value with a message the page can show as is, never an exception: solo play
 * works offline. A refusal keeps the server's code and its own words.
 */
export type ApiFailure =
  | { kind: 'offline'; message: string }
  /**
   * The server refused: its code (null when a newer server sent one this build does not know) and its
   * reason; for code that cannot be a policy (`invalid-policy`), the sandbox's load error.
   */
  | {
    kind: 'refused'; status: number; code: ApiErrorCode | null; message: string; retryAfterSeconds?: number; policy?: PolicyLoadErrorDetail;
    /** With `invalid-scenario` (publishing): every error of the file. */
    scenarioErrors?: { path: string; message: string }[];
  }
  | { kind: 'bad-answer'; status: number; message: string };
export type ApiResult<T> = { ok: true; value: T } | ({ ok: false } & ApiFailure);

const OFFLINE: ApiFailure = { kind: 'offline', message: 'The server could not be reached. Check your connection and try again.' };
/** An error body from a server speaking another version of the contract: the message is still worth showing. */
const looseError = z.object({ error: z.object({ message: z.string().min(1) }) });

/** Reads one answer: the success body through `schema`, an error body through the contract's error schema. */
export async function readAnswer<T>(res: Response, schema: z.ZodType<T>): Promise<ApiResult<T>> {
  let body: unknown;
  let json = true;
  try {
    body = await res.json();
  } catch {
    json = false;
  }
  if (!res.ok) {
    const e = apiErrorSchema.safeParse(body);
    if (e.success) {
      const { code, message, retryAfterSeconds, policy, scenarioErrors } = e.data.error;
      return {
        ok: false, kind: 'refused', status: res.status, code, message,
        ...(retryAfterSeconds ? { retryAfterSeconds } : {}), ...(policy ? { policy } : {}), ...(scenarioErrors ? { scenarioErrors } : {}),
      };
    }
    const loose = looseError.safeParse(body);
    if (loose.success) return { ok: false, kind: 'refused', status: res.status, code: null, message: loose.data.error.message };
    // Not our server's answer (a proxy's error page, say): the status is all there is to tell.
    return { ok: false, kind: 'bad-answer', status: res.status, message: `The server answered ${res.status}${json ? '' : ' without a readable reason'}. Try again in a moment.` };
  }
  const parsed = json ? schema.safeParse(body) : null;
  return parsed?.success
    ? { ok: true, value: parsed.data }
    : { ok: false, kind: 'bad-answer', status: res.status, message: 'The server answered in a form this page does not understand.' };
}

/** One request to the API, its answer read by `readAnswer`; no server at all is `offline`. */
export async function requestJson<T>(url: string, schema: z.ZodType<T>, init?: RequestInit): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}), ...init?.headers }, cache: 'no-store' });
  } catch {
    return { ok: false, ...OFFLINE };
  }
  return readAnswer(res, schema);
}

// ---- the anonymous player ---------------------------------------------------

const storedPlayer = z.object({ token: z.string().min(8), id: z.string().min(1), nickname: z.string().optional() });
export type PlayerIdentity = z.infer<typeof storedPlayer>;
const PLAYER_KEY = 'mdb.player.v1';

/** The anonymous player of this browser, created on the server on first need (null when offline). */
export async function ensurePlayer(): Promise<PlayerIdentity | null> {
  const known = readStored(PLAYER_KEY, storedPlayer);
  if (known) return known;
  // Anonymous: a generated nickname, shown on leaderboards (the Web Crypto API, not the engine's PRNG: this is identity, not game state).
  const n = typeof crypto !== 'undefined' && crypto.getRandomValues ? crypto.getRandomValues(new Uint16Array(1))[0] : Date.now();
  const r = await requestJson('/api/players', API_ROUTES.createPlayer.response, { method: 'POST', body: JSON.stringify({ nickname: `Player ${String(n % 10000).padStart(4, '0')}` }) });
  if (!r.ok) return null;
  writeStored(PLAYER_KEY, r.value);
  return r.value;
}

export function knownPlayer(): PlayerIdentity | null {
  return readStored(PLAYER_KEY, storedPlayer);
}

const renameAnswer = API_ROUTES.renamePlayer.response;

/** Changes the anonymous player's name on leaderboards. */
export async function renamePlayer(nickname: string): Promise<ApiResult<{ nickname: string }>> {
  const player = knownPlayer();
  if (!player) return { ok: false, ...OFFLINE };
  const r = await requestJson('/api/players/me', renameAnswer, { method: 'POST', body: JSON.stringify({ playerToken: player.token, nickname }) });
  if (r.ok) writeStored(PLAYER_KEY, { ...player, nickname: r.value.nickname });
  return r.ok ? { ok: true, value: { nickname: r.value.nickname } } : r;
}

// ---- runs -------------------------------------------------------------------

const submitAnswer = API_ROUTES.submitRun.response
  .transform((a) => ({ id: a.run.id, verified: a.run.verified, reason: a.run.reason, serverScore: a.server?.score ?? null }));
export type SubmitAnswer = z.infer<typeof submitAnswer>;

export type RunClaim = Omit<RunClaimRequest, 'playerToken' | 'actions' | 'bot'> & { actions: Action[] };

/** Submits a finished solo run; the server re-simulates it and ranks it if it checks out. */
export async function submitRun(claim: RunClaim): Promise<ApiResult<SubmitAnswer>> {
  const player = await ensurePlayer();
  if (!player) return { ok: false, ...OFFLINE };
  const body: RunClaimRequest = { playerToken: player.token, ...claim };
  return requestJson('/api/runs', submitAnswer, { method: 'POST', body: JSON.stringify(body) });
}

/**
 * A replay document (format 1): what GET /api/runs/:id/replay answers, loosened for files a
 * player pastes or uploads (only scenario, seed and actions are needed).
 */
export const replayDocSchema = z.object({
  format: z.literal(1).optional(),
  runId: z.string().optional(),
  scenario: z.unknown(),
  seed: z.number().int(),
  bot: z.string().optional(),
  actions: actionLogSchema,
  finalHash: z.string().optional(),
  score: z.number().optional(),
  verified: z.boolean().optional(),
  nickname: z.string().optional(),
}).passthrough();
export type ReplayDoc = z.infer<typeof replayDocSchema>;

export function fetchReplay(runId: string): Promise<ApiResult<ReplayDoc>> {
  return requestJson(`/api/runs/${encodeURIComponent(runId)}/replay`, API_ROUTES.getReplay.response);
}

// ---- progress ---------------------------------------------------------------

export interface ServerProgressRow { slug: string; stars: number; bestScore: number; runId?: string }
const progressAnswer = API_ROUTES.getProgress.response
  .transform((a): ServerProgressRow[] => a.progress.map((r) => ({ slug: r.slug, stars: r.stars, bestScore: r.bestScore, runId: r.runId })));

/** The server's copy of this player's progress (null when unknown or offline). */
export async function fetchServerProgress(): Promise<ServerProgressRow[] | null> {
  const player = knownPlayer();
  if (!player) return null;
  const r = await requestJson(`/api/progress?player=${encodeURIComponent(player.token)}`, progressAnswer);
  return r.ok ? r.value : null;
}

// ---- scenarios ----------------------------------------------------------------

export interface ScenarioChoice {
  slug: string;
  title: string;
  cpus?: number;
  duration?: number;
}

const scenarioList = API_ROUTES.listScenarios.response
  .transform((a): ScenarioChoice[] => a.scenarios.map((s) => ({ slug: s.slug, title: s.title, cpus: s.cpus, duration: s.duration })));

/** Scenarios the server offers (built-in and published), or null when it cannot say. */
export async function fetchScenarioList(): Promise<ScenarioChoice[] | null> {
  const r = await requestJson('/api/scenarios', scenarioList);
  return r.ok ? r.value : null;
}

const scenarioFile = API_ROUTES.getScenario.response.transform((a) => a.scenario.json);

/** A published scenario's file (format 1, still to be parsed with the engine's schema). */
export function fetchScenarioJson(slug: string): Promise<ApiResult<unknown>> {
  return requestJson(`/api/scenarios/${encodeURIComponent(slug)}`, scenarioFile);
}

// ---- leaderboards -------------------------------------------------------------

/** One leaderboard row as the pages show it (dates are ISO strings on the wire). */
export interface BoardRow {
  rank: number;
  playerId?: string;
  nickname: string;
  score: number;
  runId?: string;
  stars?: number;
  when?: string;
}

/** Scenario, daily and room boards list runs; the campaign board lists players' totals (with stars). */
const anyEntry = z.union([boardEntrySchema, campaignEntrySchema]).transform((e): BoardRow => ({
  rank: e.rank, playerId: e.playerId, nickname: e.nickname, score: e.score,
  ...('runId' in e ? { runId: e.runId, when: e.finishedAt } : { stars: e.stars, when: e.reachedAt }),
}));
const boardAnswer = z.object({ entries: z.array(anyEntry), me: anyEntry.nullable() });

export type BoardResult =
  | { state: 'ok'; rows: BoardRow[]; me: BoardRow | null }
  | { state: 'missing' }
  | { state: 'error'; message: string };

/** Fetches one of the /api/leaderboard/... boards. */
export async function fetchBoard(url: string, signal?: AbortSignal): Promise<BoardResult> {
  const r = await requestJson(url, boardAnswer, signal ? { signal } : undefined);
  if (r.ok) return { state: 'ok', rows: r.value.entries, me: r.value.me };
  // 404: no such scenario/room/day; 400: a day that is not (yet) a challenge day. The page says which in its own words.
  if (r.kind === 'refused' && (r.status === 404 || r.status === 400)) return { state: 'missing' };
  return { state: 'error', message: r.message };
}

export type RoomResultsResult =
  | { state: 'ok'; results: RoomResultsResponse }
  | { state: 'missing' }
  | { state: 'error'; message: string };

/** A room's stored results, every round with totals (GET /api/rooms/:code/results). */
export async function fetchRoomResults(code: string, signal?: AbortSignal): Promise<RoomResultsResult> {
  const r = await requestJson(`/api/rooms/${encodeURIComponent(code)}/results`, roomResultsResponseSchema, signal ? { signal } : undefined);
  if (r.ok) return { state: 'ok', results: r.value };
  if (r.kind === 'refused' && r.status === 404) return { state: 'missing' };
  return { state: 'error', message: r.message };
}
