import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from './protocol';
import { attachRealtime, DEFAULT_LIMITS, type RealtimeEdge, type RealtimeLimits } from './realtime/socket';
import { builtinCatalog } from './realtime/catalog';
import type { AccountResolver } from './http/accounts';
import {
  RoomRegistry, silentLogger, type CheckpointSink, type Clock, type Logger, type PublishedScenarios, type RoomCaps, type RoomConfig, type RunSink, type ScenarioCatalog, type BaselineSource,
} from './rooms';

export interface ApplicationOptions {
  /** Where finished runs go (the database adapter in production, MemoryRunSink in tests). */
  runSink: RunSink;
  /** Where race/co-op checkpoints go; none: rooms are not restartable. */
  checkpoints?: CheckpointSink;
  clock?: Clock;
  logger?: Logger;
  /** Scenarios rooms may use; default: the built-in campaign plus daily-YYYY-MM-DD. */
  scenarios?: ScenarioCatalog;
  /** Published scenarios rooms may be started on (server/db/published-catalog.ts); none: refused as unknown. */
  published?: PublishedScenarios;
  /** Tick rate, frame batching, standings and checkpoint periods. */
  rooms?: Partial<RoomConfig>;
  limits?: Partial<RealtimeLimits>;
  /** Rooms at once, per address, per host, and idle sweeping (DEFAULT_ROOM_CAPS in server/rooms/registry.ts). */
  roomCaps?: Partial<RoomCaps>;
  /** Shorthand for roomCaps.maxRooms. */
  maxRooms?: number;
  /**
   * Who is signed in on a socket's handshake (its session cookie): rooms a teacher hosts are kept
   * under the account, and hosting a `rooms` or `private` published scenario asks it.
   */
  accounts?: AccountResolver;
  /** Rounds' baselines off the event loop (serve.ts: the worker pool); none: computed when a round ends. */
  baselines?: BaselineSource;
}

export interface Application {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  registry: RoomRegistry;
  /** The transport's hook for several processes (server/cluster); unused by a single process. */
  realtime: RealtimeEdge;
  /** Checkpoints rooms in play, stops every room clock, closes Socket.IO and with it the HTTP server. */
  close(): Promise<void>;
}

/**
 * The composition root of the real-time server: hand it an HTTP server and its
 * ports (storage, clock, logger), get the Socket.IO server and the room registry.
 * Tests pass in-memory sinks and a manual clock; main.ts passes the database.
 */
export function createApplication(httpServer: HttpServer, options: ApplicationOptions): Application {
  const logger = options.logger ?? silentLogger;
  const registry = new RoomRegistry({
    runSink: options.runSink,
    scenarios: options.scenarios ?? builtinCatalog(),
    ...(options.published ? { published: options.published } : {}),
    ...(options.checkpoints ? { checkpoints: options.checkpoints } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.rooms ? { config: options.rooms } : {}),
    caps: { ...options.roomCaps, ...(options.maxRooms ? { maxRooms: options.maxRooms } : {}) },
    ...(options.baselines ? { baselines: options.baselines } : {}),
    logger,
  });
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    // Inline scenarios are the biggest legitimate payload (256 tasks is well under this).
    maxHttpBufferSize: 256 * 1024,
  });
  const realtime = attachRealtime(io as never, registry, logger, { ...DEFAULT_LIMITS, ...options.limits }, options.accounts ? { accounts: options.accounts } : {});
  return {
    io,
    registry,
    realtime,
    async close() {
      await registry.flushCheckpoints();
      registry.close();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
    },
  };
}
