/**
 * Real server processes and real Socket.IO clients for the tests that kill, stop or
 * restart a server: a child started with tsx that prints `URL <url>` once it listens,
 * and clients that connect over a real port. Everything started here is tracked by a
 * `Processes` so one afterAll ends it all, whatever the test did.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { io as connectClient, type Socket } from 'socket.io-client';
import { PROJECT_ROOT } from '../../server/db';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '../../server/protocol';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ServerChild {
  child: ChildProcess;
  url: string;
  /** The child's stdout, line by line (for waiting on a line the test expects). */
  lines: Interface;
  out: () => string;
  err: () => string;
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

export class Processes {
  private readonly children: ChildProcess[] = [];
  private readonly clients: Client[] = [];

  /** Starts `script` (a path from the project root) with tsx; resolves when it prints its URL. */
  async start(script: string, args: readonly string[]): Promise<ServerChild> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, script), ...args], { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.children.push(child);
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (l) => (out += `${l}\n`));
    const url = await new Promise<string>((resolve, reject) => {
      lines.on('line', (l) => l.startsWith('URL ') && resolve(l.slice(4)));
      void exited.then(() => reject(new Error(`server did not start: ${err}`)));
    });
    return { child, url, lines, out: () => out, err: () => err, exited };
  }

  /** A Socket.IO client of the current protocol on `url`, connected (websocket only, no reconnection). */
  async connect(url: string): Promise<Client> {
    const socket: Client = connectClient(url, { auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
    this.clients.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  /** Disconnects every client and SIGKILLs every child still running. */
  stopAll(): void {
    for (const c of this.clients) c.disconnect();
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}

/** The accepted reply of an acknowledged request; throws with the refusal otherwise. */
export function accepted<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}
