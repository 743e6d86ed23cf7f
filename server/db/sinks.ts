/**
 * Adapters from the rooms layer's ports (server/rooms/ports.ts) to the repositories:
 * - checkpoints: the room row, its seats as participants (players found or created by seat
 *   token hash) and the resumable state (seed + action logs), written about every second of play
 *   and when a room not running changes;
 * - finished runs: verified by re-simulation (once per log, on the simulator: the server's worker
 *   pool) and stored against the room (co-op: for every teammate).
 * Writes for one room are queued in order, so a run is never stored before its room row and
 * a drop never races a pending checkpoint.
 */
import type { Action } from '../engine';
import type { Checkpoint, CheckpointSink, FinishedRun, RunSink } from '../rooms/ports';
import { toScenarioDocOrThrow } from './scenarios';
import type { Simulator } from '../sim';
import { resolveRoomScenario, submitRun, verifyClaim } from './service';
import { hashToken, newPlayerToken } from './tokens';
import type { Repositories, RoomRecord } from './types';

type CheckpointMeta = Omit<Checkpoint, 'logs' | 'savedAt' | 'tick' | 'seed'>;

const queues = new WeakMap<Repositories, Map<string, Promise<unknown>>>();

/**
 * Lets the event loop run (timers, sockets) before going on. SQLite answers synchronously,
 * so a chain of awaited queries never yields by itself: without this, writing a class's
 * 40 seats at the start of a round held every room's clock and every message for seconds.
 */
function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs `task` after every earlier task for the same room (a failed task does not block the next). */
function enqueue<T>(repos: Repositories, roomCode: string, task: () => Promise<T>): Promise<T> {
  let perRepo = queues.get(repos);
  if (!perRepo) queues.set(repos, (perRepo = new Map()));
  const prev = perRepo.get(roomCode) ?? Promise.resolve();
  const run = () => yieldToLoop().then(task);
  const next = prev.then(run, run);
  const settled = next.catch(() => undefined);
  perRepo.set(roomCode, settled);
  void settled.then(() => {
    if (perRepo.get(roomCode) === settled) perRepo.delete(roomCode);
  });
  return next;
}

/**
 * Resolves once every room's queued write (checkpoints, finished runs) has settled, those
 * queued meanwhile included: a planned shutdown waits for it before closing the database,
 * so the runs of a round that just ended are not lost.
 */
export async function settleWrites(repos: Repositories): Promise<void> {
  const perRepo = queues.get(repos);
  while (perRepo && perRepo.size > 0) await Promise.all([...perRepo.values()]);
}

/** Room rows need a scenario row: the room's file is matched to a stored version (or stored). */
async function ensureRoom(repos: Repositories, cp: Pick<Checkpoint, 'roomCode' | 'kind' | 'hostTokenHash' | 'ownerAccountId' | 'scenario' | 'seed' | 'status' | 'round'>, syncState = true): Promise<RoomRecord> {
  const found = await repos.rooms.getByCode(cp.roomCode);
  // The lobby of a room's next round: the room ended with its last round and is live again. Only a
  // later round reopens it, so a late write of an earlier round's state never does.
  if (found && syncState && found.state === 'ended' && cp.status === 'lobby' && (cp.round ?? 1) > 1) return (await repos.rooms.reopen(cp.roomCode))!;
  // A room that is over stays over (RoomRepo.updateState): nothing to sync.
  if (found && (!syncState || found.state === 'ended')) return found;
  if (found) {
    if (found.state !== cp.status) return (await repos.rooms.updateState(cp.roomCode, cp.status, cp.status === 'running' && !found.startedAt ? { startedAt: new Date() } : undefined))!;
    return found;
  }
  const ref = await resolveRoomScenario(repos, toScenarioDocOrThrow(cp.scenario));
  try {
    return await repos.rooms.create({ code: cp.roomCode, kind: cp.kind, hostTokenHash: cp.hostTokenHash, scenarioId: ref.scenarioId, scenarioVersion: ref.version, seed: cp.seed, state: cp.status, ownerAccountId: cp.ownerAccountId ?? null });
  } catch (e) {
    const again = await repos.rooms.getByCode(cp.roomCode);
    if (again) return again;
    throw e;
  }
}

export function createCheckpointSink(repos: Repositories): CheckpointSink {
  // Seats written per room (seat id -> what was written), so only the participant rows of seats
  // that changed are touched: a lobby is checkpointed as a class joins, 40 seats one after another.
  const seatsWritten = new Map<string, Map<string, string>>();
  return {
    saveCheckpoint(cp: Checkpoint) {
      return enqueue(repos, cp.roomCode, async () => {
        await ensureRoom(repos, cp);
        const before = seatsWritten.get(cp.roomCode);
        const now = new Map(cp.seats.map((s) => [s.seatId, JSON.stringify([s.nick, s.tokenHash, s.removed === true])]));
        // A seat removed during the round is kept in the room's results but leaves its participants.
        const present = cp.seats.filter((x) => !x.removed);
        for (const s of present) {
          if (before?.get(s.seatId) === now.get(s.seatId)) continue;
          await yieldToLoop();
          const player = await repos.players.ensure({ tokenHash: s.tokenHash, nickname: s.nick });
          await repos.rooms.addParticipant(cp.roomCode, { playerId: player.id, nickname: s.nick, seatKey: s.seatId });
        }
        // Participants are marked kicked when a seat went or was removed (and once per room per process: the first write).
        if (!before || [...before.keys()].some((id) => before.get(id) !== now.get(id))) {
          const ids = new Set(present.map((s) => s.seatId));
          for (const p of await repos.rooms.listParticipants(cp.roomCode)) if (!ids.has(p.seatKey)) await repos.rooms.kick(cp.roomCode, p.seatKey);
        }
        seatsWritten.set(cp.roomCode, now);
        const { logs, savedAt, tick, seed, ...meta } = cp;
        await repos.rooms.saveCheckpoint({ roomCode: cp.roomCode, round: cp.round ?? 1, tick, seed, logs, extra: meta satisfies CheckpointMeta, savedAt });
      });
    },
    dropCheckpoint(roomCode: string) {
      return enqueue(repos, roomCode, async () => {
        seatsWritten.delete(roomCode);
        await repos.rooms.dropCheckpoint(roomCode);
        const room = await repos.rooms.getByCode(roomCode);
        if (room && room.state !== 'ended') await repos.rooms.updateState(roomCode, 'ended', { finishedAt: new Date() });
      });
    },
  };
}

/** The rooms to bring back after a restart, as the rooms layer's Checkpoint (pass each to registry.resumeFromCheckpoint). */
export async function loadCheckpoints(repos: Repositories): Promise<Checkpoint[]> {
  const out: Checkpoint[] = [];
  for (const c of await repos.rooms.listResumable()) {
    const meta = c.extra as CheckpointMeta;
    if (!meta || typeof meta !== 'object' || !('roomId' in meta)) continue;
    out.push({ ...meta, tick: c.tick, seed: c.seed, logs: c.logs as Record<string, Action[]>, savedAt: c.savedAt });
  }
  return out;
}

export interface RunSinkOptions {
  /** Where finished runs are re-simulated (the server's worker pool); default inline. `flush()` waits for every save begun. */
  simulator?: Simulator;
}

export function createRunSink(repos: Repositories, options: RunSinkOptions = {}): RunSink & { flush(): Promise<void> } {
  /** The seat's token hash names the player (the same hash as a player token: one identity). */
  async function playerFor(tokenHash: string | undefined, nick: string, room: RoomRecord | null, seatKey: string | undefined) {
    if (tokenHash) return repos.players.ensure({ tokenHash, nickname: nick });
    if (room && seatKey) {
      const p = (await repos.rooms.listParticipants(room.code, { includeKicked: true })).find((x) => x.seatKey === seatKey);
      if (p) return (await repos.players.getById(p.playerId))!;
    }
    if (room) {
      const p = (await repos.rooms.listParticipants(room.code, { includeKicked: true })).find((x) => x.nickname === nick);
      if (p) return (await repos.players.getById(p.playerId))!;
    }
    // Nobody holds a token for this seat (a solo run without one): an anonymous player of its own.
    return repos.players.create({ tokenHash: hashToken(newPlayerToken()), nickname: nick });
  }

  async function save(run: FinishedRun): Promise<void> {
    const room = run.roomCode
      ? await ensureRoom(repos, { roomCode: run.roomCode, kind: run.kind, hostTokenHash: '', scenario: run.scenario, seed: run.seed, status: 'ended' }, false)
      : null;
    // Each round may play another scenario: the run's own file names the version (found by content).
    const ref = await resolveRoomScenario(repos, toScenarioDocOrThrow(run.scenario));
    const scenario = await repos.scenarios.getById(ref.scenarioId);
    if (!scenario) throw new Error(`scenario ${run.scenarioSlug} vanished`);
    // Verification needs the exact version the run was played on.
    const json = ref.version === scenario.version ? scenario.json : await repos.scenarios.getVersion(scenario.id, ref.version);
    const atVersion = { ...scenario, version: ref.version, json: json ?? scenario.json };
    const seats = run.kind === 'coop' && run.players?.length
      ? run.players.map((p) => ({ nick: p.nick, tokenHash: p.tokenHash, seatKey: p.seatId, removed: p.removed }))
      : [{ nick: run.playerNick ?? 'anonymous', tokenHash: run.tokenHash, seatKey: run.playerId, removed: run.removed === true }];
    const claim = {
      ...(run.round !== undefined ? { round: run.round } : {}),
      seed: run.seed,
      actions: run.actions,
      finalHash: run.finalHash,
      score: run.score,
      bot: run.bot,
      roomId: room?.id ?? null,
      ...(run.complete ? {} : { ticks: run.ticks }),
      finishedAt: run.endedAt,
      duplicates: 'credit-first' as const,
    };
    // One log, one re-simulation: a co-op run is stored for every teammate with the same verdict.
    const verdict = await verifyClaim(atVersion, claim, options.simulator ? { simulator: options.simulator } : {});
    for (const [i, seat] of seats.entries()) {
      await yieldToLoop();
      const player = await playerFor(seat.tokenHash, seat.nick, room, seat.seatKey);
      await submitRun(repos, atVersion, {
        ...claim, playerId: player.id, nickname: seat.nick, removed: seat.removed,
        // One row per teammate in co-op; the same key on a retry finds the row already stored.
        idempotencyKey: seats.length > 1 ? `${run.key}/${i}` : run.key,
      }, { verdict });
    }
  }

  const inFlight = new Set<Promise<void>>();
  return {
    saveFinishedRun(run: FinishedRun) {
      const saving = run.roomCode ? enqueue(repos, run.roomCode, () => save(run)) : save(run);
      inFlight.add(saving);
      void saving.catch(() => undefined).finally(() => inFlight.delete(saving));
      return saving;
    },
    async flush() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
