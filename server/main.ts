/**
 * The single server process: Next.js pages, the HTTP API and Socket.IO on one
 * port (PORT, default 3000). `--dev` runs Next in dev mode.
 *
 * Order matters: Next's prepare() loads .env, so nothing that reads
 * DATABASE_URL (the Prisma client) is imported before it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from './rooms';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
/** Optional bind address (tests bind 127.0.0.1); default: all interfaces. */
const host = process.env.HOST || undefined;

const logger: Logger = {
  info: (msg, data) => console.log(JSON.stringify({ level: 'info', msg, ...data })),
  error: (msg, data) => console.error(JSON.stringify({ level: 'error', msg, ...data })),
};

async function main(): Promise<void> {
  const { default: next } = await import('next');
  const nextApp = next({ dev, dir: root });
  await nextApp.prepare();
  const nextHandler = nextApp.getRequestHandler();

  // Imported only now: DATABASE_URL may come from the .env that prepare() loaded.
  const { openDatabase, defaultOutboxDir } = await import('./db');
  const { serve, exitOnSignals } = await import('./serve');
  const { SimulationPool } = await import('./sim');
  const { accountsFromEnv } = await import('./accounts/env');
  const db = await openDatabase();
  // Verification of runs and the replay of checkpoints run on worker threads: however
  // long one takes, the rooms keep ticking and requests keep being answered.
  const simulator = new SimulationPool();
  void simulator.warm();
  // User policies (policy editor, lab) on one worker of their own, started on first use.
  const userCodeSimulator = new SimulationPool({ workers: 1, maxQueue: 8 });
  const maxRooms = Number(process.env.RESTORE_MAX_ROOMS ?? 100);
  // Finished runs and room ends wait here while the database fails (server/db/outbox.ts).
  const outboxDir = process.env.OUTBOX_DIR ? path.resolve(root, process.env.OUTBOX_DIR) : defaultOutboxDir(process.env.DATABASE_URL, root);
  const served = await serve({
    db, outboxDir, logger, fallback: nextHandler, port, ...(host ? { host } : {}), simulator, userCodeSimulator,
    restoreMaxRooms: Number.isInteger(maxRooms) && maxRooms >= 0 ? maxRooms : 100,
    // The arena (README "Arena"): its own one-worker pool; ARENA=off leaves it out.
    ...(process.env.ARENA === 'off' ? {} : { arena: {} }),
    // Teacher accounts (README "Teacher accounts"): BETTER_AUTH_SECRET, BETTER_AUTH_URL, TRUST_PROXY.
    accounts: accountsFromEnv(),
    // Several processes behind a proxy (deploy/README section "Scaling out"); unset: one process, no Redis.
    // Behind the proxy (deploy/nginx.conf): per-address limits count the client's address, not the proxy's.
    ...(process.env.TRUST_PROXY === '1' ? { tuning: { limits: { trustProxy: true } } } : {}),
    // AFFINITY=0: no room:moved hints; CLUSTER_STATS=1: /healthz counts Redis publishes per channel (tests).
    ...(process.env.REDIS_URL ? {
      cluster: {
        redisUrl: process.env.REDIS_URL, affinity: process.env.AFFINITY !== '0', countByChannel: process.env.CLUSTER_STATS === '1',
        ...(process.env.NODE_ID ? { nodeId: process.env.NODE_ID } : {}),
      },
    } : {}),
  });
  logger.info('listening', { port, host: host ?? '*', dev, ...(served.nodeId ? { node: served.nodeId } : {}) });
  exitOnSignals(served, logger);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
