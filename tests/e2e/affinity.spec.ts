/**
 * Room affinity in Chromium: the real pages served by two cluster processes (server/main.ts)
 * behind the real nginx, with Redis and PostgreSQL (scripts/cluster.ts). A player's browser
 * lands on the process that does not own her room, is told where it lives, moves its one
 * socket to /node/<owner>/socket.io/ and keeps its seat there; her frames then never cross
 * Redis. When the owner is killed (-9) the page goes back to /socket.io/, the survivor takes
 * the room over, and she plays on.
 */
import { expect, test } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { dailyScenario, scenarioToJson } from '../../server/engine';
import { DEFAULT_SOCKET_PATH, nodePath, PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '../../server/protocol';
import { runCluster, type RunningCluster } from '../../scripts/cluster';
import { startPostgres, type PgCluster } from '../helpers/postgres';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let pgc: PgCluster | undefined;
let cluster: RunningCluster | undefined;
const drivers: Client[] = [];

test.beforeAll(async () => {
  // A hook's own timeout: PostgreSQL, Redis, two processes with their pages, and nginx.
  test.setTimeout(240_000);
  pgc = await startPostgres();
  const databaseUrl = await pgc.createDatabase('e2e_affinity');
  cluster = await runCluster({ nodes: 2, startRedis: true, databaseUrl, env: { CLUSTER_STATS: '1' }, log: () => {} });
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  for (const d of drivers) d.disconnect();
  await cluster?.stop();
  await pgc?.stop();
});

function driver(path: string): Promise<Client> {
  const s: Client = io(cluster!.url, { path, auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
  drivers.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

interface Stats { remoteSockets: number; byChannel: Record<string, number> }
async function stats(port: number): Promise<Stats> {
  return ((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { stats: Stats }).stats;
}

/**
 * The process a browser on this machine first reaches: its long-polling handshake is pinned by
 * client address (deploy/nginx.conf), so a handshake from here lands on the same one. Found by
 * closing that session on each process directly: only the one that holds it accepts.
 */
async function landingNode(): Promise<RunningCluster['nodes'][number]> {
  const open = await (await fetch(`${cluster!.url}/socket.io/?EIO=4&transport=polling`)).text();
  const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
  for (const n of cluster!.nodes) {
    const r = await fetch(`http://127.0.0.1:${n.port}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '1' });
    if (r.ok) return n;
  }
  throw new Error('no process holds the handshake');
}

const scenario = { json: { ...scenarioToJson(dailyScenario('2026-11-24')), slug: 'e2e-affinity', duration: 3000 } };

test('a browser on the non-owner moves to the room\'s process, plays without Redis in between, and falls back when it dies', async ({ page }) => {
  test.setTimeout(180_000);
  const landing = await landingNode();
  const owner = cluster!.nodes.find((n) => n !== landing)!;
  // The host reaches the other process through its own path: that one owns the room.
  const host = await driver(nodePath(owner.nodeId));
  const room = ok(await host.emitWithAck('room:create', { kind: 'race', scenario }));

  const socketUrls: string[] = [];
  page.on('request', (r) => socketUrls.push(r.url()));
  page.on('websocket', (ws) => socketUrls.push(ws.url()));
  const onPath = (path: string, from = 0) => socketUrls.slice(from).some((u) => new URL(u).pathname.startsWith(`${path}/`));

  await page.goto(`${cluster!.url}/join`);
  await page.getByLabel('Join code').fill(room.code);
  await page.getByLabel('Nickname').fill('Ada');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page).toHaveURL(new RegExp(`/room/${room.code}$`));
  await expect(page.getByTestId('my-nick')).toHaveText('Ada');
  // Joined through the process that does not own the room, then moved to the owner's path.
  expect(onPath(DEFAULT_SOCKET_PATH)).toBe(true);
  await expect.poll(() => onPath(nodePath(owner.nodeId))).toBe(true);
  expect(onPath(nodePath(landing.nodeId))).toBe(false);
  // The owner forgot the socket she left on the other process: none of its channels is remote.
  await expect.poll(async () => (await stats(owner.port)).remoteSockets).toBe(0);

  ok(await host.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'start' } }));
  await expect(page.getByTestId('room-status')).toHaveAttribute('data-status', 'running');
  const tick = async () => Number(((await page.getByTestId('game-view').getByTestId('tick').textContent()) ?? '').split('/')[0]);
  await expect.poll(tick).toBeGreaterThan(10);
  // Her frames were emitted where her socket is: no process published any of them to Redis.
  for (const n of cluster!.nodes) {
    const published = Object.keys((await stats(n.port)).byChannel ?? {}).filter((ch) => ch.startsWith(`run:${room.roomId}:`));
    expect(published).toEqual([]);
  }

  // The owner dies: her socket's path fails, the page goes back to /socket.io/ and the survivor takes the room over.
  const atKill = socketUrls.length;
  owner.child.kill('SIGKILL');
  await expect(page.getByTestId('room-status')).toHaveAttribute('data-status', 'paused', { timeout: 60_000 });
  expect(onPath(DEFAULT_SOCKET_PATH, atKill)).toBe(true);
  await expect(page.getByTestId('my-nick')).toHaveText('Ada');

  // The host comes back through the proxy and resumes the round: she plays on, on the survivor.
  const host2 = await driver(DEFAULT_SOCKET_PATH);
  ok(await host2.emitWithAck('room:resume', { code: room.code, token: room.hostToken }));
  const before = await tick();
  ok(await host2.emitWithAck('room:control', { roomId: room.roomId, hostToken: room.hostToken, command: { op: 'resume' } }));
  await expect(page.getByTestId('room-status')).toHaveAttribute('data-status', 'running');
  await expect.poll(tick).toBeGreaterThan(before + 5);
  // Once back on /socket.io/, never sent to the dead process's path again.
  const back = socketUrls.findIndex((u, i) => i >= atKill && new URL(u).pathname.startsWith(`${DEFAULT_SOCKET_PATH}/`));
  expect(onPath(nodePath(owner.nodeId), back)).toBe(false);
});
