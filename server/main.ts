/**
 * The single server process: Next.js pages, the HTTP API and Socket.IO on one
 * port (PORT, default 3000). `--dev` runs Next in dev mode.
 *
 * Order matters: Next's prepare() loads .env, so nothing that reads
 * DATABASE_URL (the Prisma client) is imported before it.
 */
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApplication } from './app';
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
  const { openDatabase } = await import('./db');
  const { createRunSink, createCheckpointSink, loadCheckpoints } = await import('./db/sinks');
  const { createApiHandler } = await import('./http/api');
  const { SimulationPool } = await import('./sim');
  const db = await openDatabase();
  // Verification of runs and the replay of checkpoints run on worker threads: however
  // long one takes, the rooms keep ticking and requests keep being answered.
  const simulator = new SimulationPool();
  void simulator.warm();
  const api = createApiHandler(db, { simulator });
  const runSink = createRunSink(db, { simulator });

  const httpServer = createServer((req, res) => {
    void (async () => {
      try {
        if (await api(req, res)) return;
        await nextHandler(req, res);
      } catch (e) {
        logger.error('request failed', { url: req.url, error: String(e) });
        if (!res.headersSent) res.writeHead(500).end();
      }
    })();
  });
  const app = createApplication(httpServer, { runSink, checkpoints: createCheckpointSink(db), logger });

  // Race and co-op rooms interrupted by a restart come back paused, same codes and tokens,
  // replayed in the background, newest first, at most RESTORE_MAX_ROOMS of them (default
  // 100). Their codes are taken before listening (room/restoring until each is replayed).
  const maxRooms = Number(process.env.RESTORE_MAX_ROOMS ?? 100);
  void app.registry.restoreInBackground(await loadCheckpoints(db), {
    replayer: { replay: (request) => simulator.run({ kind: 'replay', input: request }) },
    maxRooms: Number.isInteger(maxRooms) && maxRooms >= 0 ? maxRooms : 100,
  }).then((r) => logger.info('checkpoints restored', { restored: r.restored.length, skipped: r.skipped.length }))
    .catch((e) => logger.error('restoring checkpoints failed', { error: String(e) }));

  httpServer.listen(port, host, () => logger.info('listening', { port, host: host ?? '*', dev }));

  const shutdown = () => {
    logger.info('shutting down');
    void app.close()
      // Runs the rooms finished are verified and stored before the database closes.
      .then(() => runSink.flush())
      .then(() => simulator.close())
      .then(() => db.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
