/**
 * The JSON/CSV HTTP API, a plain Node request handler: `createApiHandler(repos)` returns
 * `(req, res) => Promise<boolean>`, false when the path is not under /api (the caller then
 * hands the request to Next). Routes, inputs and answers are the contract in
 * server/protocol/http.ts: the table there drives the routing, every input is validated with
 * its schemas, every reply is typed from them, and every error is `{error: {code, message}}`
 * with the code's status (5xx only for a real server fault).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import {
  API_ROUTES, dailyDateOf, dailyIsOut,
  type ApiError, type ApiResponse, type ApiRouteName, type JsonApiRoute,
} from '../protocol/http';
import { hashToken, newPlayerToken } from '../db/tokens';
import { dailyScenarioRecord, roomBoard, roomResults, submitRun, type RoomResults } from '../db/service';
import { DuplicateRunError, StorageError, type Board, type CampaignEntry, type PlayerRecord, type ProgressRecord, type Repositories, type ScenarioRecord } from '../db/types';
import { roomResultsCsv } from './csv';
import { createArenaHandlers, type ArenaApiOptions } from './arena';
import { requestAddress } from './address';
import { MINUTE_MS, windowBudget } from './budget';
import { NO_ACCOUNTS, type AccountResolver } from './accounts';
import { createAssignmentHandlers } from './assignments';
import { createClassHandlers } from './classes';
import { HttpError } from './errors';
import { createLabHandlers, type LabOptions } from './lab';
import { policyRoutes, type PolicyRouteOptions } from './policies';
import { canOpen } from '../db/authored-access';
import { createPublishingHandlers } from './publishing';
import { SimulationBusyError, type Simulator } from '../sim';

const MAX_BODY = 4 * 1024 * 1024;
/** What a client is told to wait after a storage failure. */
const STORAGE_RETRY_SECONDS = 5;


function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, e: HttpError): void {
  const error: ApiError = { ...e.detail, code: e.code, message: e.message, ...(e.retryAfterSeconds ? { retryAfterSeconds: e.retryAfterSeconds } : {}) };
  send(res, e.status, { error }, e.retryAfterSeconds ? { 'retry-after': String(e.retryAfterSeconds) } : {});
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new HttpError('invalid-input', `${what}: ${where}${issue?.message ?? 'invalid'}`);
  }
  return r.data;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError('unsupported-media-type', 'send JSON (content-type: application/json)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError('too-large', `body larger than ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError('invalid-json', 'body is not valid JSON');
  }
}

// ---- records to their wire form (dates as ISO strings) ---------------------------

const iso = (d: Date) => d.toISOString();
function scenarioSummary(s: ScenarioRecord) {
  return {
    slug: s.slug, title: s.title, kind: s.kind, visibility: s.visibility, version: s.version, campaignOrder: s.campaignOrder,
    summary: s.json.summary ?? '', cpus: s.json.cpus, duration: s.json.duration, updatedAt: iso(s.updatedAt),
  };
}
function wireBoard(b: Board) {
  const entry = (e: Board['entries'][number]) => ({ ...e, finishedAt: iso(e.finishedAt) });
  return { entries: b.entries.map(entry), me: b.me ? entry(b.me) : null };
}
const wireCampaignEntry = (e: CampaignEntry) => ({ ...e, reachedAt: iso(e.reachedAt) });
const wireProgress = (p: ProgressRecord) => ({ ...p, finishedAt: iso(p.finishedAt) });

// ---- routing from the contract's table --------------------------------------------

type Route<K extends ApiRouteName> = (typeof API_ROUTES)[K];
type Out<S> = S extends z.ZodType<infer T> ? T : undefined;
type ParamsOf<K extends ApiRouteName> = Route<K> extends { params: infer P } ? { [N in keyof P]: Out<P[N]> } : Record<string, never>;
type QueryOf<K extends ApiRouteName> = Route<K> extends { query: infer Q } ? Out<Q> : undefined;
type BodyOf<K extends ApiRouteName> = Route<K> extends { body: infer B } ? Out<B> : undefined;

export interface Ctx<K extends ApiRouteName> {
  req: IncomingMessage;
  res: ServerResponse;
  params: ParamsOf<K>;
  query: QueryOf<K>;
  body: BodyOf<K>;
}

type JsonHandlers = { [K in JsonApiRoute]: (ctx: Ctx<K>) => Promise<ApiResponse<K>> };
type RawHandlers = { [K in Exclude<ApiRouteName, JsonApiRoute>]: (ctx: Ctx<K>) => Promise<void> };

/** Splits a path pattern once: literal segments and `:name` parameters. */
const PATTERNS = (Object.keys(API_ROUTES) as ApiRouteName[]).map((name) => ({
  name,
  segments: API_ROUTES[name].path.split('/').filter(Boolean),
}));

function match(parts: readonly string[]): { name: ApiRouteName; params: Record<string, string> }[] {
  const found = [];
  for (const p of PATTERNS) {
    if (p.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    if (p.segments.every((s, i) => (s.startsWith(':') ? ((params[s.slice(1)] = parts[i]), true) : s === parts[i]))) found.push({ name: p.name, params });
  }
  return found;
}

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface ApiOptions extends ArenaApiOptions {
  /** Who is signed in (teachers' routes); default: nobody ever is (NO_ACCOUNTS). */
  accounts?: AccountResolver;
  /** Run submissions (each one is re-simulated, with the bots for stars) per address per minute. */
  submitsPerMinute?: number;
  /** Wall clock in ms, injectable for tests. */
  now?: () => number;
  /**
   * Where submitted runs are re-simulated: the server's worker pool (a full queue answers
   * `busy` 503). Default inline, on the event loop: for tests and tools only.
   */
  simulator?: Simulator;
  /** Runs user policies (policy editor, lab) apart from `simulator` (default: `simulator`). */
  userCodeSimulator?: Simulator;
  /** The policy editor's route (policies.ts): runs per address per minute, and each one's time budget. */
  policyRuns?: PolicyRouteOptions;
  /** The lab's user-policy route (server/http/lab.ts): its work cap and per-address budget. */
  lab?: LabOptions;
  /** Scenario reports (the gallery's report button) per address per hour (default 10). */
  reportsPerHour?: number;
  /**
   * Behind the reverse proxy (TRUST_PROXY=1): the per-address budgets count the client's address
   * from X-Forwarded-For, not the proxy's (server/http/address.ts), as the sockets' limits do.
   */
  trustProxy?: boolean;
}

/** Routes that re-simulate a run: budgeted per address, checked before the body is read. */
const BUDGETED: ReadonlySet<ApiRouteName> = new Set(['submitRun', 'submitProgress', 'assignmentSubmit']);

export function createApiHandler(repos: Repositories, options: ApiOptions = {}): ApiHandler {
  const now = options.now ?? Date.now;
  // Verification re-simulates a whole run: an address that floods submissions gets 429s instead of the server's CPU.
  const budget = windowBudget(options.submitsPerMinute ?? 60, MINUTE_MS, now);
  const addressOf = requestAddress(options.trustProxy === true);
  // User code (the policy editor's runs, a lab policy's rows) runs on its own pool where the
  // server has one, so a slow or hostile policy never delays the rooms' verifications.
  const userCode = options.userCodeSimulator ?? options.simulator;
  const policies = policyRoutes({ now, addressOf, ...(userCode ? { simulator: userCode } : {}), ...options.policyRuns });
  const lab = createLabHandlers({ simulator: userCode, now, ...options.lab });
  const accounts = options.accounts ?? NO_ACCOUNTS;

  async function playerByToken(token: string): Promise<PlayerRecord> {
    const p = await repos.players.getByTokenHash(hashToken(token));
    if (!p) throw new HttpError('unknown-player', 'unknown player token');
    return p;
  }
  /** The asker on a leaderboard, when the query names one; an unknown token is ignored there. */
  async function askingPlayer(token: string | undefined): Promise<PlayerRecord | null> {
    return token ? repos.players.getByTokenHash(hashToken(token)) : null;
  }

  /**
   * Built-ins and authored scenarios by slug; daily-YYYY-MM-DD is generated on first use. A
   * published scenario only when the caller may open it (publishing-access.ts): else 404.
   */
  async function scenarioBySlug(slug: string, req: IncomingMessage): Promise<ScenarioRecord> {
    const daily = dailyDateOf(slug);
    if (daily) {
      // Only days that have started somewhere on Earth: no generating (and storing) far-future challenges.
      if (!dailyIsOut(daily, now())) throw new HttpError('not-yet', `the daily challenge for ${daily} is not out yet`);
      return dailyScenarioRecord(repos, daily);
    }
    const s = await repos.scenarios.getBySlug(slug);
    if (!s || !canOpen(s, s.ownerAccountId ? await accounts.current(req) : null)) throw new HttpError('unknown-scenario', `there is no scenario "${slug}"`);
    return s;
  }

  async function submit(body: BodyOf<'submitRun'>, req: IncomingMessage) {
    const player = await playerByToken(body.playerToken);
    const scenario = await scenarioBySlug(body.scenario, req);
    let r;
    try {
      r = await submitRun(
        repos, scenario,
        { playerId: player.id, seed: body.seed, actions: body.actions, finalHash: body.finalHash, score: body.score, ...(body.bot ? { bot: body.bot } : {}) },
        { ...(options.simulator ? { simulator: options.simulator } : {}), refuseWhenBusy: true },
      );
    } catch (e) {
      if (e instanceof DuplicateRunError) throw new HttpError('duplicate-run', e.message);
      if (e instanceof SimulationBusyError) throw new HttpError('busy', e.message, e.retryAfterSeconds);
      throw e;
    }
    const out: ApiResponse<'submitRun'> = {
      run: { id: r.run.id, scenario: scenario.slug, verified: r.verified, reason: r.reason ?? null, score: r.run.score, stars: r.run.stars, finishedAt: iso(r.run.finishedAt) },
      server: r.result ? { score: r.result.score, finalHash: r.result.finalHash } : null,
    };
    return { player, out };
  }

  async function boardFor(id: string, q: QueryOf<'dailyBoard'> & { version?: number }) {
    const me = await askingPlayer(q.player);
    return wireBoard(await repos.leaderboards.scenario(id, { limit: q.limit, ...(me ? { playerId: me.id } : {}), ...(q.version ? { version: q.version } : {}) }));
  }

  async function resultsOf(rawCode: string): Promise<RoomResults> {
    const code = rawCode.toUpperCase();
    const results = await roomResults(repos, code);
    if (!results) throw new HttpError('unknown-room', `there is no room ${code}`);
    return results;
  }

  async function progressOf(playerId: string) {
    const [progress, campaign] = await Promise.all([repos.progress.list(playerId), repos.leaderboards.campaign({ limit: 1, playerId })]);
    return { progress: progress.map(wireProgress), campaign: campaign.me ? wireCampaignEntry(campaign.me) : null };
  }

  const teachDeps = { repos, accounts, now, scenarioBySlug, ...(options.simulator ? { simulator: options.simulator } : {}) };
  const assignments = createAssignmentHandlers(teachDeps);
  const classes = createClassHandlers({ ...teachDeps, wireAssignment: assignments.wire });

  const json: JsonHandlers = {
    listScenarios: async () => ({ scenarios: (await repos.scenarios.listPublic()).map(scenarioSummary) }),
    getScenario: async ({ params, req }) => {
      const s = await scenarioBySlug(params.slug, req);
      return { scenario: { ...scenarioSummary(s), json: s.json } };
    },
    scenarioBoard: async ({ params, query, req }) => {
      const s = await scenarioBySlug(params.slug, req);
      return { scenario: s.slug, version: query.version ?? s.version, ...(await boardFor(s.id, query)) };
    },
    dailyBoard: async ({ params, query, req }) => {
      const s = await scenarioBySlug(`daily-${params.date}`, req);
      return { date: params.date, scenario: s.slug, version: s.version, ...(await boardFor(s.id, query)) };
    },
    roomBoard: async ({ params, query }) => {
      const code = params.code.toUpperCase();
      const me = await askingPlayer(query.player);
      const b = await roomBoard(repos, code, { limit: query.limit, ...(me ? { playerId: me.id } : {}) });
      if (!b) throw new HttpError('unknown-room', `there is no room ${code}`);
      const entry = (e: (typeof b.entries)[number]) => ({ ...e, finishedAt: iso(e.finishedAt) });
      return { room: code, scenario: b.scenarioSlug, round: b.round, entries: b.entries.map(entry), me: b.me ? entry(b.me) : null };
    },
    roomResults: async ({ params }) => {
      const r = await resultsOf(params.code);
      return {
        room: r.room.code, kind: r.room.kind,
        rounds: r.rounds.map((x) => ({ round: x.round, scenario: x.scenarioSlug, title: x.title, seed: x.seed })),
        rows: r.rows.map((row) => ({
          playerId: row.playerId, nickname: row.nickname, removed: row.removed, total: row.total,
          rounds: Object.fromEntries(Object.entries(row.rounds).map(([n, c]) => [n, { runId: c.runId, score: c.score, met: c.met, missed: c.missed, stranded: c.stranded, rank: c.rank, status: c.status }])),
        })),
      };
    },
    campaignBoard: async ({ query }) => {
      const me = await askingPlayer(query.player);
      const b = await repos.leaderboards.campaign({ limit: query.limit, ...(me ? { playerId: me.id } : {}) });
      return { entries: b.entries.map(wireCampaignEntry), me: b.me ? wireCampaignEntry(b.me) : null };
    },
    submitRun: async ({ body, req }) => (await submit(body, req)).out,
    runPolicy: (ctx) => policies.runPolicy(ctx.req, ctx.body),
    getReplay: async ({ params }) => {
      const replay = await repos.runs.replay(params.id);
      if (!replay) throw new HttpError('unknown-run', `there is no run "${params.id}"`);
      return replay;
    },
    createPlayer: async ({ body }) => {
      const token = newPlayerToken();
      const p = await repos.players.create({ tokenHash: hashToken(token), nickname: body.nickname });
      return { token, id: p.id, nickname: p.nickname };
    },
    getPlayer: async ({ query }) => {
      const p = await playerByToken(query.player);
      return { id: p.id, nickname: p.nickname };
    },
    renamePlayer: async ({ body }) => {
      const p = await playerByToken(body.playerToken);
      const renamed = await repos.players.rename(p.id, body.nickname);
      return { id: p.id, nickname: renamed?.nickname ?? body.nickname };
    },
    getProgress: async ({ query }) => progressOf((await playerByToken(query.player)).id),
    labPolicy: async ({ body, req }) => lab.policy(body, addressOf(req)),
    submitProgress: async ({ body, req }) => {
      const { player, out } = await submit(body, req);
      return { ...out, ...(await progressOf(player.id)) };
    },
    ...createArenaHandlers({ ...options, now, addressOf }),
    ...assignments.json,
    ...classes.json,
    ...createPublishingHandlers(repos, { now, ...(options.reportsPerHour ? { reportsPerHour: options.reportsPerHour } : {}), accounts, addressOf }),
  };

  const raw: RawHandlers = {
    roomResultsCsv: async ({ params, res }) => {
      const r = await resultsOf(params.code);
      const code = r.room.code;
      const csv = roomResultsCsv(r);
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="room-${code}-results.csv"`, 'cache-control': 'no-store' });
      res.end(csv);
    },
    ...assignments.raw,
    ...classes.raw,
  };

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean).map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        throw new HttpError('invalid-path', 'malformed path');
      }
    });
    const candidates = match(parts);
    if (candidates.length === 0) throw new HttpError('not-found', `no API route ${method} ${url.pathname}`);
    const hit = candidates.find((c) => API_ROUTES[c.name].method === method);
    if (!hit) throw new HttpError('method-not-allowed', `${method} not allowed here (${candidates.map((c) => API_ROUTES[c.name].method).join(', ')})`);
    const spec: { method: string; params?: Record<string, z.ZodType>; query?: z.ZodType; body?: z.ZodType } = API_ROUTES[hit.name];

    if (BUDGETED.has(hit.name)) {
      const waitMs = budget(addressOf(req));
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        throw new HttpError('rate-limited', `too many runs submitted from this address; try again in ${seconds} s`, seconds);
      }
    }
    const params = Object.fromEntries(Object.entries(spec.params ?? {}).map(([k, schema]) => [k, parseWith(schema, hit.params[k], k)]));
    const query = spec.query ? parseWith(spec.query, Object.fromEntries(url.searchParams), 'query') : undefined;
    const body = spec.body ? parseWith(spec.body, await readJson(req), 'body') : undefined;
    // The table and the handler maps are keyed alike; the casts only forget which key this is.
    const ctx = { req, res, params, query, body } as Ctx<never>;
    const name = hit.name;
    if (name in raw) return (raw as Record<string, (c: Ctx<never>) => Promise<void>>)[name](ctx);
    const out = await (json as Record<string, (c: Ctx<never>) => Promise<unknown>>)[name](ctx);
    send(res, API_ROUTES[name].status, out);
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
        sendError(res, e);
      } else if (e instanceof StorageError) {
        // The store's fault, typed by the repositories' guard (server/db/guard.ts): the client may retry.
        console.error(JSON.stringify({ level: 'error', msg: 'api request failed: storage', url: url.pathname, operation: e.operation, error: e.message }));
        sendError(res, new HttpError('storage-unavailable', 'the server cannot reach its storage right now; try again shortly', STORAGE_RETRY_SECONDS));
      } else {
        // Not the client's fault: no internals in the answer.
        console.error(JSON.stringify({ level: 'error', msg: 'api request failed', url: url.pathname, error: String(e) }));
        sendError(res, new HttpError('internal', 'the server failed on this request; try again later'));
      }
    }
    return true;
  };
}
