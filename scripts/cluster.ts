/**
 * N server processes behind nginx, on this machine, without root:
 *
 *   npm run cluster -- --nodes N [--port P] [--redis | --redis-url URL] [--database-url URL] [--api-only]
 *
 * --redis starts a throwaway redis-server (no persistence) on a free port; otherwise REDIS_URL
 * or --redis-url names one. The database is --database-url or DATABASE_URL: PostgreSQL, shared by
 * every process (failover needs it; `memory:` gives each process its own, for benchmarks). Each
 * process is server/main.ts (the web pages too: needs `npm run build` first) or, with --api-only,
 * server/cluster/node.ts (API and Socket.IO). nginx runs from a temporary prefix on a free port
 * (or --port) with deploy/nginx.conf. Ctrl-C stops everything it started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ClusterRunOptions {
  nodes: number;
  /** The proxy's port; 0: a free one. */
  port?: number;
  /** Start a throwaway redis-server (else `redisUrl`). */
  startRedis?: boolean;
  redisUrl?: string;
  databaseUrl: string;
  apiOnly?: boolean;
  /** Rooms' tuning for every process (server/cluster/node.ts TUNING; --api-only only). */
  tuning?: object;
  /** Extra environment for every process (LEASE_MS...). */
  env?: Record<string, string>;
  /** Extra arguments for node (a profiler). */
  execArgv?: string[];
  log?: (line: string) => void;
}

export interface RunningCluster {
  /** The proxy's URL. */
  url: string;
  /** nodeId: the process's NODE_ID, reached alone at `${url}/node/<nodeId>/socket.io/`. */
  nodes: { port: number; nodeId: string; child: ChildProcess }[];
  redisUrl: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function nginxBinary(): string {
  for (const c of ['nginx', '/usr/sbin/nginx']) if (spawnSync(c, ['-v']).status === 0) return c;
  throw new Error('nginx not found: install Debian\'s nginx package (apt-get install nginx)');
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitHealthy(url: string, child: ChildProcess, what: string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited before it was healthy`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The NODE_ID of the i-th process: safe in a URL path and an nginx upstream name (nodeIdSchema). */
export function clusterNodeId(i: number, port: number): string {
  return `node${i}-${port}`;
}

export function nginxConfig(o: { prefix: string; listen: string; backends: { port: number; nodeId: string }[] }): string {
  for (const b of o.backends) if (!/^[A-Za-z0-9_-]{1,64}$/.test(b.nodeId)) throw new Error(`node id ${b.nodeId} is not safe in a URL`);
  const servers = o.backends.map((b) => `    server 127.0.0.1:${b.port} max_fails=1 fail_timeout=3s;`).join('\n');
  const upstreams = o.backends.map((b) => `  upstream md_node_${b.nodeId} {\n    server 127.0.0.1:${b.port};\n  }`).join('\n');
  const routes = o.backends.map((b) => `    ~^/node/${b.nodeId}/socket\\.io/ md_node_${b.nodeId};`).join('\n');
  return fs.readFileSync(path.join(root, 'deploy', 'nginx.conf'), 'utf8')
    .replaceAll('{{PREFIX}}', o.prefix).replaceAll('{{LISTEN}}', o.listen).replaceAll('{{SERVERS}}', servers)
    .replaceAll('{{NODE_UPSTREAMS}}', upstreams).replaceAll('{{NODE_ROUTES}}', routes);
}

export async function runCluster(o: ClusterRunOptions): Promise<RunningCluster> {
  const log = o.log ?? ((l: string) => console.log(l));
  const started: ChildProcess[] = [];
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'md-cluster-'));
  /** nginx first (no new clients), then the processes (their last checkpoints and leases need Redis), Redis last. */
  const stop = async () => {
    const order = [...started].reverse();
    const redis = o.startRedis ? started[0] : undefined;
    for (const c of order) {
      if (c === redis || c.exitCode !== null || c.signalCode !== null) continue;
      c.kill('SIGTERM');
    }
    const hard = setTimeout(() => {
      for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }, 8000);
    await Promise.all(order.filter((c) => c !== redis).map(exited));
    if (redis && redis.exitCode === null && redis.signalCode === null) redis.kill('SIGTERM');
    if (redis) await exited(redis);
    clearTimeout(hard);
    fs.rmSync(prefix, { recursive: true, force: true });
  };
  // Backstop: however this process ends, nothing it started outlives it.
  process.once('exit', () => {
    for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  try {
    let redisUrl = o.redisUrl ?? process.env.REDIS_URL ?? '';
    if (o.startRedis) {
      const port = await freePort();
      const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
      started.push(redis);
      await new Promise<void>((resolve, reject) => {
        redis.once('error', reject);
        redis.once('exit', () => reject(new Error('redis-server exited (is Debian\'s redis-server installed?)')));
        const lines = createInterface({ input: redis.stdout! });
        lines.on('line', (l) => {
          if (!/Ready to accept connections/.test(l)) return;
          lines.close();
          resolve();
        });
      });
      redisUrl = `redis://127.0.0.1:${port}`;
      log(`cluster: redis on ${redisUrl}`);
    }
    if (!redisUrl) throw new Error('no Redis: pass --redis (start one) or --redis-url / REDIS_URL');

    const nodes: RunningCluster['nodes'] = [];
    for (let i = 0; i < o.nodes; i++) {
      const port = await freePort();
      const entry = o.apiOnly ? 'server/cluster/node.ts' : 'server/main.ts';
      const child = spawn(process.execPath, [...(o.execArgv ?? []), '--import', 'tsx', path.join(root, entry)], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env, NODE_ENV: 'production', REDIS_URL: redisUrl, DATABASE_URL: o.databaseUrl, PORT: String(port), HOST: '127.0.0.1',
          NODE_ID: clusterNodeId(i, port), TRUST_PROXY: '1', OUTBOX_DIR: path.join(prefix, `outbox-${i}`), LOG_LEVEL: 'error',
          ...(o.tuning ? { TUNING: JSON.stringify(o.tuning) } : {}),
          ...o.env,
        },
      });
      started.push(child);
      nodes.push({ port, nodeId: clusterNodeId(i, port), child });
      // One at a time: the first migrates the database, the rest find it ready.
      await waitHealthy(`http://127.0.0.1:${port}`, child, `process ${i}`);
      log(`cluster: process ${i} (pid ${child.pid}) on 127.0.0.1:${port}`);
    }

    const port = o.port || await freePort();
    const conf = path.join(prefix, 'nginx.conf');
    fs.writeFileSync(conf, nginxConfig({ prefix, listen: `127.0.0.1:${port}`, backends: nodes }));
    const nginx = spawn(nginxBinary(), ['-p', prefix, '-c', conf, '-e', path.join(prefix, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'inherit', 'inherit'] });
    started.push(nginx);
    const url = `http://127.0.0.1:${port}`;
    await waitHealthy(url, nginx, 'nginx');
    log(`cluster: nginx on ${url} in front of ${o.nodes} process(es)`);
    return { url, nodes, redisUrl, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

async function main(): Promise<void> {
  const nodes = Number(arg('nodes') ?? 2);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 32) throw new Error('--nodes needs a whole number from 1 to 32');
  const databaseUrl = arg('database-url') ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('no database: pass --database-url postgresql://... (or set DATABASE_URL); every process shares it');
  if (!/^postgres(ql)?:/.test(databaseUrl)) console.log('cluster: not PostgreSQL: failover needs one database every process reaches');
  const running = await runCluster({
    nodes, port: Number(arg('port') ?? 0), startRedis: process.argv.includes('--redis'),
    ...(arg('redis-url') ? { redisUrl: arg('redis-url') } : {}),
    databaseUrl, apiOnly: process.argv.includes('--api-only'),
  });
  console.log(`cluster: ready at ${running.url} (Ctrl-C stops it)`);
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    void running.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
