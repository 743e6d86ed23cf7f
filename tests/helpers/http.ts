import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * The API handler on a real port (127.0.0.1, chosen by the OS). Anything it does not
 * handle gets a 299 "not api", standing in for Next.
 */
export async function serveApi(api: Handler): Promise<{ base: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    void api(req, res).then((handled) => {
      if (!handled) res.writeHead(299).end('not api');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
