/**
 * The JSON/CSV HTTP API, a plain Node request handler: `createApiHandler(repos)` returns
 * `(req, res) => Promise<boolean>`, false when the path is not under /api (the caller then
 * hands the request to Next). Every input is validated with zod; every error is JSON
 * `{error: {code, message}}` with a 4xx status (5xx only for a real server fault).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { isDateString } from '../engine';
import { hashToken, newPlayerToken } from '../db/tokens';
import { dailyScenarioRecord, roomResults, submitRun } from '../db/service';
import type { PlayerRecord, Repositories, ScenarioRecord } from '../db/types';
import { toCsv } from './csv';

const MAX_BODY = 4 * 1024 * 1024;

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9~-]{0,80}$/, { error: 'not a scenario slug' });
/** A real calendar day, YYYY-MM-DD (2026-02-30 is refused). */
function isCalendarDay(d: string): boolean {
  if (!isDateString(d)) return false;
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}
const dateSchema = z.string().refine(isCalendarDay, { error: 'date must be a calendar day, YYYY-MM-DD' });
const codeSchema = z.string().regex(/^[A-Za-z0-9]{4,12}$/, { error: 'not a room code' });
const idSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'not a run id' });
const tokenSchema = z.string().min(8).max(200);
const nicknameSchema = z.string().trim().min(1, { error: 'nickname must not be empty' }).max(32, { error: 'nickname: at most 32 characters' });

const boardQuery = z.object({
  player: tokenSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const runBody = z.strictObject({
  playerToken: tokenSchema,
  scenario: slugSchema,
  seed: z.number().int().min(0).max(0xffffffff),
  // Checked in detail by the engine's action-log schema inside submitRun (an invalid log is
  // stored as an unverified run with the reason, as the trust rule asks).
  actions: z.array(z.unknown()).max(200_000),
  finalHash: z.string().min(1).max(128),
  score: z.number().int(),
  bot: z.string().max(32).optional(),
});

const playerBody = z.strictObject({ nickname: nicknameSchema });
const renameBody = z.strictObject({ playerToken: tokenSchema, nickname: nicknameSchema });

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new HttpError(400, 'invalid-input', `${what}: ${where}${issue?.message ?? 'invalid'}`);
  }
  return r.data;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'unsupported-media-type', 'send JSON (content-type: application/json)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, 'too-large', `body larger than ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid-json', 'body is not valid JSON');
  }
}

function scenarioSummary(s: ScenarioRecord) {
  return {
    slug: s.slug, title: s.title, kind: s.kind, visibility: s.visibility, version: s.version, campaignOrder: s.campaignOrder,
    summary: s.json.summary ?? '', cpus: s.json.cpus, duration: s.json.duration, updatedAt: s.updatedAt,
  };
}

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface ApiOptions {
  /** Run submissions (each one is re-simulated, with the bots for stars) per address per minute. */
  submitsPerMinute?: number;
  /** Wall clock in ms, injectable for tests. */
  now?: () => number;
}

/**
 * A fixed-window budget per client address: verification re-simulates a whole run,
 * so an address that floods submissions gets 429s instead of the server's CPU.
 */
function submitBudget(perMinute: number, now: () => number): (address: string) => boolean {
  const windows = new Map<string, { start: number; used: number }>();
  return (address) => {
    const t = now();
    let w = windows.get(address);
    if (!w || t - w.start >= 60_000) {
      if (windows.size > 10_000) windows.clear();
      w = { start: t, used: 0 };
      windows.set(address, w);
    }
    w.used++;
    return w.used <= perMinute;
  };
}

export function createApiHandler(repos: Repositories, options: ApiOptions = {}): ApiHandler {
  const allowSubmit = submitBudget(options.submitsPerMinute ?? 60, options.now ?? Date.now);

  async function playerByToken(token: string | undefined, required: true): Promise<PlayerRecord>;
  async function playerByToken(token: string | undefined, required: false): Promise<PlayerRecord | null>;
  async function playerByToken(token: string | undefined, required: boolean): Promise<PlayerRecord | null> {
    if (!token) {
      if (required) throw new HttpError(401, 'no-player', 'a player token is required');
      return null;
    }
    const p = await repos.players.getByTokenHash(hashToken(token));
    if (!p && required) throw new HttpError(401, 'unknown-player', 'unknown player token');
    return p;
  }

  /** Built-ins and authored scenarios by slug; daily-YYYY-MM-DD is generated on first use. */
  async function scenarioBySlug(slug: string): Promise<ScenarioRecord> {
    const daily = /^daily-(\d{4}-\d{2}-\d{2})$/.exec(slug);
    if (daily && isCalendarDay(daily[1])) {
      // Only days that have started somewhere on Earth: no generating (and storing) far-future challenges.
      if (Date.parse(`${daily[1]}T00:00:00Z`) > Date.now() + 14 * 3600_000) throw new HttpError(404, 'not-yet', `the daily challenge for ${daily[1]} is not out yet`);
      return dailyScenarioRecord(repos, daily[1]);
    }
    const s = await repos.scenarios.getBySlug(slug);
    if (!s || s.visibility === 'private') throw new HttpError(404, 'unknown-scenario', `no scenario "${slug}"`);
    return s;
  }

  async function submit(req: IncomingMessage) {
    if (!allowSubmit(req.socket.remoteAddress ?? 'unknown')) throw new HttpError(429, 'rate-limited', 'too many runs submitted from this address; try again in a minute');
    const body = parseWith(runBody, await readJson(req), 'run');
    const player = await playerByToken(body.playerToken, true);
    const scenario = await scenarioBySlug(body.scenario);
    const r = await submitRun(repos, scenario, { playerId: player.id, seed: body.seed, actions: body.actions, finalHash: body.finalHash, score: body.score, ...(body.bot ? { bot: body.bot } : {}) });
    return {
      player,
      out: {
        run: { id: r.run.id, scenario: scenario.slug, verified: r.verified, reason: r.reason ?? null, score: r.run.score, stars: r.run.stars, finishedAt: r.run.finishedAt },
        server: r.result ? { score: r.result.score, finalHash: r.result.finalHash } : null,
      },
    };
  }

  async function boardFor(kind: 'scenario' | 'room', id: string, q: z.infer<typeof boardQuery>) {
    const me = await playerByToken(q.player, false);
    const opts = { limit: q.limit, ...(me ? { playerId: me.id } : {}) };
    return kind === 'scenario' ? repos.leaderboards.scenario(id, opts) : repos.leaderboards.room(id, opts);
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean).map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        throw new HttpError(400, 'invalid-path', 'malformed path');
      }
    });
    const query = Object.fromEntries(url.searchParams);
    const only = (m: string) => {
      if (method !== m) throw new HttpError(405, 'method-not-allowed', `${method} not allowed here`);
    };
    const [, a, b, c] = parts; // parts[0] is "api"

    if (a === 'scenarios' && parts.length === 2) {
      only('GET');
      return send(res, 200, { scenarios: (await repos.scenarios.listPublic()).map(scenarioSummary) });
    }
    if (a === 'scenarios' && parts.length === 3) {
      only('GET');
      const s = await scenarioBySlug(parseWith(slugSchema, b, 'slug'));
      return send(res, 200, { scenario: { ...scenarioSummary(s), json: s.json } });
    }
    if (a === 'leaderboard' && b === 'scenario' && parts.length === 4) {
      only('GET');
      const s = await scenarioBySlug(parseWith(slugSchema, c, 'slug'));
      const q = parseWith(boardQuery, query, 'query');
      return send(res, 200, { scenario: s.slug, version: s.version, ...(await boardFor('scenario', s.id, q)) });
    }
    if (a === 'leaderboard' && b === 'daily' && parts.length === 4) {
      only('GET');
      const date = parseWith(dateSchema, c, 'date');
      const s = await scenarioBySlug(`daily-${date}`);
      const q = parseWith(boardQuery, query, 'query');
      return send(res, 200, { date, scenario: s.slug, version: s.version, ...(await boardFor('scenario', s.id, q)) });
    }
    if (a === 'leaderboard' && b === 'room' && parts.length === 4) {
      only('GET');
      const code = parseWith(codeSchema, c, 'room code').toUpperCase();
      const room = await repos.rooms.getByCode(code);
      if (!room) throw new HttpError(404, 'unknown-room', `no room ${code}`);
      const q = parseWith(boardQuery, query, 'query');
      return send(res, 200, { room: code, scenario: room.scenarioSlug, ...(await boardFor('room', room.id, q)) });
    }
    if (a === 'leaderboard' && b === 'campaign' && parts.length === 3) {
      only('GET');
      const q = parseWith(boardQuery, query, 'query');
      const me = await playerByToken(q.player, false);
      return send(res, 200, await repos.leaderboards.campaign({ limit: q.limit, ...(me ? { playerId: me.id } : {}) }));
    }
    if (a === 'runs' && parts.length === 2) {
      only('POST');
      return send(res, 201, (await submit(req)).out);
    }
    if (a === 'runs' && parts.length === 4 && c === 'replay') {
      only('GET');
      const replay = await repos.runs.replay(parseWith(idSchema, b, 'run id'));
      if (!replay) throw new HttpError(404, 'unknown-run', 'no such run');
      return send(res, 200, replay);
    }
    if (a === 'rooms' && parts.length === 4 && c === 'results.csv') {
      only('GET');
      const code = parseWith(codeSchema, b, 'room code').toUpperCase();
      const rows = await roomResults(repos, code);
      if (!rows) throw new HttpError(404, 'unknown-room', `no room ${code}`);
      const csv = toCsv(['nickname', 'score', 'met', 'missed', 'stranded ticks', 'rank', 'verified'], rows.map((r) => [r.nickname, r.score, r.met, r.missed, r.stranded, r.rank, r.verified]));
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="room-${code}-results.csv"`, 'cache-control': 'no-store' });
      res.end(csv);
      return;
    }
    if (a === 'players' && parts.length === 2) {
      only('POST');
      const body = parseWith(playerBody, await readJson(req), 'player');
      const token = newPlayerToken();
      const p = await repos.players.create({ tokenHash: hashToken(token), nickname: body.nickname });
      return send(res, 201, { token, id: p.id, nickname: p.nickname });
    }
    if (a === 'players' && b === 'me' && parts.length === 3) {
      if (method === 'GET') {
        const p = await playerByToken(parseWith(z.object({ player: tokenSchema }), query, 'query').player, true);
        return send(res, 200, { id: p.id, nickname: p.nickname });
      }
      only('POST');
      const body = parseWith(renameBody, await readJson(req), 'rename');
      const p = await playerByToken(body.playerToken, true);
      const renamed = await repos.players.rename(p.id, body.nickname);
      return send(res, 200, { id: p.id, nickname: renamed?.nickname ?? body.nickname });
    }
    if (a === 'progress' && parts.length === 2) {
      if (method === 'GET') {
        const p = await playerByToken(parseWith(z.object({ player: tokenSchema }), query, 'query').player, true);
        const [progress, campaign] = await Promise.all([repos.progress.list(p.id), repos.leaderboards.campaign({ limit: 1, playerId: p.id })]);
        return send(res, 200, { progress, campaign: campaign.me });
      }
      only('POST');
      // A campaign level finished: the same verification as POST /api/runs, answered with the updated progress.
      const { player, out } = await submit(req);
      const [progress, campaign] = await Promise.all([repos.progress.list(player.id), repos.leaderboards.campaign({ limit: 1, playerId: player.id })]);
      return send(res, 201, { ...out, progress, campaign: campaign.me });
    }
    throw new HttpError(404, 'not-found', `no API route ${method} ${url.pathname}`);
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) return false;
    try {
      await route(req, res, url);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
      } else if (e instanceof HttpError) {
        send(res, e.status, { error: { code: e.code, message: e.message } });
      } else {
        // Not the client's fault: no internals in the answer.
        console.error(JSON.stringify({ level: 'error', msg: 'api request failed', url: url.pathname, error: String(e) }));
        send(res, 500, { error: { code: 'internal', message: 'internal error' } });
      }
    }
    return true;
  };
}
