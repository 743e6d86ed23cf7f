import {
  ClientClosedError, ClientOfflineError, ConnectionTimeoutError, createClient, DisconnectsClientError,
  ReconnectStrategyError, SocketClosedUnexpectedlyError, SocketTimeoutError,
} from 'redis';
import type { Logger } from '../rooms';

// Publishes wait for Redis however long a starved machine takes (node-redis would drop a command
// still queued after 5 s): a frame late beats a frame lost.
const makeClient = (url: string) => createClient({ url, commandOptions: { timeout: 0 } });
export type Redis = ReturnType<typeof makeClient>;

/** A connected client; errors are logged (node-redis reconnects by itself) rather than thrown at the process. */
export async function connectRedis(url: string, logger: Logger, name: string): Promise<Redis> {
  const client = makeClient(url);
  client.on('error', (e: unknown) => logger.error('redis error', { client: name, error: String(e) }));
  await client.connect();
  return client;
}

/** node-redis's errors for a lost or closing connection: the client reconnects by itself. */
const CONNECTION_ERRORS = [
  SocketClosedUnexpectedlyError, ClientClosedError, ClientOfflineError, ConnectionTimeoutError,
  SocketTimeoutError, DisconnectsClientError, ReconnectStrategyError,
];
export const isRedisConnectionError = (e: unknown): boolean => CONNECTION_ERRORS.some((E) => e instanceof E);

let guarded = false;
/**
 * A process must outlive its Redis connection. Every command of ours handles its failure, but a
 * command that a library issues for us (the Socket.IO adapter's) and whose promise nobody awaits
 * would reject unhandled when the connection drops (Redis closes a subscriber that falls behind,
 * or restarts), and Node ends the process on an unhandled rejection. Those connection failures
 * are logged; any other unhandled rejection is rethrown, ending the process as Node would.
 */
export function surviveRedisConnectionLoss(logger: Logger): void {
  if (guarded) return;
  guarded = true;
  process.on('unhandledRejection', (reason) => {
    if (!isRedisConnectionError(reason)) throw reason;
    logger.error('redis command lost with its connection', { error: String(reason) });
  });
}
