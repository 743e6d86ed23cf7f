/**
 * Trust: a run reaches a leaderboard only after the server has re-simulated its action log
 * and got the same final hash and score. Anything else is stored, marked unverified, and
 * never ranked (the repositories rank verified runs only).
 *
 * What ranks on a scenario's (and the daily's, and the campaign's) boards: a verified run on
 * the scenario's own seed, with its own balancer, played to the end, counted once per content
 * (runContentKey: first submitter wins; a log with no moves counts for everyone who has it). Outside rooms a run breaking the seed or balancer rule
 * is stored unverified (other-seed, other-bot) and a resubmitted log of another player's run is
 * refused (DuplicateRunError: nothing stored). A room run that breaks a rule (a seed the host
 * chose, another balancer, a round ended early, a co-op log already credited to a teammate) is
 * verified and ranks in its room only.
 */
import { dailyScenario, normalizeBotName, parseActionLog, scenarioToJson } from '../engine';
import { dailyDateOf } from '../protocol/http';
import { inlineSimulator, SimulationFailedError, SimulationTimeoutError, type ClaimVerdict, type Simulator } from '../sim';
import { runContentKey, toScenarioDocOrThrow } from './scenarios';
import type { Repositories, RunRecord, ScenarioDoc, ScenarioRecord, ScenarioVersionRef } from './types';

export interface RunClaim {
  playerId: string;
  /** Shown on boards (defaults to the player's nickname). */
  nickname?: string;
  seed: number;
  actions: unknown;
  finalHash: string;
  score: number;
  /** The balancer that played alongside (defaults to the scenario's). */
  bot?: string;
  roomId?: string | null;
  /** Ticks played, when the round was ended early; omitted for a complete run. */
  ticks?: number;
  startedAt?: Date | null;
  finishedAt?: Date;
  /**
   * Another player's identical log (see NewRun.contentKey): refused with DuplicateRunError
   * (the HTTP API's default: nothing stored) or stored without counting globally (the
   * default in a room, and always for runs the rooms finished: they are never lost).
   */
  duplicates?: 'refuse' | 'credit-first';
  /** The writer's stable id for this run: a retried submission with it stores nothing new (NewRun.idempotencyKey). */
  idempotencyKey?: string;
}

export interface SubmitResult {
  run: RunRecord;
  verified: boolean;
  /**
   * Why it was not verified: hash-mismatch, score-mismatch, invalid-actions, invalid-bot, bad-ticks,
   * other-bot, other-seed, invalid-scenario (a stored version the validator now refuses), timeout
   * (the re-simulation ran past the pool's time budget), simulation-failed (its worker died, e.g.
   * out of memory).
   */
  reason?: string;
  /** The server's own result (null when the log could not be simulated). */
  result: ClaimVerdict['result'];
}

export interface SubmitOptions {
  /** Where the re-simulation runs (the server's worker pool); default inline, on this thread. */
  simulator?: Simulator;
  /** An HTTP submission is refused (SimulationBusyError) when the pool's queue is full; a room's run waits. */
  refuseWhenBusy?: boolean;
  /** Already checked (a co-op log stored for each teammate is simulated once). */
  verdict?: ClaimVerdict;
}

const inline = inlineSimulator();

/**
 * The server's verdict on a claim, from the simulator (checkClaim on a worker thread). A
 * re-simulation past the time budget, or whose worker died, is a verdict too: unverified
 * ("timeout", "simulation-failed"), the run kept and never ranked.
 */
export async function verifyClaim(scenario: ScenarioRecord, claim: Omit<RunClaim, 'playerId'>, options: SubmitOptions = {}): Promise<ClaimVerdict> {
  const simulator = options.simulator ?? inline;
  try {
    return await simulator.run({
      kind: 'verify',
      input: {
        scenario: scenario.json, builtin: scenario.kind === 'builtin', inRoom: Boolean(claim.roomId),
        seed: claim.seed, actions: claim.actions, finalHash: claim.finalHash, score: claim.score,
        ...(claim.bot !== undefined ? { bot: claim.bot } : {}), ...(claim.ticks !== undefined ? { ticks: claim.ticks } : {}),
      },
    }, { refuseWhenBusy: options.refuseWhenBusy ?? false });
  } catch (e) {
    // Busy is the caller's to answer (HTTP 503); a run that could not be re-simulated is kept, unranked.
    if (!(e instanceof SimulationTimeoutError || e instanceof SimulationFailedError)) throw e;
    const parsed = parseActionLog(claim.actions);
    const bot = claim.bot ?? scenario.json.balancer ?? 'none';
    return { actions: parsed.ok ? parsed.value : [], bot: normalizeBotName(bot) ?? bot, result: null, reason: e instanceof SimulationTimeoutError ? 'timeout' : 'simulation-failed', verified: false, countsGlobally: false, stars: null };
  }
}

/**
 * Verifies and stores a run on `scenario`'s current version. Campaign levels (built-ins)
 * also get stars against the bots, which update progress when the run is verified.
 */
export async function submitRun(repos: Repositories, scenario: ScenarioRecord, claim: RunClaim, options: SubmitOptions = {}): Promise<SubmitResult> {
  const player = await repos.players.getById(claim.playerId);
  if (!player) throw new Error('unknown player');
  const v = options.verdict ?? await verifyClaim(scenario, claim, options);
  const { actions, bot, result, reason } = v;
  const run = await repos.runs.saveRun({
    playerId: player.id,
    nickname: claim.nickname ?? player.nickname,
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    roomId: claim.roomId ?? null,
    seed: claim.seed,
    bot,
    actions,
    // Claimed values are kept as claimed; the metrics are always the server's own.
    finalHash: claim.finalHash,
    score: claim.score,
    metrics: result?.metrics ?? null,
    met: result?.metrics.met ?? 0,
    missed: result?.metrics.missed ?? 0,
    stranded: result?.metrics.strandedCpuTicks ?? 0,
    stars: v.stars,
    verified: v.verified,
    verifyNote: reason ?? null,
    countsGlobally: v.countsGlobally,
    // A log with no moves is nobody's work (every idle player has it): it counts for each.
    contentKey: actions.length > 0 ? runContentKey({ scenarioId: scenario.id, scenarioVersion: scenario.version, seed: claim.seed, bot, actions }) : null,
    // A room's co-op log is every teammate's: stored for each, counted for the first.
    onDuplicate: claim.duplicates ?? (claim.roomId ? 'credit-first' : 'refuse'),
    idempotencyKey: claim.idempotencyKey ?? null,
    startedAt: claim.startedAt ?? null,
    finishedAt: claim.finishedAt ?? new Date(),
  });
  return { run, verified: run.verified, ...(reason ? { reason } : {}), result };
}

/** The daily challenge's scenario row for a date (generated by the engine, the same for everyone). */
export async function dailyScenarioRecord(repos: Repositories, date: string): Promise<ScenarioRecord> {
  return repos.scenarios.ensureDaily(toScenarioDocOrThrow(scenarioToJson(dailyScenario(date))));
}

/**
 * The stored version a room's scenario file was played on. Today's daily played in a room is
 * the daily itself (its row is created first if nobody fetched it yet); any other file is
 * found by content or stored content-addressed (ScenarioRepo.resolve), never under a slug.
 */
export async function resolveRoomScenario(repos: Repositories, doc: ScenarioDoc): Promise<ScenarioVersionRef> {
  const date = dailyDateOf(doc.slug);
  if (date) {
    const daily = toScenarioDocOrThrow(scenarioToJson(dailyScenario(date)));
    if (daily.hash === doc.hash) await repos.scenarios.ensureDaily(daily);
  }
  return repos.scenarios.resolve(doc);
}

export interface RoomResultRow {
  nickname: string;
  score: number;
  met: number;
  missed: number;
  stranded: number;
  /** Rank among verified runs (null for an unverified run: it is never ranked). */
  rank: number | null;
  verified: boolean;
  runId: string;
  playerId: string;
}

/**
 * A room's results, one row per player: their best verified run, ranked (ties: earlier
 * finish); players with no verified run get their best unverified run, unranked, after.
 */
export async function roomResults(repos: Repositories, roomCode: string): Promise<RoomResultRow[] | null> {
  const room = await repos.rooms.getByCode(roomCode);
  if (!room) return null;
  const runs = await repos.runs.listRoomRuns(room.id);
  const board = await repos.leaderboards.room(room.id, { limit: Number.MAX_SAFE_INTEGER });
  const byId = new Map(runs.map((r) => [r.id, r]));
  const rows: RoomResultRow[] = board.entries.map((e) => {
    const r = byId.get(e.runId)!;
    return { nickname: r.nickname, score: r.score, met: r.met, missed: r.missed, stranded: r.stranded, rank: e.rank, verified: true, runId: r.id, playerId: r.playerId };
  });
  const ranked = new Set(rows.map((r) => r.playerId));
  const unverified = new Map<string, RunRecord>();
  for (const r of runs) {
    if (ranked.has(r.playerId) || r.verified) continue;
    const cur = unverified.get(r.playerId);
    if (!cur || r.score > cur.score) unverified.set(r.playerId, r);
  }
  for (const r of [...unverified.values()].sort((a, b) => b.score - a.score || a.finishedAt.getTime() - b.finishedAt.getTime())) {
    rows.push({ nickname: r.nickname, score: r.score, met: r.met, missed: r.missed, stranded: r.stranded, rank: null, verified: false, runId: r.id, playerId: r.playerId });
  }
  return rows;
}
