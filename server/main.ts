/**
 * The single server process: Next.js pages, the HTTP API and Socket.IO on one
 * port (PORT, default 3000). `--dev` runs Next in dev mode.
 *
 * Order matters: Next's prepare() loads .env, so nothing that reads
 * DATABASE_URL (the Prisma client) is imported before it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApplication } from './app';
import { MemoryRunSink, type Checkpoint, type CheckpointSink, type Logger, type RunSink } from './rooms';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
/** Optional bind address (tests bind 127.0.0.1); default: all interfaces. */
const host = process.env.HOST || undefined;

const logger: Logger = {
  info: (msg, data) => console.log(JSON.stringify({ level: 'info', msg, ...data })),
  error: (msg, data) => console.error(JSON.stringify({ level: 'error', msg, ...data })),
};

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;

/** Imports a module that may not exist yet (being written in parallel); any other failure is real. */
async function optionalImport<T>(specifier: string): Promise<T | undefined> {
  try {
    return (await import(specifier)) as T;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((e as Error).message).includes(path.basename(specifier))) return undefined;
    throw e;
  }
}

interface DbModule {
  openDatabase?: () => Promise<unknown>;
}
interface SinksModule {
  createRunSink?: (db: unknown) => RunSink;
  createCheckpointSink?: (db: unknown) => CheckpointSink;
  loadCheckpoints?: (db: unknown) => Promise<Checkpoint[]>;
}
interface ApiModule {
  createApiHandler?: (repos: unknown) => Handler;
}

async function main(): Promise<void> {
  const { default: next } = await import('next');
  const nextApp = next({ dev, dir: root });
  await nextApp.prepare();
  const nextHandler = nextApp.getRequestHandler();

  // Persistence and the HTTP API are optional until their modules exist.
  const dbModule = await optionalImport<DbModule>('./db/index.ts');
  const db = dbModule?.openDatabase ? await dbModule.openDatabase() : undefined;
  const sinks = db ? await optionalImport<SinksModule>('./db/sinks.ts') : undefined;
  const runSink: RunSink = (db !== undefined ? sinks?.createRunSink?.(db) : undefined) ?? new MemoryRunSink();
  const checkpoints = db !== undefined ? sinks?.createCheckpointSink?.(db) : undefined;
  const apiModule = db ? await optionalImport<ApiModule>('./http/api.ts') : undefined;
  const api = db !== undefined && apiModule?.createApiHandler ? apiModule.createApiHandler(db) : undefined;
  if (!db) logger.info('no database module: finished runs are kept in memory only');

  const httpServer = createServer((req, res) => {
    void (async () => {
      try {
        if (api && (await api(req, res))) return;
        await nextHandler(req, res);
      } catch (e) {
        logger.error('request failed', { url: req.url, error: String(e) });
        if (!res.headersSent) res.writeHead(500).end();
      }
    })();
  });
  const app = createApplication(httpServer, { runSink, ...(checkpoints ? { checkpoints } : {}), logger });

  // Race and co-op rooms interrupted by a restart come back paused, same codes and tokens.
  if (db !== undefined && sinks?.loadCheckpoints) {
    for (const cp of await sinks.loadCheckpoints(db)) {
      const r = app.registry.resumeFromCheckpoint(cp);
      logger.info(r.ok ? 'room resumed from checkpoint' : 'room not resumed', { room: cp.roomCode, tick: cp.tick, ...(r.ok ? {} : { reason: r.reason }) });
    }
  }

  httpServer.listen(port, host, () => logger.info('listening', { port, host: host ?? '*', dev }));

  const shutdown = () => {
    logger.info('shutting down');
    void app.close()
      .then(() => (db as { close?: () => Promise<void> } | undefined)?.close?.())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
