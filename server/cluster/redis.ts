import { createClient } from 'redis';
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
