/**
 * The server around an open database: the HTTP API (anything else goes to `fallback`, Next's
 * handler in production), Socket.IO rooms, the durable storage ports (outbox for finished runs
 * and room ends, written at start what an earlier process left), rooms resumed from their
 * checkpoints, and a shutdown bounded in time. server/main.ts adds Next; the storage tests
 * run exactly this in a child process over a database they can make fail.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApplication, type Application, type ApplicationOptions } from './app';
import type { Db } from './db';
import { openDurableStorage, type DurableStorage } from './db/durable';
import { startCluster, type ClusterOptions } from './cluster';
import { createAccounts, type Accounts, type AccountsOptions } from './accounts';
import { createApiHandler } from './http/api';
import { createPublishedCatalog } from './db/published-catalog';
import type { Logger } from './rooms';
import { DEFAULT_SHUTDOWN_DEADLINE_MS, shutdownWithin } from './shutdown';
import { inlineSimulator, type Simulator } from './sim';
import { Arena, type ArenaOptions } from './arena/service';

export interface ServeOptions {
  db: Db;
  /** Where finished runs and room ends wait while the database fails. */
  outboxDir: string;
  logger: Logger;
  /** Requests outside /api. */
  fallback: (req: IncomingMessage, res: ServerResponse) => Promise<unknown> | void;
  port: number;
  host?: string;
  /** Every repository call of the rooms' storage is bounded by this (default 15 s). */
  storageTimeoutMs?: number;
  /** First retry delay of the outbox (default 1 s). */
  retryMs?: number;
  /** SIGTERM waits at most this long for an orderly shutdown (default 5 s). */
  shutdownDeadlineMs?: number;
  /**
   * Where runs are verified and checkpoints replayed: the worker pool in production, so
   * however long one takes the rooms keep ticking (default inline, on this thread).
   */
  simulator?: Simulator;
  /**
   * Runs user policies (the policy editor, the lab) on workers of their own, so a slow or
   * hostile policy never delays the rooms' verifications (default: `simulator`). Closed at shutdown.
   */
  userCodeSimulator?: Simulator;
  /** At most this many checkpointed rooms come back after a restart, newest first (default 100). */
  restoreMaxRooms?: number;
  /** The arena of balancers (README "Arena"), on its own worker pool; off when absent. */
  arena?: ArenaOptions;
  /**
   * One process of several (server/cluster): rooms owned by lease in Redis, requests forwarded to
   * their owner, rooms of a process that died taken over. None: the single process, no Redis.
   */
  cluster?: ClusterOptions;
  /** Tick rate, limits and caps of the rooms (benchmarks and tests; default: createApplication's). */
  tuning?: Pick<ApplicationOptions, 'rooms' | 'limits' | 'roomCaps'>;
  /**
   * Teacher accounts (server/accounts) over `db.auth`: on by default; `false` leaves them out (nobody
   * signs in). `baseURL` defaults to this server's own URL once it listens.
   */
  accounts?: false | (Omit<AccountsOptions, 'baseURL' | 'logger'> & { baseURL?: string });
}

export interface Served {
  url: string;
  app: Application;
  storage: DurableStorage;
  /** Teacher accounts (absent with `accounts: false` or a store without them). */
  accounts?: Accounts;
  /** This process's id in the cluster (with `cluster` only). */
  nodeId?: string;
  /** Rooms, outbox, database, in that order, cut off at the deadline. */
  shutdown(): Promise<'done' | 'deadline'>;
}

/** Checkpoint period of rooms in a cluster (one process alone: the rooms' default, 1 s). */
export const CLUSTER_CHECKPOINT_EVERY_MS = 500;

export async function serve(o: ServeOptions): Promise<Served> {
  const simulator = o.simulator ?? inlineSimulator();
  // An arena that cannot open (its storage failing) leaves the game serving: its routes answer not-found.
  const arena = o.arena
    ? await Arena.open(o.db, { onError: (msg, data) => o.logger.error(msg, data), ...o.arena }).catch((e: unknown) => {
      o.logger.error('the arena did not open', { error: String(e) });
      return undefined;
    })
    : undefined;
  /** This server's URL, known once it listens (before any request). */
  let url = '';
  const accountsOptions = o.accounts === false ? undefined : o.accounts ?? {};
  const accounts = accountsOptions && o.db.auth
    ? createAccounts(o.db.auth, { ...accountsOptions, baseURL: () => accountsOptions.baseURL || url, logger: o.logger })
    : undefined;
  const api = createApiHandler(o.db, {
    simulator, ...(accounts ? { accounts: accounts.resolver } : {}), ...(o.userCodeSimulator ? { userCodeSimulator: o.userCodeSimulator } : {}), ...(arena ? { arena } : {}),
    // Behind the proxy the API's per-address budgets count the client, as the sockets' limits do.
    ...(o.tuning?.limits?.trustProxy ? { trustProxy: true } : {}),
  });
  const storage = await openDurableStorage(o.db, {
    dir: o.outboxDir, logger: o.logger, simulator,
    ...(o.storageTimeoutMs !== undefined ? { timeoutMs: o.storageTimeoutMs } : {}),
    ...(o.retryMs !== undefined ? { retryMs: o.retryMs } : {}),
  });
  /** Filled once the cluster is joined (the health answer names the process). */
  const ident: { nodeId?: string; stats?: () => object } = {};
  // Tests (CLUSTER_STATS=1) read the process's adapter counters from its health answer.
  const exposeStats = process.env.CLUSTER_STATS === '1';
  const httpServer = createServer((req, res) => {
    void (async () => {
      try {
        // For the proxy and the process manager: answers once the rooms are wired (cluster joined).
        if (req.url === '/healthz') {
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
            .end(JSON.stringify({
              ok: true, rooms: app.registry.size, ...(ident.nodeId ? { node: ident.nodeId } : {}),
              ...(exposeStats && ident.stats ? { stats: ident.stats() } : {}),
            }));
          return;
        }
        if (accounts && await accounts.handle(req, res)) return;
        if (await api(req, res)) return;
        await o.fallback(req, res);
      } catch (e) {
        o.logger.error('request failed', { url: req.url, error: String(e) });
        if (!res.headersSent) res.writeHead(500).end();
      }
    })();
  });
  // In a cluster a room may be taken over after a kill -9 that lands while a checkpoint is on its way
  // to the database: checkpoints twice a second keep it within one second of play even then.
  const rooms = o.cluster ? { checkpointEveryMs: CLUSTER_CHECKPOINT_EVERY_MS, ...o.tuning?.rooms } : o.tuning?.rooms;
  const app = createApplication(httpServer, {
    runSink: storage.runSink, checkpoints: storage.checkpoints, logger: o.logger, ...o.tuning, ...(rooms ? { rooms } : {}),
    published: createPublishedCatalog(o.db), ...(accounts ? { accounts: accounts.resolver } : {}),
    baselines: (input) => simulator.run({ kind: 'baselines', input }),
  });

  // In a cluster, checkpointed rooms come back only where their lease is taken (server/cluster).
  const cluster = o.cluster ? await startCluster(app, storage, simulator, o.logger, o.cluster) : undefined;
  if (cluster) {
    ident.nodeId = cluster.nodeId;
    ident.stats = cluster.stats;
  }
  // Race and co-op rooms interrupted by a restart come back paused, same codes and tokens,
  // replayed in the background on the simulator, newest first, at most restoreMaxRooms of
  // them. Their codes are taken before listening (room/restoring until each is replayed).
  if (!cluster) {
    void app.registry.restoreInBackground(await storage.resumable(), {
      replayer: { replay: (request) => simulator.run({ kind: 'replay', input: request }) },
      maxRooms: o.restoreMaxRooms ?? 100,
    }).then((r) => o.logger.info('checkpoints restored', { restored: r.restored.length, skipped: r.skipped.length }))
      .catch((e) => o.logger.error('restoring checkpoints failed', { error: String(e) }));
  }

  await new Promise<void>((resolve) => httpServer.listen(o.port, o.host, resolve));
  const addr = httpServer.address() as AddressInfo;
  url = `http://${o.host ?? 'localhost'}:${addr.port}`;

  return {
    url, app, storage, ...(accounts ? { accounts } : {}), ...(cluster ? { nodeId: cluster.nodeId } : {}),
    shutdown: () => shutdownWithin([
      ...(cluster ? [{ name: 'cluster upkeep', run: () => cluster.stop() }] : []),
      { name: 'rooms', run: () => app.close() },
      // After the rooms' last checkpoints: the other processes take them over from those.
      ...(cluster ? [{ name: 'cluster leases', run: () => cluster.close() }] : []),
      // Runs of a round that just ended may still be on their way to the database.
      { name: 'room writes', run: () => storage.settle() },
      { name: 'outbox', run: () => storage.close() },
      { name: 'simulator', run: () => simulator.close() },
      ...(o.userCodeSimulator ? [{ name: 'user-code simulator', run: () => o.userCodeSimulator!.close() }] : []),
      { name: 'arena', run: async () => arena?.close() },
      { name: 'accounts', run: async () => accounts?.close() },
      { name: 'database', run: () => o.db.close() },
    ], o.shutdownDeadlineMs ?? DEFAULT_SHUTDOWN_DEADLINE_MS, o.logger),
  };
}

/** SIGINT and SIGTERM: the bounded shutdown, then exit (1 if the deadline cut it off); a second signal exits at once. */
export function exitOnSignals(served: Served, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) {
      logger.error('second signal: exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    logger.info('shutting down', { signal });
    void served.shutdown().then((out) => process.exit(out === 'done' ? 0 : 1));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}
