/**
 * Load figures for the real-time server:
 *
 *   npm run bench:load -- [--nodes N [--no-affinity]] --rooms R --players P [--ticks 300] [--tps 10] [--quiet-every K]
 *
 * (--quiet-every k: a run with nothing new, no events and its picture as the clients predict
 * it, sends a frame only every k ticks; the server's default is RoomConfig's, 5; 1: a frame every
 * tick.)
 *
 * Starts the real server (createApplication, in-memory storage) in a child
 * process, connects R x P Socket.IO clients from this process, one race room per
 * R with a host, and plays one round: each player makes a move every 2 to 5
 * seconds, chosen from what its last frame shows (a waiting task to the least
 * busy CPU), like a person would. Latency is from sending an action to receiving
 * the first frame of that player's run whose tick shows it (the action applies
 * at the tick the ack names; frame.tick > that tick shows it).
 *
 * With --nodes N the server is N cluster processes (server/cluster/node.ts) behind nginx with a
 * Redis between them (scripts/cluster.ts; each process keeps its own in-memory storage: no
 * failover here), and every client connects through the proxy: rooms land on the process their
 * host reached, players on any. A player told that its room lives on another process (room
 * affinity, room:moved) reconnects on that process's path and resumes its seat, as the browser
 * does (app/lib/affinity.ts), before the round starts; the bench prints how many moved. With
 * --no-affinity the processes tell nothing (AFFINITY=0): with N > 1 most moves and frames then
 * cross Redis. Without --nodes, one server process is reached directly, as before.
 *
 * The last line is:
 *   nodes=N players=P ticks_per_s=T p50_ms=A p99_ms=B added_p50_ms=C added_p99_ms=D cpu_pct=E rss_mb=F
 * cpu_pct and rss_mb are the server processes' together (not nginx's, Redis's or the clients':
 * those are on the line before); ticks_per_s is per room. `added` is the latency minus the wait
 * for the tick boundary: each room's ticks are due on a fixed schedule (TickScheduler), whose
 * phase is estimated as the earliest any of the room's frames arrived relative to its tick
 * (min over frames of arrival - tick x period); a move's added time is then its frame's
 * arrival minus that frame's scheduled tick time: what the servers, the proxy and Redis add.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance as nodePerf } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { io as connectClient, type Socket } from 'socket.io-client';
// socket.io-client's own parser (a dependency of it, the same version): the bench decodes frames its own way.
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import { dailyScenario, scenarioToJson } from '../server/engine';
import { DEFAULT_ROOM_CONFIG } from '../server/rooms';
import {
  FrameAssembler, PROTOCOL_VERSION, type ClientToServerEvents, type Frame, type ServerToClientEvents, type WireFrame,
} from '../server/protocol';
import { RoomAffinity } from '../app/lib/affinity';
import { runCluster, type RunningCluster } from './cluster';

/**
 * A frame as a bench client gets it: tick and version read from its head, the rest parsed only
 * when the player looks at the board to choose a move (every few seconds). 2,000 clients share
 * the server's two cores: parsing every frame whole cost them about a fifth of their CPU.
 */
class LazyFrame {
  constructor(readonly tick: number, readonly version: number, readonly packet: string) {}
}

/**
 * A player's run as the browser holds it (protocol/frames.ts: the first frame whole, then what
 * changed), assembled only when the player looks: the frames since the last look are parsed
 * and applied in order then.
 */
class LazyRun {
  private readonly assembler = new FrameAssembler();
  private unread: LazyFrame[] = [];
  private last: Frame | null = null;
  add(f: LazyFrame): void {
    this.unread.push(f);
  }
  look(): Frame | null {
    for (const f of this.unread) this.last = this.assembler.accept((JSON.parse(f.packet) as [string, WireFrame])[1]) ?? this.last;
    this.unread = [];
    return this.last;
  }
}

/** The head of a frame event as the server encodes it (protocol's Frame: roomId, runId, tick, version first). */
const FRAME_HEAD = /^2\["frame",\{"roomId":"[^"]*","runId":"[^"]*","tick":(\d+),"version":(\d+),/;

/** Socket.IO's decoder, except that a frame event becomes a LazyFrame (anything else, or a frame it cannot read, as usual). */
class LazyFrameDecoder extends Decoder {
  override add(obj: unknown): void {
    const head = typeof obj === 'string' ? FRAME_HEAD.exec(obj) : null;
    if (!head) return super.add(obj);
    this.emitReserved('decoded', { type: PacketType.EVENT, nsp: '/', data: ['frame', new LazyFrame(Number(head[1]), Number(head[2]), (obj as string).slice(1))] });
  }
}

type BenchServerEvents = Omit<ServerToClientEvents, 'frame'> & { frame: (f: LazyFrame) => void };
type Client = Socket<BenchServerEvents, ClientToServerEvents>;

interface ServerStats { cpuMicros: number; wallMs: number; rssBytes: number; ticks: number; rooms: number; elu: number; delayP99Ms: number; delayMaxMs: number }
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
  const { SimulationPool } = await import('../server/sim');
  // As the server runs (serve.ts): rounds' baselines on the worker pool, not on the rooms' event loop.
  const simulator = new SimulationPool();
  await simulator.warm();
  const tps = arg('tps', 10);
  const http = createServer();
  const app = createApplication(http, {
    runSink: new MemoryRunSink(),
    baselines: (input) => simulator.run({ kind: 'baselines', input }),
    rooms: { ticksPerSecond: tps, ...(process.argv.includes('--quiet-every') ? { quietFrameEvery: arg('quiet-every', 1) } : {}) },
    // Every simulated player comes from 127.0.0.1: the per-address join and room limits would (rightly) stop them.
    limits: { joinAttempts: 1_000_000 },
    roomCaps: { roomsPerAddress: 1_000_000 },
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  let cpu0 = process.cpuUsage();
  let wall0 = performance.now();
  let elu0 = nodePerf.eventLoopUtilization();
  // How late the event loop ran what was due (a stall delays every frame queued behind it).
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
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
      send({ type: 'stats', cpuMicros: cpu.user + cpu.system, wallMs: performance.now() - wall0, rssBytes: process.memoryUsage().rss, ticks, rooms, elu, delayP99Ms: delay.percentile(99) / 1e6, delayMaxMs: delay.max / 1e6 });
      delay.reset();
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

/**
 * The server caps sockets per address (200, as a school's NAT would need): the clients come
 * from many loopback addresses, 100 each (127.1.0.1, 127.1.0.2...), as players of many
 * networks would; behind the proxy the address reaches the servers as X-Forwarded-For.
 */
let connected = 0;
const CLIENTS_PER_ADDRESS = 100;

function connect(url: string): Promise<Client> {
  const localAddress = `127.1.${Math.floor(connected / CLIENTS_PER_ADDRESS / 250)}.${1 + (Math.floor(connected / CLIENTS_PER_ADDRESS) % 250)}`;
  connected++;
  // localAddress reaches Node's socket (engine.io-client passes its options on); the client's types do not list it.
  const options = { auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false, localAddress, parser: { Encoder, Decoder: LazyFrameDecoder } };
  const socket: Client = connectClient(url, options);
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

let activeCluster: RunningCluster | null = null;

async function bench(): Promise<void> {
  const rooms = arg('rooms', 10);
  const players = arg('players', 40);
  const ticks = arg('ticks', 300);
  const tps = arg('tps', 10);
  const quietEvery = process.argv.includes('--quiet-every') ? arg('quiet-every', 1) : DEFAULT_ROOM_CONFIG.quietFrameEvery;
  const total = rooms * players;

  const nodes = process.argv.includes('--nodes') ? arg('nodes', 1) : 0;
  const affinityOn = !process.argv.includes('--no-affinity');
  let child: ChildProcess | null = null;
  let cluster: RunningCluster | null = null;
  let url: string;
  if (nodes > 0) {
    cluster = await runCluster({
      nodes, startRedis: true, databaseUrl: 'memory:', apiOnly: true,
      // No failover here (memory storage): a process starved of CPU for seconds on a loaded
      // machine must not see its rooms taken over (and forgotten, without a checkpoint).
      // CLUSTER_STATS: each process's /healthz counts the broadcasts it published to Redis.
      env: { LEASE_MS: '60000', AFFINITY: affinityOn ? '1' : '0', CLUSTER_STATS: '1' },
      ...(process.env.BENCH_CPU_PROF ? { execArgv: ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] } : {}),
      // Every simulated player comes from 127.0.0.1: the per-address limits would (rightly) stop them.
      tuning: {
        rooms: { ticksPerSecond: tps, quietFrameEvery: quietEvery },
        limits: { joinAttempts: 1_000_000, socketsPerAddress: 1_000_000, addressMessagesPerSecond: 1_000_000, addressMessageBurst: 1_000_000 },
        roomCaps: { roomsPerAddress: 1_000_000 },
      },
      log: (l) => console.log(`bench: ${l}`),
    });
    activeCluster = cluster;
    url = cluster.url;
    console.log(`bench: ${nodes} process(es) behind nginx at ${url}; connecting ${rooms} rooms x ${players} players (round of ${ticks} ticks at ${tps} ticks/s, quiet frames every ${quietEvery})`);
  } else {
    child = fork(fileURLToPath(import.meta.url), ['--serve', '--tps', String(tps), '--quiet-every', String(quietEvery)], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_TRACE_GC ? ['--trace-gc'] : []), ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = await new Promise<FromServer>((resolve) => child!.once('message', resolve));
    if (ready.type !== 'ready') throw new Error('server did not start');
    url = `http://127.0.0.1:${ready.port}`;
    console.log(`bench: server on ${url}; connecting ${rooms} rooms x ${players} players (round of ${ticks} ticks at ${tps} ticks/s, quiet frames every ${quietEvery})`);
  }
  const period = 1000 / tps;

  const scenario = { ...scenarioToJson(dailyScenario('2026-11-24')), slug: 'bench-load', duration: ticks };
  const latencies: number[] = [];
  /** Per room: the earliest arrival of a frame relative to its tick (the tick schedule's phase, plus the fastest delivery). */
  const phase: number[] = [];
  const maxTick: number[] = [];
  const samples: { room: number; arrival: number; tick: number }[] = [];
  const ackLatencies: number[] = [];
  let accepted = 0;
  let refused = 0;
  let gaps = 0;
  /** Frames the players received (per-frame CPU figures hold up better than percentages on a loaded machine). */
  let framesReceived = 0;
  const sockets: Client[] = [];
  const timers: NodeJS.Timeout[] = [];
  const ended: Promise<void>[] = [];
  const hosts: { socket: Client; roomId: string; hostToken: string }[] = [];
  const affinities: RoomAffinity[] = [];
  /** Players moving to their room's process: each settles once its seat is resumed there. */
  const moving: Promise<void>[] = [];

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
        // Room affinity: told where the room lives, reconnect there and resume the seat (before the round starts).
        const affinity = new RoomAffinity(socket);
        affinities.push(affinity);
        let token = '';
        socket.on('room:moved', (hint) => {
          if (!affinity.follow(hint, (c) => c === made.code)) return;
          moving.push(new Promise((resolve, reject) => {
            socket.once('connect', () => void socket.emitWithAck('room:resume', { code: made.code, token }).then((back) => {
              if (back.ok) resolve();
              else reject(new Error(`room:resume after a move refused: ${back.reason}`));
            }));
          }));
        });
        const joined = await socket.emitWithAck('room:join', { code: made.code, nick: `p${r}-${i}` });
        if (!joined.ok || !joined.seatId) throw new Error(`room:join refused: ${joined.ok ? 'spectator' : joined.reason}`);
        token = joined.playerToken ?? '';
        const seatId = joined.seatId;
        const mine = new LazyRun();
        let version = 0;
        const waiting: { sentAt: number; tick: number }[] = [];
        socket.on('frame', (f) => {
          const now = performance.now();
          framesReceived++;
          if (f.version !== version + 1) gaps++;
          version = f.version;
          mine.add(f);
          phase[r] = Math.min(phase[r] ?? Infinity, now - f.tick * period);
          maxTick[r] = Math.max(maxTick[r] ?? 0, f.tick);
          while (waiting.length && waiting[0].tick < f.tick) {
            latencies.push(now - waiting.shift()!.sentAt);
            samples.push({ room: r, arrival: now, tick: f.tick });
          }
        });
        ended.push(new Promise((resolve) => socket.on('run:ended', (e) => e.runId === seatId && resolve())));
        const act = () => {
          const seen = mine.look();
          const move = seen && chooseMove(seen);
          if (move) {
            const sentAt = performance.now();
            void socket.emitWithAck('game:action', { roomId: made.roomId, ...move }).then((a) => {
              ackLatencies.push(performance.now() - sentAt);
              if (a.ok) {
                accepted++;
                waiting.push({ sentAt, tick: a.tick });
              } else refused++;
            }, () => {
              // Still unanswered when the bench disconnects its clients at the end: not a sample.
            });
          }
          timers.push(setTimeout(act, 2000 + Math.random() * 3000));
        };
        timers.push(setTimeout(act, 1000 + Math.random() * 3000));
      }));
    }
  }
  // A hint follows its join's answer at once: a moment for the last ones, then every move is resumed.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await Promise.all(moving);
  const moved = affinities.reduce((n, a) => n + a.moves, 0);
  console.log(`bench: ${total} players connected; sockets moved to their room's process=${moved} (affinity ${nodes > 0 ? (affinityOn ? 'on' : 'off') : 'n/a: one process'}); starting`);

  const procs = cluster ? cluster.nodes.map((n) => n.child.pid!) : [];
  const cpu0 = procs.map(procCpuMs);
  const published0 = cluster ? await adapterPublishes(cluster) : [];
  if (child) await request(child, { type: 'stats' }); // resets the server's CPU window
  const t0 = performance.now();
  const clientCpu0 = process.cpuUsage();
  const clientDelay = monitorEventLoopDelay({ resolution: 5 });
  clientDelay.enable();
  await Promise.all(hosts.map((h) => h.socket.emitWithAck('room:control', { roomId: h.roomId, hostToken: h.hostToken, command: { op: 'start' } })));
  await Promise.all(ended);
  const wallMs = performance.now() - t0;
  const wallS = wallMs / 1000;
  const clientCpu = process.cpuUsage(clientCpu0);
  let serverCpuPct: number;
  let rssMb: number;
  let ticksPerS: number;
  let extra: string;
  if (child) {
    const stats = await request(child, { type: 'stats' });
    if (stats.type !== 'stats') throw new Error('no stats');
    serverCpuPct = (stats.cpuMicros / 1000 / stats.wallMs) * 100;
    rssMb = stats.rssBytes / 1048576;
    ticksPerS = stats.ticks / stats.rooms / wallS;
    extra = `server event loop busy=${(stats.elu * 100).toFixed(0)}% (busy but off-CPU means another process had the core), delay p99_ms=${stats.delayP99Ms.toFixed(1)} max_ms=${stats.delayMaxMs.toFixed(1)}; client event loop delay p99_ms=${(clientDelay.percentile(99) / 1e6).toFixed(1)} max_ms=${(clientDelay.max / 1e6).toFixed(1)}`;
  } else {
    const perNode = procs.map((pid, i) => ((procCpuMs(pid) - cpu0[i]) / wallMs) * 100);
    serverCpuPct = perNode.reduce((a, b) => a + b, 0);
    rssMb = procs.reduce((a, pid) => a + procRssMb(pid), 0);
    ticksPerS = maxTick.reduce((a, t) => a + t, 0) / rooms / wallS;
    const published = (await adapterPublishes(cluster!)).map((n, i) => n - published0[i]);
    extra = `per process cpu_pct=${perNode.map((x) => x.toFixed(1)).join('/')} redis_publishes=${published.join('/')}`;
  }
  for (const t of timers) clearTimeout(t);
  for (const s of sockets) s.disconnect();
  if (child) child.send({ type: 'stop' } satisfies ToServer);

  latencies.sort((a, b) => a - b);
  ackLatencies.sort((a, b) => a - b);
  // What the servers add: the frame's arrival after its tick's scheduled time.
  const added = samples.map((x) => x.arrival - (phase[x.room] + x.tick * period)).sort((a, b) => a - b);
  // The same, by where in the round the frame was: a round's first and last second (start, end, the
  // results) against its steady middle.
  const third = (lo: number, hi: number) => samples.filter((x) => x.tick > lo && x.tick <= hi).map((x) => x.arrival - (phase[x.room] + x.tick * period)).sort((a, b) => a - b);
  const edge = 1000 / period;
  const middle = third(edge, ticks - edge);
  const ends = third(ticks - edge, Infinity);
  console.log(`bench: added latency in the round's middle (ticks ${edge}-${ticks - edge}) p50_ms=${percentile(middle, 50).toFixed(1)} p99_ms=${percentile(middle, 99).toFixed(1)} samples=${middle.length}; in its last second p50_ms=${percentile(ends, 50).toFixed(1)} p99_ms=${percentile(ends, 99).toFixed(1)} samples=${ends.length}`);
  console.log(`bench: round of ${ticks} ticks took ${wallS.toFixed(1)} s; actions accepted=${accepted} refused=${refused}; latency samples=${latencies.length}; frame gaps=${gaps}; p90_ms=${percentile(latencies, 90).toFixed(1)} max_ms=${latencies.length ? latencies[latencies.length - 1].toFixed(1) : 'NaN'} added_max_ms=${added.length ? added[added.length - 1].toFixed(1) : 'NaN'}`);
  // The action waits for the next tick boundary (up to 1000/tps ms): the ack round trip shows the server's own responsiveness.
  console.log(`bench: ack round trip p50_ms=${percentile(ackLatencies, 50).toFixed(1)} p99_ms=${percentile(ackLatencies, 99).toFixed(1)}; tick period ${period.toFixed(0)} ms; ${extra}; client process cpu_pct=${(((clientCpu.user + clientCpu.system) / 1000 / wallMs) * 100).toFixed(1)}; cores ${(await import('node:os')).cpus().length}, load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  // CPU time per frame a player received (every frame of the round, each player's own): on a shared,
  // loaded machine the percentages swing with what else runs, the work per frame much less.
  const perFrame = (cpuMs: number) => ((cpuMs * 1000) / Math.max(1, framesReceived)).toFixed(1);
  console.log(`bench: sockets moved=${moved} of ${total} players; frames received=${framesReceived}; cpu per frame: server_us=${perFrame((serverCpuPct / 100) * wallMs)} client_us=${perFrame((clientCpu.user + clientCpu.system) / 1000)}`);
  if (cluster) await cluster.stop();
  activeCluster = null;
  console.log(`nodes=${Math.max(1, nodes)} players=${total} ticks_per_s=${ticksPerS.toFixed(2)} p50_ms=${percentile(latencies, 50).toFixed(1)} p99_ms=${percentile(latencies, 99).toFixed(1)} added_p50_ms=${percentile(added, 50).toFixed(1)} added_p99_ms=${percentile(added, 99).toFixed(1)} cpu_pct=${serverCpuPct.toFixed(1)} rss_mb=${rssMb.toFixed(0)}`);
}

/** Broadcasts each process published to Redis so far (its /healthz with CLUSTER_STATS=1). */
async function adapterPublishes(cluster: RunningCluster): Promise<number[]> {
  return Promise.all(cluster.nodes.map(async (n) => {
    const r = await fetch(`http://127.0.0.1:${n.port}/healthz`);
    return ((await r.json()) as { stats?: { adapterPublishes?: number } }).stats?.adapterPublishes ?? NaN;
  }));
}

/** CPU time (user + system) of a process, from /proc (Linux). */
function procCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 (1-based), in clock ticks (100 a second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function procRssMb(pid: number): number {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) / 1024 : NaN;
}

if (process.argv.includes('--serve')) void serve();
else {
  // Whatever happens, the processes, nginx and Redis started for the bench go with it.
  const fail = (e: unknown) => {
    console.error(e);
    void (activeCluster?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  };
  process.on('SIGINT', () => fail(new Error('interrupted')));
  bench().then(() => process.exit(0), fail);
}
