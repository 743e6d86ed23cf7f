/**
 * Real processes for the cluster tests: a throwaway Redis (Debian's redis-server, no
 * persistence, on a free loopback port) and cluster nodes (server/cluster/node.ts) in child
 * processes over a shared PostgreSQL. Everything started here is killed by stopAll().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { io as connectClient, type Socket } from 'socket.io-client';
import { PROJECT_ROOT } from '../../../server/db';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '../../../server/protocol';
import { freePort } from '../../../scripts/cluster';
import { trackViews } from '../../helpers/frames';
import { startPostgres, type PgCluster } from '../../helpers/postgres';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const children: ChildProcess[] = [];
const clients: Client[] = [];
const dirs: string[] = [];

export { freePort };

/** Resolves with the first stdout line matching `re`; rejects when the process exits first. */
function waitForLine(child: ChildProcess, re: RegExp, what: string, stderr: () => string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const onExit = (code: number | null) => reject(new Error(`${what} exited (${code}) before it was ready: ${stderr()}`));
    child.once('exit', onExit);
    lines.on('line', (line) => {
      const m = line.match(re);
      if (!m) return;
      child.off('exit', onExit);
      lines.close();
      resolve(m);
    });
  });
}

export interface RedisServer {
  url: string;
  stop(): void;
}

export async function startRedis(): Promise<RedisServer> {
  let lastError = '';
  // A port picked free can be taken before redis binds it: try a few.
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => (err += String(e)));
    try {
      await waitForLine(child, /Ready to accept connections/, 'redis-server', () => err);
      return { url: `redis://127.0.0.1:${port}`, stop: () => void child.kill('SIGKILL') };
    } catch (e) {
      lastError = String(e);
      child.kill('SIGKILL');
    }
  }
  throw new Error(`redis-server did not start (install Debian's redis-server): ${lastError}`);
}

export interface Node {
  url: string;
  nodeId: string;
  child: ChildProcess;
  stderr(): string;
}

/** A cluster process on a free port; resolves once it serves (its simulation worker warm). */
export async function startNode(o: { redisUrl: string; databaseUrl: string; nodeId: string; tuning?: object }): Promise<Node> {
  const outbox = fs.mkdtempSync(path.join(os.tmpdir(), `cluster-outbox-${o.nodeId}-`));
  dirs.push(outbox);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'server/cluster/node.ts')], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, REDIS_URL: o.redisUrl, DATABASE_URL: o.databaseUrl, NODE_ID: o.nodeId, PORT: '0', HOST: '127.0.0.1',
      OUTBOX_DIR: outbox, LOG_LEVEL: 'error', ...(o.tuning ? { TUNING: JSON.stringify(o.tuning) } : {}),
    },
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const m = await waitForLine(child, /^READY (\S+) (\S+)/, `node ${o.nodeId}`, () => err);
  return { url: m[1], nodeId: m[2], child, stderr: () => err };
}

export async function connect(url: string): Promise<Client> {
  const s: Client = connectClient(url, { auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
  trackViews(s);
  clients.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

export function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

/** Polls `fn` until `done` accepts its value (no timing asserted: the test's own timeout bounds it). */
export async function until<T>(fn: () => Promise<T>, done: (v: T) => boolean, everyMs = 100): Promise<T> {
  for (;;) {
    const v = await fn();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function stopAll(): Promise<void> {
  for (const c of clients) c.disconnect();
  const exits = children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => {
    c.kill('SIGKILL');
    return killed(c);
  });
  await Promise.all(exits);
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}

export interface Cluster {
  pgc: PgCluster;
  redis: RedisServer;
  databaseUrl: string;
  nodes: Node[];
}

/**
 * A real PostgreSQL and Redis, and processes `ids` on one fresh database: the first alone (it
 * migrates the database), the others together. Stop with stopAll() and `pgc.stop()`.
 */
export async function startCluster(database: string, ids: string[]): Promise<Cluster> {
  const [pgc, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = await pgc.createDatabase(database);
  const first = await startNode({ redisUrl: redis.url, databaseUrl, nodeId: ids[0] });
  const rest = await Promise.all(ids.slice(1).map((nodeId) => startNode({ redisUrl: redis.url, databaseUrl, nodeId })));
  return { pgc, redis, databaseUrl, nodes: [first, ...rest] };
}

/** Resumes a seat with its token, asking again while the room is still being restored from its checkpoint. */
export async function resumeWhenRestored(socket: Client, code: string, token: string) {
  return until(() => socket.emitWithAck('room:resume', { code, token }), (r) => r.ok || r.reason !== 'room/restoring', 200);
}
