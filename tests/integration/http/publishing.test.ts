/**
 * Publishing over HTTP on a real server (serve(): real SQLite, real teacher accounts with
 * session cookies, tests/helpers/accounts.ts): the authorisation matrix {owner, another
 * teacher, admin, anonymous} x {view private, view link, edit, delete, hide, set visibility},
 * hidden and deleted scenarios, validation, reports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';
import { SOLUTIONS } from '../../../server/engine/levels/solutions';
import { loadScenario, simulate } from '../../../server/engine';
import { openDatabase, type Db } from '../../../server/db';
import { serve, type Served } from '../../../server/serve';
import { API_ROUTES, type PublishVisibility } from '../../../server/protocol';
import { signUp, type SignedIn } from '../../helpers/accounts';
import { io as connectClient, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../../server/protocol';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'publishing-'));
let db: Db;
let served: Served;
let base = '';
type Who = SignedIn | null;
let OWNER: SignedIn;
let OTHER: SignedIn;
let ADMIN: SignedIn;
let WHO: Record<string, Who>;

beforeAll(async () => {
  db = await openDatabase(`file:${path.join(dir, 'publishing.db')}`);
  served = await serve({
    db, outboxDir: path.join(dir, 'outbox'), logger: { info: () => {}, error: () => {} }, port: 0, host: '127.0.0.1',
    fallback: (_req, res) => void res.writeHead(404).end(),
  });
  base = served.url;
  OWNER = await signUp(base, { username: 'ann', password: 'ann-secret-pass-1' });
  OTHER = await signUp(base, { username: 'bob', password: 'bob-secret-pass-1' });
  ADMIN = await signUp(base, { username: 'root', password: 'root-secret-pass-1' });
  // Admins are made on the command line (npm run admin -- promote): here, the same store call.
  await db.auth!.setRole('root', 'admin');
  WHO = { owner: OWNER, 'another teacher': OTHER, admin: ADMIN, anonymous: null };
}, 60_000);
afterAll(async () => {
  await served?.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

const PILE_UP = BUILTIN_SCENARIOS.find((s) => s.slug === 'pile-up')!;
const fileOf = (slug: string, over: Record<string, unknown> = {}) => ({ ...PILE_UP, slug, title: `Level ${slug}`, ...over });
/** A request as the browser of `who` sends it: its session cookie, and its own Origin. */
const call = (method: string, path: string, who: Who, body?: unknown) => fetch(base + path, {
  method,
  headers: { origin: base, ...(who ? { cookie: who.cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
  ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
});

let n = 0;
/** A fresh scenario of OWNER's, published with `visibility`. */
async function publish(visibility: PublishVisibility): Promise<string> {
  const slug = `m-${visibility}-${++n}`;
  const r = await call('POST', '/api/published', OWNER, { json: fileOf(slug), visibility });
  expect(r.status).toBe(201);
  return slug;
}

type Action = 'view' | 'edit' | 'delete' | 'hide' | 'set visibility';
const ACT: Record<Action, (slug: string, who: Who) => Promise<Response>> = {
  view: (slug, who) => call('GET', `/api/published/${slug}`, who),
  edit: (slug, who) => call('PUT', `/api/published/${slug}`, who, { json: fileOf(slug, { duration: 77 }) }),
  delete: (slug, who) => call('DELETE', `/api/published/${slug}`, who),
  hide: (slug, who) => call('POST', `/api/published/${slug}/hidden`, who, { hidden: true, reason: 'off topic' }),
  'set visibility': (slug, who) => call('POST', `/api/published/${slug}/visibility`, who, { visibility: 'public' }),
};

/** Expected status per actor (owner, another teacher, admin, anonymous), per action and visibility. */
const MATRIX: [Action, PublishVisibility, [number, number, number, number]][] = [
  ['view', 'private', [200, 404, 404, 404]],
  ['view', 'link', [200, 200, 200, 200]],
  ['view', 'rooms', [200, 404, 404, 404]],
  ['edit', 'link', [200, 403, 403, 401]],
  ['edit', 'private', [200, 404, 404, 401]],
  ['delete', 'link', [200, 403, 403, 401]],
  ['delete', 'private', [200, 404, 404, 401]],
  ['hide', 'link', [403, 403, 200, 401]],
  ['hide', 'private', [403, 404, 200, 401]],
  ['set visibility', 'link', [200, 403, 403, 401]],
  ['set visibility', 'private', [200, 404, 404, 401]],
];

describe('the authorisation matrix', () => {
  for (const [action, visibility, statuses] of MATRIX) {
    const actors = ['owner', 'another teacher', 'admin', 'anonymous'];
    it(`${action} a ${visibility} scenario: ${actors.map((a, i) => `${a} ${statuses[i]}`).join(', ')}`, async () => {
      for (const [i, actor] of actors.entries()) {
        const slug = await publish(visibility);
        const before = (await db.scenarios.getBySlug(slug))!;
        const r = await ACT[action](slug, WHO[actor]);
        expect(r.status, `${actor} ${action} ${visibility}`).toBe(statuses[i]);
        const after = await db.scenarios.getBySlug(slug);
        if (r.status !== 200) {
          // A refusal changes nothing, and a 404 says no more than a missing scenario would.
          expect(after).toEqual(before);
          const body = (await r.json()) as { error: { code: string; message: string } };
          if (r.status === 404) expect(body.error).toEqual({ code: 'unknown-scenario', message: `there is no scenario "${slug}"` });
          continue;
        }
        if (action === 'edit') expect(after?.version).toBe(2);
        if (action === 'delete') expect(after).toBeNull();
        if (action === 'hide') expect(after?.hiddenReason).toBe('off topic');
        if (action === 'set visibility') expect(after?.visibility).toBe('public');
      }
    });
  }

  it('a private scenario is 404 on every other path too: the scenario route, its board, solo runs, versions, reports', async () => {
    const slug = await publish('private');
    for (const who of [OTHER, ADMIN, null]) {
      expect((await call('GET', `/api/scenarios/${slug}`, who)).status).toBe(404);
      expect((await call('GET', `/api/leaderboard/scenario/${slug}`, who)).status).toBe(404);
      expect((await call('GET', `/api/published/${slug}/versions`, who)).status).toBe(404);
      expect((await call('POST', `/api/published/${slug}/reports`, who, { reason: 'looking around' })).status).toBe(404);
    }
    expect((await call('GET', `/api/scenarios/${slug}`, OWNER)).status).toBe(200);
    const player = (await (await call('POST', '/api/players', null, { nickname: 'kid' })).json()) as { token: string };
    const s = loadScenario(fileOf(slug));
    const { result } = simulate(s, { seed: s.seed, actions: SOLUTIONS['pile-up'] });
    const claim = { playerToken: player.token, scenario: slug, seed: s.seed, actions: SOLUTIONS['pile-up'], finalHash: result.finalHash, score: result.score };
    expect((await call('POST', '/api/runs', OTHER, claim)).status).toBe(404);
    expect((await call('POST', '/api/runs', OWNER, claim)).status).toBe(201);
  });
});

describe('hidden and deleted', () => {
  it('hidden: out of the gallery and 404 to everyone but its owner, who sees the reason; unhidden, it is back', async () => {
    const slug = await publish('public');
    const inGallery = async (who: Who) => ((await (await call('GET', `/api/published?q=${slug}`, who)).json()) as { items: { slug: string }[] }).items.map((s) => s.slug);
    expect(await inGallery(null)).toEqual([slug]);
    expect((await ACT.hide(slug, ADMIN)).status).toBe(200);
    for (const who of [null, OTHER, ADMIN, OWNER]) expect(await inGallery(who)).toEqual([]);
    for (const who of [null, OTHER, ADMIN]) expect((await ACT.view(slug, who)).status).toBe(404);
    const mine = API_ROUTES.publishedGet.response.parse(await (await ACT.view(slug, OWNER)).json());
    expect(mine.scenario.hidden?.reason).toBe('off topic');
    // The admins' list of hidden scenarios (to unhide them) is theirs only.
    const hiddenList = API_ROUTES.gallery.response.parse(await (await call('GET', '/api/published?hidden=1', ADMIN)).json());
    expect(hiddenList.items.map((s) => s.slug)).toContain(slug);
    expect((await call('GET', '/api/published?hidden=1', OTHER)).status).toBe(403);
    expect((await call('GET', '/api/published?hidden=1', null)).status).toBe(401);
    expect((await call('POST', `/api/published/${slug}/hidden`, ADMIN, { hidden: false })).status).toBe(200);
    expect(await inGallery(null)).toEqual([slug]);
    expect((await call('POST', `/api/published/${slug}/hidden`, ADMIN, { hidden: true })).status).toBe(400);
  });

  it('deleted with runs: kept for the replays only; gone from the gallery, my scenarios and every route', async () => {
    const slug = await publish('public');
    const player = (await (await call('POST', '/api/players', null, { nickname: 'kid2' })).json()) as { token: string };
    const s = loadScenario(fileOf(slug));
    const { result } = simulate(s, { seed: s.seed, actions: [] });
    const run = (await (await call('POST', '/api/runs', null, { playerToken: player.token, scenario: slug, seed: s.seed, actions: [], finalHash: result.finalHash, score: result.score })).json()) as { run: { id: string } };
    const gone = await call('DELETE', `/api/published/${slug}`, OWNER);
    expect(await gone.json()).toEqual({ outcome: 'kept' });
    expect((await call('GET', `/api/runs/${run.run.id}/replay`, null)).status).toBe(200);
    for (const who of [OWNER, OTHER, ADMIN, null]) {
      expect((await ACT.view(slug, who)).status).toBe(404);
      expect((await call('GET', `/api/scenarios/${slug}`, who)).status).toBe(404);
    }
    const mine = API_ROUTES.myScenarios.response.parse(await (await call('GET', '/api/my/scenarios', OWNER)).json());
    expect(mine.scenarios.map((x) => x.slug)).not.toContain(slug);
    expect((await call('DELETE', `/api/published/${slug}`, OWNER)).status).toBe(404);
  });
});

describe('publishing a file', () => {
  it('every error of the file at once, as the editor lists them; nothing stored', async () => {
    const bad = fileOf('broken-one', { cpus: 0, duration: 0, tasks: [{ ...PILE_UP.tasks[0], priority: 'high' }] });
    const r = await call('POST', '/api/published', OWNER, { json: bad });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: string; scenarioErrors: { path: string }[] } };
    expect(body.error.code).toBe('invalid-scenario');
    expect(body.error.scenarioErrors.length).toBeGreaterThanOrEqual(3);
    expect(body.error.scenarioErrors.map((e) => e.path)).toEqual(expect.arrayContaining(['cpus', 'duration']));
    expect(await db.scenarios.getBySlug('broken-one')).toBeNull();
  });

  it('an edit is a new version with its history; the slug cannot change; the board of version 1 stays', async () => {
    const slug = await publish('link');
    expect((await call('PUT', `/api/published/${slug}`, OWNER, { json: fileOf('renamed-slug') })).status).toBe(400);
    const v2 = API_ROUTES.publishUpdate.response.parse(await (await ACT.edit(slug, OWNER)).json());
    expect(v2.scenario.version).toBe(2);
    const history = API_ROUTES.publishVersions.response.parse(await (await call('GET', `/api/published/${slug}/versions`, OTHER)).json());
    expect(history.versions.map((v) => [v.version, v.current])).toEqual([[2, true], [1, false]]);
    const board = API_ROUTES.scenarioBoard.response.parse(await (await call('GET', `/api/leaderboard/scenario/${slug}?version=1`, null)).json());
    expect(board.version).toBe(1);
  });

  it('my scenarios lists the signed-in teacher\'s own, with hostable; anonymous is 401', async () => {
    const slug = await publish('rooms');
    const mine = API_ROUTES.myScenarios.response.parse(await (await call('GET', '/api/my/scenarios', OWNER)).json());
    expect(mine.scenarios.find((x) => x.slug === slug)).toMatchObject({ mine: true, hostable: true, visibility: 'rooms' });
    const theirs = API_ROUTES.myScenarios.response.parse(await (await call('GET', '/api/my/scenarios', OTHER)).json());
    expect(theirs.scenarios).toEqual([]);
    expect((await call('GET', '/api/my/scenarios', null)).status).toBe(401);
  });

  it('reports: anyone who can see it; rate limited per address (10 an hour)', async () => {
    const slug = await publish('public');
    expect((await call('POST', `/api/published/${slug}/reports`, null, { reason: 'wrong deadline' })).status).toBe(201);
    expect((await call('POST', `/api/published/${slug}/reports`, OTHER, { reason: 'typo in lesson' })).status).toBe(201);
    for (let i = 0; i < 8; i++) expect((await call('POST', `/api/published/${slug}/reports`, null, { reason: `report ${i}` })).status).toBe(201);
    const limited = await call('POST', `/api/published/${slug}/reports`, null, { reason: 'one too many' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const s = (await db.scenarios.getBySlug(slug))!;
    // Admins read them (newest first); nobody else does.
    const read = API_ROUTES.publishReports.response.parse(await (await call('GET', `/api/published/${slug}/reports`, ADMIN)).json());
    expect(read.reports.map((r) => r.reason)).toEqual(expect.arrayContaining(['typo in lesson', 'wrong deadline']));
    expect(read.reports.every((r) => r.version === 1)).toBe(true);
    expect((await call('GET', `/api/published/${slug}/reports`, OWNER)).status).toBe(403);
    expect((await call('GET', `/api/published/${slug}/reports`, null)).status).toBe(401);
    const stored = (await db.authored.reports(s.id)).map((r) => r.reason);
    expect(stored).toHaveLength(10);
    expect(stored).toEqual(expect.arrayContaining(['typo in lesson', 'wrong deadline']));
    expect(stored).not.toContain('one too many');
  });
});

describe('sessions, not headers', () => {
  it('a state change from another site is not signed in (401), even with the owner\'s cookie', async () => {
    const slug = await publish('link');
    const r = await fetch(`${base}/api/published/${slug}`, {
      method: 'PUT', headers: { origin: 'http://evil.example', cookie: OWNER.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ json: fileOf(slug, { duration: 50 }) }),
    });
    expect(r.status).toBe(401);
    expect((await db.scenarios.getBySlug(slug))?.version).toBe(1);
  });

  it('hosting over the socket: the handshake\'s session cookie decides; a rooms scenario is its owner\'s to host', async () => {
    const slug = await publish('rooms');
    const sockets: Socket[] = [];
    const open = async (who: Who) => {
      const socket = connectClient(base, {
        auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false,
        extraHeaders: { origin: base, ...(who ? { cookie: who.cookie } : {}) },
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    };
    try {
      const create = async (who: Who) => (await open(who)).emitWithAck('room:create', { kind: 'race', scenario: { published: slug } }) as Promise<{ ok: boolean; reason?: string; code?: string }>;
      expect(await create(null)).toMatchObject({ ok: false, reason: 'scenario/unknown' });
      expect(await create(OTHER)).toMatchObject({ ok: false, reason: 'scenario/unknown' });
      expect(await create(ADMIN)).toMatchObject({ ok: false, reason: 'scenario/unknown' });
      const mine = await create(OWNER);
      expect(mine).toMatchObject({ ok: true });
      expect(served.app.registry.byCode(mine.code!)?.scenario.slug).toBe(slug);
    } finally {
      for (const s of sockets) s.disconnect();
    }
  });
});
