import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectClient, type Socket } from 'socket.io-client';
import { createApplication, type Application, type ApplicationOptions } from '../../../server/app';
import {
  PROTOCOL_VERSION, type ClientToServerEvents, type Frame, type RoomInfo, type ServerToClientEvents, type Standings,
} from '../../../server/protocol';
import { loadScenario, type ScenarioInput } from '../../../server/engine';
import { builtinCatalog, mapCatalog } from '../../../server/realtime/catalog';
import { trackViews, wholeFrames } from '../../helpers/frames';
import { ManualClock, MemoryCheckpointSink, MemoryRunSink, type ScenarioCatalog } from '../../../server/rooms';

/**
 * The tests' own scenario, so level edits cannot break them: L (low) wakes on
 * CPU 0 and enters a 20-tick migrate_disable() section at tick 2; H (high) wakes
 * on CPU 0 at tick 5 and preempts it while CPU 1 idles.
 */
export const DUEL: ScenarioInput = {
  format: 1, slug: 'duel', title: 'Duel', cpus: 2, duration: 60, balancer: 'sticky', seed: 7,
  tasks: [
    { id: 'L', priority: 10, cpu: 0, release: { at: [0] }, deadline: 30, body: [{ run: 2 }, { md: 20 }, { run: 2 }] },
    { id: 'H', priority: 90, cpu: 0, release: { at: [5] }, deadline: 25, body: [{ run: 20 }] },
  ],
};

/** Four busy tasks, two per CPU, for co-op: each player's moves cross to the other's CPU. */
export const QUAD: ScenarioInput = {
  format: 1, slug: 'quad', title: 'Quad', cpus: 2, duration: 40, balancer: 'sticky', seed: 3,
  tasks: [
    { id: 'A', priority: 50, cpu: 0, release: { at: [0] }, deadline: 40, body: [{ run: 12 }] },
    { id: 'B', priority: 40, cpu: 0, release: { at: [0] }, deadline: 40, body: [{ run: 12 }] },
    { id: 'C', priority: 30, cpu: 1, release: { at: [0] }, deadline: 40, body: [{ run: 6 }] },
    { id: 'D', priority: 20, cpu: 1, release: { at: [0] }, deadline: 40, body: [{ run: 6 }] },
  ],
};

const builtins = builtinCatalog();
const ours = mapCatalog(new Map([['duel', loadScenario(DUEL)], ['quad', loadScenario(QUAD)]]));
export const testCatalog: ScenarioCatalog = { get: (slug) => ours.get(slug) ?? builtins.get(slug) };

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  url: string;
  app: Application;
  clock: ManualClock;
  runs: MemoryRunSink;
  checkpoints: MemoryCheckpointSink;
  clients: Client[];
  /** `localAddress`: connect from another loopback address (127.0.0.2...), as a client of another network would. */
  connect(opts?: { protocol?: number; localAddress?: string }): Promise<Client>;
  close(): Promise<void>;
}

/** The real server on port 0 with a manual clock: tests move time, real sockets carry everything. */
export async function startServer(options: Partial<ApplicationOptions> = {}): Promise<TestServer> {
  const clock = new ManualClock();
  const runs = new MemoryRunSink();
  const checkpoints = new MemoryCheckpointSink();
  const http = createServer();
  // Phases are not spread here: the tests count ticks exactly from the moment of the start. And a
  // frame every tick (still carrying only what differs from the prediction), so a test can wait for
  // the frame of any tick; quiet-frames.test.ts runs the shipped default.
  const app = createApplication(http, { runSink: runs, checkpoints, clock, scenarios: testCatalog, ...options, rooms: { spreadPhases: false, quietFrameEvery: 1, ...options.rooms } });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: Client[] = [];
  return {
    url, app, clock, runs, checkpoints, clients,
    async connect(opts = {}) {
      const socket: Client = connectClient(url, {
        auth: { protocol: opts.protocol ?? PROTOCOL_VERSION },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
      });
      clients.push(socket);
      trackViews(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', (e) => reject(e));
      });
      return socket;
    },
    async close() {
      for (const c of clients) c.disconnect();
      await app.close();
    },
  };
}

/** Resolves with the next `event` payload that satisfies `pred` (no timers: the test timeout is the limit). */
export function next<E extends keyof ServerToClientEvents>(
  socket: Client, event: E, pred: (p: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve) => {
    const handler = (p: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!pred(p)) return;
      (socket.off as (e: string, h: unknown) => void)(event, handler);
      resolve(p);
    };
    (socket.on as (e: string, h: unknown) => void)(event, handler);
  });
}

/** Records every frame, room:state and standings a client gets. */
export class Recorder {
  frames: Frame[] = [];
  states: RoomInfo[] = [];
  standings: Standings[] = [];
  constructor(socket: Client) {
    wholeFrames(socket).on((f) => this.frames.push(f));
    socket.on('room:state', (r) => this.states.push(r));
    socket.on('standings', (s) => this.standings.push(s));
  }
  lastFrame(runId?: string): Frame | undefined {
    const fs = runId ? this.frames.filter((f) => f.runId === runId) : this.frames;
    return fs[fs.length - 1];
  }
}

/** A round trip through the server: once it answers, everything it sent before has arrived (one ordered connection). */
export async function sync(socket: Client, roomId: string): Promise<void> {
  await socket.emitWithAck('room:resync', { roomId });
}

/**
 * Moves the manual clock by `ticks` tick periods (10 ticks/s at 1x unless told)
 * and returns the room's tick afterwards. Frames are emitted synchronously
 * during the advance; a listener registered right after still gets them.
 */
export function advanceTicks(server: TestServer, roomId: string, ticks: number, ticksPerSecond = 10): number {
  for (let i = 0; i < ticks; i++) server.clock.advance(1000 / ticksPerSecond);
  return server.app.registry.byId(roomId)?.tick ?? -1;
}

/** Waits for the frame of `runId` that shows tick `tick` (or later). */
export function frameAt(socket: Client, runId: string, tick: number): Promise<Frame> {
  return wholeFrames(socket).next((f) => f.runId === runId && f.tick >= tick);
}
