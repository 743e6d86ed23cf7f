/**
 * The arena's routes (README "Arena"; contract in server/protocol/arena.ts), merged into the
 * API's handler table by api.ts. Submissions are budgeted per address per hour (the same
 * fixed-window pattern as run submissions), capped in size, checked in the sandbox (a
 * LoadError is a 400 `invalid-policy` with its kind, nothing stored) and answered with the
 * stored entry when the same code was submitted before.
 */
import { LoadError, loadFailureOf } from '../sandbox/errors';
import { ARENA_MAX_CODE_BYTES, type ApiResponse } from '../protocol/http';
import { ArenaBusyError, type Arena } from '../arena/service';
import type { ArenaListing, ArenaSetResult } from '../db/arena-types';
import { SimulationBusyError } from '../sim';
import type { RequestAddress } from './address';
import { HOUR_MS, windowBudget } from './budget';
import { HttpError, invalidPolicy } from './errors';
import type { Ctx } from './api';

export interface ArenaApiOptions {
  /** The arena (server/arena/service.ts); without one the arena's routes answer not-found. */
  arena?: Arena;
  /** Arena submissions per address per hour (default 10). */
  arenaSubmitsPerHour?: number;
}

type ArenaRoute = 'arenaBoard' | 'arenaSubmit' | 'arenaEntry' | 'arenaReplay';
type ArenaHandlers = { [K in ArenaRoute]: (ctx: Ctx<K>) => Promise<ApiResponse<K>> };

export const DEFAULT_ARENA_SUBMITS_PER_HOUR = 10;

export function createArenaHandlers(options: ArenaApiOptions & { now: () => number; addressOf: RequestAddress }): ArenaHandlers {
  const perHour = options.arenaSubmitsPerHour ?? DEFAULT_ARENA_SUBMITS_PER_HOUR;
  const budget = windowBudget(perHour, HOUR_MS, options.now);
  const arenaOrThrow = (): Arena => {
    if (!options.arena) throw new HttpError('not-found', 'the arena is not running on this server');
    return options.arena;
  };
  const wireEntry = (a: Arena, e: ArenaListing & { rank: number | null }) => ({
    id: e.id, rank: e.rank, name: e.name, description: e.description, bot: e.bot, status: e.status, setsDone: e.setsDone, sets: a.sets.length,
    totals: e.totals, fault: e.fault, createdAt: e.createdAt.toISOString(),
  });
  const wireResult = (a: Arena, r: ArenaSetResult) => ({ ...r, utilisation: a.sets[r.setIndex]?.utilisation ?? 0, mdShare: a.sets[r.setIndex]?.mdShare ?? 0 });
  const rankOf = async (a: Arena, id: string) => (await a.board()).find((e) => e.id === id)?.rank ?? null;

  return {
    arenaBoard: async () => {
      const a = arenaOrThrow();
      const s = a.suite;
      return {
        suite: {
          version: s.version, key: a.key, cpus: s.cpus, tasks: s.tasks, utilisation: [...s.utilisation], mdShares: [...s.mdShares],
          setsPerCell: s.setsPerCell, sets: a.sets.length, duration: s.duration, seeds: 'hidden' as const,
        },
        limits: { maxCodeBytes: ARENA_MAX_CODE_BYTES, submissionsPerHour: perHour, maxQueued: a.maxQueued },
        entries: (await a.board()).map((e) => wireEntry(a, e)),
      };
    },
    arenaSubmit: async ({ req, body }) => {
      const a = arenaOrThrow();
      const address = options.addressOf(req);
      const waitMs = budget(address);
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        throw new HttpError('rate-limited', `too many arena submissions from this address (${perHour} an hour); try again in ${seconds} s`, seconds);
      }
      const bytes = Buffer.byteLength(body.code, 'utf8');
      if (bytes > ARENA_MAX_CODE_BYTES) throw new HttpError('too-large', `the code is ${bytes} bytes; the arena takes at most ${ARENA_MAX_CODE_BYTES}`);
      let out;
      try {
        out = await a.submit({ name: body.name, description: body.description, code: body.code, address });
      } catch (e) {
        if (e instanceof LoadError) throw invalidPolicy(loadFailureOf(e));
        if (e instanceof ArenaBusyError) throw new HttpError('busy', e.message, e.retryAfterSeconds);
        throw e;
      }
      const { code: _code, ...listing } = out.submission;
      return { entry: wireEntry(a, { ...listing, rank: await rankOf(a, listing.id) }), duplicate: !out.created };
    },
    arenaEntry: async ({ params }) => {
      const a = arenaOrThrow();
      const found = await a.entry(params.id);
      if (!found) throw new HttpError('not-found', `there is no arena entry "${params.id}"`);
      const { code, ...listing } = found.submission;
      return { entry: wireEntry(a, { ...listing, rank: found.rank }), code, results: found.results.map((r) => wireResult(a, r)) };
    },
    arenaReplay: async ({ params }) => {
      const a = arenaOrThrow();
      let found;
      try {
        found = await a.replay(params.id, params.set);
      } catch (e) {
        if (e instanceof SimulationBusyError) throw new HttpError('busy', `the arena is busy evaluating; try again in ${e.retryAfterSeconds} s`, e.retryAfterSeconds);
        throw e;
      }
      if (!found) throw new HttpError('not-found', `there is no set ${params.set} of arena entry "${params.id}"`);
      return {
        entry: { id: found.submission.id, name: found.submission.name },
        scenario: found.replay.scenario,
        result: wireResult(a, found.replay.result),
        frames: found.replay.frames as ApiResponse<'arenaReplay'>['frames'],
      };
    },
  };
}
