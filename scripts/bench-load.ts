/**
 * Load figures for the real-time server:
 *
 *   npm run bench:load -- --rooms R --players P [--ticks 300] [--tps 10] [--quiet-every 1]
 *
 * (--quiet-every k: a run with no new events sends a frame only every k ticks;
 * the server's default is 1, a frame every tick.)
 *
 * Starts the real server (createApplication, in-memory storage) in a child
 * process, connects R x P Socket.IO clients from this process, one race room per
 * R with a host, and plays one round: each player makes a move every 2 to 5
 * seconds, chosen from what its last frame shows (a waiting task to the least
 * busy CPU), like a person would. Latency is from sending an action to receiving
 * the first frame of that player's run whose tick shows it (the action applies
 * at the tick the ack names; frame.tick > that tick shows it).
 *
 * The last line is: players=N ticks_per_s=T p50_ms=A p99_ms=B cpu_pct=C rss_mb=D
 * (cpu_pct and rss_mb are the server process's; ticks_per_s is per room).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance as nodePerf } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { io as connectClient, type Socket } from 'socket.io-client';
import { dailyScenario, scenarioToJson } from '../server/engine';
import {
  PROTOCOL_VERSION, type ClientToServerEvents, type Frame, type ServerToClientEvents,
} from '../server/protocol';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

interface ServerStats { cpuMicros: number; wallMs: number; rssBytes: number; ticks: number; rooms: number; elu: number }
type ToServer = { type: 'stats' } | { type: 'stop' };
type FromServer = { type: 'ready'; port: number } | ({ type: 'stats' } & ServerStats);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
}

// ---- the server, in its own process ----------------------------------------

async function serve(): Promise<void> {
  const { createApplication } = await import('../server/app');
  const { MemoryRunSink } = await import('../server/rooms');
  const tps = arg('tps', 10);
  const http = createServer();
  const app = createApplication(http, {
    runSink: new MemoryRunSink(),
    rooms: { ticksPerSecond: tps, quietFrameEvery: arg('quiet-every', 1) },
    // Every simulated player comes from 127.0.0.1: the per-address join and room limits would (rightly) stop them.
    limits: { joinAttempts: 1_000_000 },
    roomCaps: { roomsPerAddress: 1_000_000 },
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  let cpu0 = process.cpuUsage();
  let wall0 = performance.now();
  let elu0 = nodePerf.eventLoopUtilization();
  const send = (m: FromServer) => process.send?.(m);
  process.on('message', (m: ToServer) => {
    if (m.type === 'stats') {
      const cpu = process.cpuUsage(cpu0);
      let ticks = 0;
      let rooms = 0;
      for (const r of app.registry.rooms()) {
        ticks += r.tick;
        rooms++;
      }
      const elu = nodePerf.eventLoopUtilization(elu0).utilization;
      send({ type: 'stats', cpuMicros: cpu.user + cpu.system, wallMs: performance.now() - wall0, rssBytes: process.memoryUsage().rss, ticks, rooms, elu });
      cpu0 = process.cpuUsage();
      wall0 = performance.now();
      elu0 = nodePerf.eventLoopUtilization();
    } else if (m.type === 'stop') {
      void app.close().then(() => process.exit(0));
    }
  });
  // If the bench process dies, do not linger as an orphan server.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: (http.address() as AddressInfo).port });
}

// ---- the players, here -----------------------------------------------------

function request(child: ChildProcess, m: ToServer): Promise<FromServer> {
  return new Promise((resolve) => {
    child.once('message', (r: FromServer) => resolve(r));
    child.send(m);
  });
}

function connect(url: string): Promise<Client> {
  const socket: Client = connectClient(url, { auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A waiting task moved to the CPU with the shortest queue: what a person scanning the board would try. */
function chooseMove(f: Frame): { task: string; cpu: number } | null {
  const busiest = [...f.cpus].sort((a, b) => b.queue.length - a.queue.length)[0];
  const calmest = [...f.cpus].sort((a, b) => a.queue.length + (a.running ? 1 : 0) - (b.queue.length + (b.running ? 1 : 0)))[0];
  if (!busiest || !calmest || busiest.cpu === calmest.cpu || busiest.queue.length === 0) return null;
  const pinned = new Set(f.pinned.map((p) => p.task));
  const task = busiest.queue.find((t) => !pinned.has(t));
  return task ? { task, cpu: calmest.cpu } : null;
}

async function bench(): Promise<void> {
  const rooms = arg('rooms', 10);
  const players = arg('players', 40);
  const ticks = arg('ticks', 300);
  const tps = arg('tps', 10);
  const quietEvery = arg('quiet-every', 1);
  const total = rooms * players;

  const child = fork(fileURLToPath(import.meta.url), ['--serve', '--tps', String(tps), '--quiet-every', String(quietEvery)], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<FromServer>((resolve) => child.once('message', resolve));
  if (ready.type !== 'ready') throw new Error('server did not start');
  const url = `http://127.0.0.1:${ready.port}`;
  console.log(`bench: server on ${url}; connecting ${rooms} rooms x ${players} players (round of ${ticks} ticks at ${tps} ticks/s, quiet frames every ${quietEvery})`);

  const scenario = { ...scenarioToJson(dailyScenario('2026-11-24')), slug: 'bench-load', duration: ticks };
  const latencies: number[] = [];
  const ackLatencies: number[] = [];
  let accepted = 0;
  let refused = 0;
  let gaps = 0;
  const sockets: Client[] = [];
  const timers: NodeJS.Timeout[] = [];
  const ended: Promise<void>[] = [];
  const hosts: { socket: Client; roomId: string; hostToken: string }[] = [];

  for (let r = 0; r < rooms; r++) {
    const host = await connect(url);
    sockets.push(host);
    const made = await host.emitWithAck('room:create', { kind: 'race', scenario: { json: scenario }, maxPlayers: Math.min(players, 100) });
    if (!made.ok) throw new Error(`room:create refused: ${made.reason}`);
    hosts.push({ socket: host, roomId: made.roomId, hostToken: made.hostToken });
    // Connect a room's players 20 at a time (a class arriving, not a single instant).
    for (let start = 0; start < players; start += 20) {
      await Promise.all(Array.from({ length: Math.min(20, players - start) }, async (_, k) => {
        const i = start + k;
        const socket = await connect(url);
        sockets.push(socket);
        const joined = await socket.emitWithAck('room:join', { code: made.code, nick: `p${r}-${i}` });
        if (!joined.ok || !joined.seatId) throw new Error(`room:join refused: ${joined.ok ? 'spectator' : joined.reason}`);
        const seatId = joined.seatId;
        let last: Frame | null = null;
        let version = 0;
        const waiting: { sentAt: number; tick: number }[] = [];
        socket.on('frame', (f) => {
          const now = performance.now();
          if (f.version !== version + 1) gaps++;
          version = f.version;
          last = f;
          while (waiting.length && waiting[0].tick < f.tick) latencies.push(now - waiting.shift()!.sentAt);
        });
        ended.push(new Promise((resolve) => socket.on('run:ended', (e) => e.runId === seatId && resolve())));
        const act = () => {
          const move = last && chooseMove(last);
          if (move) {
            const sentAt = performance.now();
            void socket.emitWithAck('game:action', { roomId: made.roomId, ...move }).then((a) => {
              ackLatencies.push(performance.now() - sentAt);
              if (a.ok) {
                accepted++;
                waiting.push({ sentAt, tick: a.tick });
              } else refused++;
            });
          }
          timers.push(setTimeout(act, 2000 + Math.random() * 3000));
        };
        timers.push(setTimeout(act, 1000 + Math.random() * 3000));
      }));
    }
  }
  console.log(`bench: ${total} players connected; starting`);

  await request(child, { type: 'stats' }); // resets the server's CPU window
  const t0 = performance.now();
  const clientCpu0 = process.cpuUsage();
  await Promise.all(hosts.map((h) => h.socket.emitWithAck('room:control', { roomId: h.roomId, hostToken: h.hostToken, command: { op: 'start' } })));
  await Promise.all(ended);
  const wallS = (performance.now() - t0) / 1000;
  const clientCpu = process.cpuUsage(clientCpu0);
  const stats = await request(child, { type: 'stats' });
  if (stats.type !== 'stats') throw new Error('no stats');
  for (const t of timers) clearTimeout(t);
  for (const s of sockets) s.disconnect();
  child.send({ type: 'stop' } satisfies ToServer);

  latencies.sort((a, b) => a - b);
  ackLatencies.sort((a, b) => a - b);
  const ticksPerS = stats.ticks / stats.rooms / wallS;
  const cpuPct = (stats.cpuMicros / 1000 / stats.wallMs) * 100;
  console.log(`bench: round of ${ticks} ticks took ${wallS.toFixed(1)} s; actions accepted=${accepted} refused=${refused}; latency samples=${latencies.length}; frame gaps=${gaps}; p90_ms=${percentile(latencies, 90).toFixed(1)} max_ms=${latencies.length ? latencies[latencies.length - 1].toFixed(1) : 'NaN'}`);
  // The action waits for the next tick boundary (up to 1000/tps ms): the ack round trip shows the server's own responsiveness.
  console.log(`bench: ack round trip p50_ms=${percentile(ackLatencies, 50).toFixed(1)} p99_ms=${percentile(ackLatencies, 99).toFixed(1)}; tick period ${(1000 / tps).toFixed(0)} ms; server event loop busy=${(stats.elu * 100).toFixed(0)}% (busy but off-CPU means another process had the core); client process cpu_pct=${(((clientCpu.user + clientCpu.system) / 1000 / (wallS * 1000)) * 100).toFixed(1)}; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`players=${total} ticks_per_s=${ticksPerS.toFixed(2)} p50_ms=${percentile(latencies, 50).toFixed(1)} p99_ms=${percentile(latencies, 99).toFixed(1)} cpu_pct=${cpuPct.toFixed(1)} rss_mb=${(stats.rssBytes / 1048576).toFixed(0)}`);
}

if (process.argv.includes('--serve')) void serve();
else bench().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
