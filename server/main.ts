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
  const { createRunSink, createCheckpointSink, loadCheckpoints, settleWrites } = await import('./db/sinks');
  const { createApiHandler } = await import('./http/api');
  const db = await openDatabase();
  const api = createApiHandler(db);

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
  const app = createApplication(httpServer, { runSink: createRunSink(db), checkpoints: createCheckpointSink(db), logger });

  // Race and co-op rooms interrupted by a restart come back paused, same codes and tokens.
  for (const cp of await loadCheckpoints(db)) {
    const r = app.registry.resumeFromCheckpoint(cp);
    logger.info(r.ok ? 'room resumed from checkpoint' : 'room not resumed', { room: cp.roomCode, tick: cp.tick, ...(r.ok ? {} : { reason: r.reason }) });
  }

  httpServer.listen(port, host, () => logger.info('listening', { port, host: host ?? '*', dev }));

  const shutdown = () => {
    logger.info('shutting down');
    void app.close()
      // Runs of a round that just ended may still be on their way to the database.
      .then(() => settleWrites(db))
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
