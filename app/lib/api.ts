import { z } from 'zod';
import { actionLogSchema, type Action } from '../../server/engine';
import { readStored, writeStored } from './storage';

/**
 * The HTTP API the solo pages use (server/http/api.ts). Every answer is checked
 * with zod, and every failure (no server, 500, odd body) becomes a value the page
 * can show, never an exception: solo play works offline.
 */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: 'offline' | 'not-found' | 'bad-answer' | 'refused'; status?: number; message?: string };

async function call<T>(url: string, schema: z.ZodType<T>, init?: RequestInit): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}), ...init?.headers }, cache: 'no-store' });
  } catch {
    return { ok: false, error: 'offline' };
  }
  if (res.status === 404) return { ok: false, error: 'not-found', status: 404 };
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { ok: false, error: res.ok ? 'bad-answer' : 'refused', status: res.status };
  }
  if (!res.ok) {
    const msg = z.object({ error: z.string().optional(), message: z.string().optional(), reason: z.string().optional() }).safeParse(body);
    const message = msg.success ? (msg.data.message ?? msg.data.error ?? msg.data.reason) : undefined;
    return { ok: false, error: 'refused', status: res.status, ...(message ? { message } : {}) };
  }
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: 'bad-answer', status: res.status };
}

// ---- the anonymous player ---------------------------------------------------

const playerSchema = z.object({ token: z.string().min(8), id: z.string().min(1), nickname: z.string().optional() });
export type PlayerIdentity = z.infer<typeof playerSchema>;
const PLAYER_KEY = 'mdb.player.v1';

/** The anonymous player of this browser, created on the server on first need (null when offline). */
export async function ensurePlayer(): Promise<PlayerIdentity | null> {
  const known = readStored(PLAYER_KEY, playerSchema);
  if (known) return known;
  // Anonymous: a generated nickname, shown on leaderboards (the Web Crypto API, not the engine's PRNG: this is identity, not game state).
  const n = typeof crypto !== 'undefined' && crypto.getRandomValues ? crypto.getRandomValues(new Uint16Array(1))[0] : Date.now();
  const r = await call('/api/players', playerSchema, { method: 'POST', body: JSON.stringify({ nickname: `Player ${String(n % 10000).padStart(4, '0')}` }) });
  if (!r.ok) return null;
  writeStored(PLAYER_KEY, r.value);
  return r.value;
}

export function knownPlayer(): PlayerIdentity | null {
  return readStored(PLAYER_KEY, playerSchema);
}

// ---- runs -------------------------------------------------------------------

/** POST /api/runs answers { run: { id, verified, reason, score, stars }, server: { score, finalHash } | null }. */
const submitAnswer = z.object({
  run: z.object({ id: z.string(), verified: z.boolean(), reason: z.string().nullable().optional(), score: z.number().optional(), stars: z.number().nullable().optional() }),
  server: z.object({ score: z.number(), finalHash: z.string() }).nullable().optional(),
}).transform((a) => ({ id: a.run.id, verified: a.run.verified, reason: a.run.reason ?? null, serverScore: a.server?.score ?? null }));
export type SubmitAnswer = z.infer<typeof submitAnswer>;

export interface RunClaim {
  scenario: string;
  seed: number;
  actions: Action[];
  finalHash: string;
  score: number;
}

/** Submits a finished solo run; the server re-simulates it and ranks it if it checks out. */
export async function submitRun(claim: RunClaim): Promise<ApiResult<SubmitAnswer>> {
  const player = await ensurePlayer();
  if (!player) return { ok: false, error: 'offline' };
  return call('/api/runs', submitAnswer, { method: 'POST', body: JSON.stringify({ playerToken: player.token, ...claim }) });
}

/** A stored run's replay document (ReplayDoc, format 1). */
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

const replayAnswer = z.union([replayDocSchema, z.object({ replay: replayDocSchema }).transform((o) => o.replay)]);

export function fetchReplay(runId: string): Promise<ApiResult<ReplayDoc>> {
  return call(`/api/runs/${encodeURIComponent(runId)}/replay`, replayAnswer);
}

// ---- progress ---------------------------------------------------------------

const progressRow = z.object({ slug: z.string(), stars: z.number().int().min(0).max(3), bestScore: z.number().int(), runId: z.string().nullable().optional() })
  .transform((r) => ({ slug: r.slug, stars: r.stars, bestScore: r.bestScore, ...(r.runId ? { runId: r.runId } : {}) }));
const progressAnswer = z.union([z.array(progressRow), z.object({ progress: z.array(progressRow) }).transform((o) => o.progress)]);

/** The server's copy of this player's progress (null when unknown or offline). */
export async function fetchServerProgress(): Promise<z.infer<typeof progressRow>[] | null> {
  const player = knownPlayer();
  if (!player) return null;
  const r = await call(`/api/progress?player=${encodeURIComponent(player.token)}`, progressAnswer);
  return r.ok ? r.value : null;
}

const renameAnswer = z.object({ id: z.string(), nickname: z.string() });

/** Changes the anonymous player's name on leaderboards. */
export async function renamePlayer(nickname: string): Promise<ApiResult<{ nickname: string }>> {
  const player = knownPlayer();
  if (!player) return { ok: false, error: 'offline' };
  const r = await call('/api/players/me', renameAnswer, { method: 'POST', body: JSON.stringify({ playerToken: player.token, nickname }) });
  if (r.ok) writeStored(PLAYER_KEY, { ...player, nickname: r.value.nickname });
  return r.ok ? { ok: true, value: { nickname: r.value.nickname } } : r;
}
