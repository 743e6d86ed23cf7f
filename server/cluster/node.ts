/**
 * One cluster process without the web pages: the HTTP API, Socket.IO rooms and /healthz on PORT
 * (HOST), joined to the cluster at REDIS_URL, storing in DATABASE_URL (PostgreSQL shared by
 * every process; `memory:` keeps each process's own, for load benchmarks that never fail over).
 * What `npm run cluster` (scripts/cluster.ts), the cluster tests and bench:load start; server/main.ts
 * is the same with Next.js in front. Prints `READY <url> <node id>` once it serves.
 *
 * TUNING (JSON, optional): `{ rooms, limits, roomCaps }` passed to the rooms (see server/app.ts).
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { accountsFromEnv } from '../accounts/env';
import { createMemoryRepositories, openDatabase } from '../db';
import type { Logger } from '../rooms';
import { nodeIdSchema } from '../protocol';
import { exitOnSignals, serve } from '../serve';
import { SimulationPool } from '../sim';

const envSchema = z.object({
  REDIS_URL: z.string().min(1),
  DATABASE_URL: z.string().min(1),
  PORT: z.coerce.number().int().min(0).max(65535).default(0),
  HOST: z.string().default('127.0.0.1'),
  /** Safe in a URL: the proxy reaches this process alone at /node/<NODE_ID>/socket.io/. */
  NODE_ID: nodeIdSchema.optional(),
  /** 0: never tell sockets to move to their room's owner (to measure what room affinity saves). */
  AFFINITY: z.enum(['0', '1']).default('1'),
  /** 1: /healthz carries the adapter's publish counts (tests). */
  CLUSTER_STATS: z.enum(['0', '1']).default('0'),
  OUTBOX_DIR: z.string().optional(),
  TUNING: z.string().optional(),
  SIM_WORKERS: z.coerce.number().int().min(1).max(8).default(1),
  /** Room lease length (default 5 s); the load benchmark, which never fails over, uses a long one. */
  LEASE_MS: z.coerce.number().int().min(500).optional(),
});

const quiet = process.env.LOG_LEVEL === 'error';
const logger: Logger = {
  info: (msg, data) => {
    if (!quiet) console.log(JSON.stringify({ level: 'info', msg, ...data }));
  },
  error: (msg, data) => console.error(JSON.stringify({ level: 'error', msg, ...data })),
};

const tuningSchema = z.object({ rooms: z.record(z.string(), z.unknown()).optional(), limits: z.record(z.string(), z.unknown()).optional(), roomCaps: z.record(z.string(), z.unknown()).optional() });

function tuning(json: string | undefined, trustProxy: boolean): NonNullable<Parameters<typeof serve>[0]['tuning']> {
  const t = json ? tuningSchema.parse(JSON.parse(json)) : {};
  return { ...t, limits: { ...t.limits, ...(trustProxy ? { trustProxy } : {}) } } as never;
}

async function main(): Promise<void> {
  const env = envSchema.parse(process.env);
  const db = env.DATABASE_URL === 'memory:' ? createMemoryRepositories() : await openDatabase(env.DATABASE_URL);
  const simulator = new SimulationPool({ workers: env.SIM_WORKERS });
  await simulator.warm();
  const nodeTag = env.NODE_ID ?? String(process.pid);
  const served = await serve({
    db, logger, simulator, port: env.PORT, host: env.HOST,
    // Per process: what one process could not write stays for its next start.
    outboxDir: env.OUTBOX_DIR ? path.resolve(env.OUTBOX_DIR) : path.join(os.tmpdir(), `md-outbox-${nodeTag}`),
    fallback: (_req, res) => void res.writeHead(404).end(),
    cluster: {
      redisUrl: env.REDIS_URL, affinity: env.AFFINITY === '1', countByChannel: env.CLUSTER_STATS === '1',
      ...(env.NODE_ID ? { nodeId: env.NODE_ID } : {}), ...(env.LEASE_MS ? { lease: { leaseMs: env.LEASE_MS } } : {}),
    },
    tuning: tuning(env.TUNING, process.env.TRUST_PROXY === '1'),
    accounts: accountsFromEnv(),
  });
  process.stdout.write(`READY ${served.url} ${served.nodeId ?? ''}\n`);
  exitOnSignals(served, logger);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
