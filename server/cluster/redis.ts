import { createClient } from 'redis';
import type { Logger } from '../rooms';

const makeClient = (url: string) => createClient({ url });
export type Redis = ReturnType<typeof makeClient>;

/** A connected client; errors are logged (node-redis reconnects by itself) rather than thrown at the process. */
export async function connectRedis(url: string, logger: Logger, name: string): Promise<Redis> {
  const client = makeClient(url);
  client.on('error', (e: unknown) => logger.error('redis error', { client: name, error: String(e) }));
  await client.connect();
  return client;
}
