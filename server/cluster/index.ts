/**
 * One server process of several (REDIS_URL set): the Socket.IO Redis adapter between them, room
 * ownership by lease (leases.ts), requests forwarded to a room's owner (router.ts), and failover:
 * every second each process renews its leases and takes over rooms whose lease lapsed, from their
 * last checkpoint in the shared database (written every half second of play, and when a room not
 * running changes: lobbies, paused rounds and lobbies between rounds come back too).
 */
import { randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Application } from '../app';
import type { DurableStorage } from '../db/durable';
import type { Checkpoint, Logger } from '../rooms';
import { nodeIdSchema } from '../protocol';
import type { Simulator } from '../sim';
import { NodeBus } from './bus';
import { RoomLeases, type LeaseTimes } from './leases';
import { connectRedis, surviveRedisConnectionLoss, type Redis } from './redis';
import { ClusterRouter } from './router';

export interface ClusterOptions {
  redisUrl: string;
  /** This process's id in Redis and in the proxy's path `/node/<id>/` (default: random; nodeIdSchema). */
  nodeId?: string;
  /** Key and channel prefix, so clusters can share a Redis (default `md:`). */
  prefix?: string;
  lease?: Partial<LeaseTimes>;
  /** Tell sockets where their rooms live, so they move there (default on; README "Scaling out"). */
  affinity?: boolean;
  /** Count the adapter's publishes per Socket.IO channel too (tests: one entry per channel ever published). */
  countByChannel?: boolean;
}

export interface ClusterStats {
  /** Broadcasts this process published to Redis for the adapter (frames, standings, room states...). */
  adapterPublishes: number;
  /** Sockets of other processes with memberships in rooms owned here. */
  remoteSockets: number;
  /** With countByChannel: publishes per Socket.IO channel (`run:<room>:<seat>`, `room:<room>`). */
  byChannel?: Record<string, number>;
}

export interface Cluster {
  nodeId: string;
  stats(): ClusterStats;
  /** Stops renewing and taking over (before the rooms close: their removal is not an end). */
  stop(): Promise<void>;
  /** Gives this process's leases up, so the others take its rooms over at once, and disconnects. */
  close(): Promise<void>;
}

/**
 * The adapter publishes every broadcast without waiting for, or catching, Redis's answer: a
 * publish that times out (Redis or this process starved of CPU for seconds) would be an unhandled
 * rejection and end the process. Logged instead (at most once a second): the frame that follows
 * carries the state anyway.
 */
function publishSafely(client: Redis, logger: Logger, published: (channel: string) => void): Redis {
  let lastLog = 0;
  let failed = 0;
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop !== 'publish' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        published(String(args[0]));
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).catch((e: unknown) => {
        failed++;
        const now = Date.now();
        if (now - lastLog < 1000) return 0;
        lastLog = now;
        logger.error('adapter publish failed', { failed, error: String(e) });
        return 0;
        });
      };
    },
  });
}

interface Held {
  code: string;
}

export async function startCluster(app: Application, storage: DurableStorage, simulator: Simulator, logger: Logger, o: ClusterOptions): Promise<Cluster> {
  const nodeId = nodeIdSchema.parse(o.nodeId ?? `n-${randomBytes(6).toString('hex')}`);
  const prefix = o.prefix ?? 'md:';
  surviveRedisConnectionLoss(logger);
  const clients: Redis[] = [];
  const client = async (name: string) => {
    const c = await connectRedis(o.redisUrl, logger, name);
    clients.push(c);
    return c;
  };
  const [adapterPub, adapterSub, cmd, busSub] = await Promise.all([client('adapter-pub'), client('adapter-sub'), client('commands'), client('bus-sub')]);
  const adapterKey = `${prefix}socket.io`;
  let adapterPublishes = 0;
  const byChannel = o.countByChannel ? new Map<string, number>() : null;
  // The adapter's broadcast channel is `<key>#<namespace>#` (+ `<room>#` for one room); its requests go on `<key>-request#...`.
  const broadcastPrefix = `${adapterKey}#/#`;
  const countPublish = (channel: string) => {
    if (!channel.startsWith(`${adapterKey}#`)) return;
    adapterPublishes++;
    if (byChannel && channel.startsWith(broadcastPrefix) && channel.length > broadcastPrefix.length) {
      const room = channel.slice(broadcastPrefix.length, -1);
      byChannel.set(room, (byChannel.get(room) ?? 0) + 1);
    }
  };
  app.io.adapter(createAdapter(publishSafely(adapterPub, logger, countPublish), adapterSub, { key: adapterKey }));

  const leases = new RoomLeases(cmd, prefix, nodeId, o.lease);
  const { registry } = app;
  /** Rooms whose lease this process holds (created here, or taken over). */
  const held = new Map<string, Held>();
  /** Rooms being taken over: leased, checkpoint not loaded yet (not in the registry, not restoring). */
  const adopting = new Set<string>();

  const claim = async (roomId: string, code: string): Promise<boolean> => {
    if (!(await leases.claim(roomId, code))) return false;
    held.set(roomId, { code });
    return true;
  };

  let scanning: Promise<void> | null = null;
  /** Takes over rooms whose lease lapsed, from their last checkpoint. */
  const adopt = async (candidates: readonly { roomId: string; code: string }[], loaded?: readonly Checkpoint[]): Promise<void> => {
    const claimed: { roomId: string; code: string }[] = [];
    for (const c of candidates) {
      if (registry.byId(c.roomId) || held.has(c.roomId)) continue;
      if (await claim(c.roomId, c.code)) {
        claimed.push(c);
        adopting.add(c.roomId);
      }
    }
    if (claimed.length === 0) return;
    try {
      const ids = new Set(claimed.map((c) => c.roomId));
      const checkpoints = (loaded ?? await storage.resumable()).filter((cp) => ids.has(cp.roomId));
      const withCheckpoint = new Set(checkpoints.map((cp) => cp.roomId));
      for (const c of claimed) {
        if (withCheckpoint.has(c.roomId)) continue;
        // A room that ended (its checkpoint dropped), or one created just before its owner died,
        // its first checkpoint not written yet: nothing to bring back.
        held.delete(c.roomId);
        await leases.release(c.roomId, c.code, true);
        logger.info('lapsed room has no checkpoint: forgotten', { room: c.code });
      }
      const restoring = registry.restoreInBackground(checkpoints, {
        replayer: { replay: (request) => simulator.run({ kind: 'replay', input: request }) },
        maxRooms: checkpoints.length,
      });
      for (const id of ids) adopting.delete(id);
      const report = await restoring;
      for (const s of report.skipped) {
        const cp = checkpoints.find((x) => x.roomCode === s.code);
        if (!cp) continue;
        held.delete(cp.roomId);
        await leases.release(cp.roomId, cp.roomCode, true);
      }
      for (const code of report.restored) {
        const room = registry.byCode(code);
        if (room) router.adopted(room.id);
      }
      if (report.restored.length) logger.info('rooms taken over', { node: nodeId, rooms: report.restored });
    } finally {
      for (const c of claimed) adopting.delete(c.roomId);
    }
  };

  const scan = (): Promise<void> => {
    scanning ??= (async () => {
      try {
        await adopt(await leases.lapsed());
      } finally {
        scanning = null;
      }
    })();
    return scanning;
  };

  const router: ClusterRouter = new ClusterRouter({
    io: app.io as never, registry, edge: app.realtime, leases, logger,
    bus: () => bus,
    lapsed: () => void scan().catch((e: unknown) => logger.error('takeover failed', { error: String(e) })),
    affinity: o.affinity ?? true,
    // Sockets of the surviving processes are proved again to the new owner within an upkeep or two.
    takeoverPublishMs: Math.max(10_000, 4 * leases.times.renewEveryMs),
  });
  const bus: NodeBus = new NodeBus(cmd, busSub, prefix, nodeId, (from, body) => router.handle(from, body), logger);
  await bus.start();
  app.realtime.forward = router.forward;
  app.realtime.localOnly = router.localOnly;

  /** Renews leases (a lost one: the room goes, another process has it), forgets rooms that ended here. */
  const renew = async (): Promise<void> => {
    await leases.heartbeat();
    for (const room of registry.rooms()) if (!held.has(room.id)) held.set(room.id, { code: room.code });
    const ids = [...held.keys()];
    const lost = new Set(await leases.renew(new Map(ids.map((id) => [id, held.get(id)!.code]))));
    for (const id of ids) {
      const h = held.get(id)!;
      const room = registry.byId(id);
      if (lost.has(id)) {
        held.delete(id);
        if (room) {
          logger.error('room lease lost: another process owns the room now', { room: h.code });
          registry.remove(room);
        }
        continue;
      }
      if (!room && !registry.isRestoring(h.code) && !adopting.has(id)) {
        held.delete(id);
        await leases.release(id, h.code, true);
      }
    }
    await router.dropDeadNodes();
    // Not awaited: proving many sockets again must not hold up the next renewal of the leases.
    void router.refreshMemberships().catch((e: unknown) => logger.error('re-proving memberships failed', { error: String(e) }));
  };

  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const loop = () => {
    timer = setTimeout(() => {
      void renew().then(() => (stopped ? undefined : scan())).catch((e: unknown) => logger.error('cluster upkeep failed', { error: String(e) }))
        .finally(() => {
          if (!stopped) loop();
        });
    }, leases.times.renewEveryMs);
  };
  await leases.heartbeat();
  // Checkpointed rooms nobody owns (a restart of the whole cluster, or of this process alone).
  const resumable = await storage.resumable();
  void adopt(resumable.map((cp) => ({ roomId: cp.roomId, code: cp.roomCode })), resumable)
    .catch((e: unknown) => logger.error('restoring checkpoints failed', { error: String(e) }));
  loop();
  logger.info('cluster node started', { node: nodeId });

  const cluster: Cluster = {
    nodeId,
    stats: () => ({ adapterPublishes, remoteSockets: router.remoteSockets, ...(byChannel ? { byChannel: Object.fromEntries(byChannel) } : {}) }),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await scanning?.catch(() => undefined);
    },
    async close() {
      await cluster.stop();
      bus.close();
      try {
        // Not forgotten: the checkpoints just flushed bring the rooms back on another process.
        await Promise.all([...held].map(([id, h]) => leases.release(id, h.code, false)));
      } finally {
        await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
      }
    },
  };
  return cluster;
}
