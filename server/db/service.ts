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
import { compareFigures, rankRows, roomTotals, type RoundEntry, type TotalRow } from '../protocol/ranking';
import { runContentKey, toScenarioDocOrThrow } from './scenarios';
import type { Repositories, RoomRecord, RunRecord, ScenarioDoc, ScenarioRecord, ScenarioVersionRef } from './types';

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
  /** A room's round (from 1). */
  round?: number;
  /** The host removed the player during that round (kept, listed as removed). */
  removed?: boolean;
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
    ...(claim.roomId ? { round: claim.round ?? 1, removed: claim.removed ?? false } : {}),
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

/** One player's result in one round of a room. */
export interface RoomResultCell {
  runId: string;
  score: number;
  met: number;
  missed: number;
  stranded: number;
  /** By the one ranking rule within the round (protocol/ranking.ts); null when removed or unverified. */
  rank: number | null;
  /** played: ranked; removed: the host removed the player during the round; unverified: the server could not verify the run. */
  status: 'played' | 'removed' | 'unverified';
  finishedAt: Date;
}

export interface RoomRoundInfo {
  round: number;
  scenarioSlug: string;
  title: string;
  seed: number;
  /** The players of the round (player ids) in its rank order. */
  order: string[];
}

export interface RoomResultsRow {
  playerId: string;
  /** The latest nickname the player used in the room. */
  nickname: string;
  /** Removed by the host in some round: listed, never ranked in the totals. */
  removed: boolean;
  /** By round number; absent: the player was not in that round. */
  rounds: Record<number, RoomResultCell>;
  total: Omit<TotalRow, 'id' | 'nick'>;
}

export interface RoomResults {
  room: RoomRecord;
  rounds: RoomRoundInfo[];
  /** In total-rank order (ranked first, then the removed and unranked). */
  rows: RoomResultsRow[];
}

/** A player's result in a round when they have several runs in it: a verified one first, then the best figures. */
function preferRun(a: RunRecord, b: RunRecord): boolean {
  if (a.verified !== b.verified) return a.verified;
  return compareFigures(a, b) < 0;
}

/**
 * A room's results: every round (runs before rounds were stored count as round 1), one
 * cell per player per round ranked by the one ranking rule, and totals over the rounds
 * ranked by the same rule (protocol/ranking.ts). The CSV export, the room leaderboard
 * and its JSON all read this.
 */
export async function roomResults(repos: Repositories, roomCode: string): Promise<RoomResults | null> {
  const room = await repos.rooms.getByCode(roomCode.toUpperCase());
  if (!room) return null;
  const runs = await repos.runs.listRoomRuns(room.id);
  const byRound = new Map<number, Map<string, RunRecord>>();
  for (const r of runs) {
    const n = r.round ?? 1;
    let m = byRound.get(n);
    if (!m) byRound.set(n, (m = new Map()));
    const cur = m.get(r.playerId);
    if (!cur || preferRun(r, cur)) m.set(r.playerId, r);
  }
  const numbers = [...byRound.keys()].sort((a, b) => a - b);
  const titles = new Map<string, { slug: string; title: string }>();
  const rounds: RoomRoundInfo[] = [];
  const cells = new Map<string, Record<number, RoomResultCell>>();
  const entries: RoundEntry[][] = [];
  for (const n of numbers) {
    const m = byRound.get(n)!;
    const any = [...m.values()][0];
    if (!titles.has(any.scenarioId)) {
      const s = await repos.scenarios.getById(any.scenarioId);
      titles.set(any.scenarioId, { slug: s?.slug ?? any.scenarioId, title: s?.title ?? '' });
    }
    const t = titles.get(any.scenarioId)!;
    const ranked = rankRows([...m.values()].map((r) => ({ run: r, id: r.playerId, nick: r.nickname, score: r.score, missed: r.missed, stranded: r.stranded, unranked: r.removed || !r.verified })));
    for (const { run: r, rank } of ranked) {
      const row = cells.get(r.playerId) ?? {};
      row[n] = { runId: r.id, score: r.score, met: r.met, missed: r.missed, stranded: r.stranded, rank, status: r.removed ? 'removed' : r.verified ? 'played' : 'unverified', finishedAt: r.finishedAt };
      cells.set(r.playerId, row);
    }
    rounds.push({ round: n, scenarioSlug: t.slug, title: t.title, seed: any.seed, order: ranked.map((x) => x.run.playerId) });
    entries.push(ranked.map(({ run: r }) => ({ id: r.playerId, nick: r.nickname, score: r.score, met: r.met, missed: r.missed, stranded: r.stranded, removed: r.removed, excluded: !r.verified })));
  }
  const rows = roomTotals(entries).map(({ id, nick, ...total }) => ({ playerId: id, nickname: nick, removed: total.removed, rounds: cells.get(id) ?? {}, total }));
  return { room, rounds, rows };
}

export interface RoomBoardEntry {
  rank: number | null;
  playerId: string;
  nickname: string;
  score: number;
  removed: boolean;
  runId: string;
  finishedAt: Date;
}

/**
 * The room's latest round as a leaderboard: one entry per player in the round's rank
 * order (the same cells as roomResults), removed and unverified players last, unranked.
 */
export async function roomBoard(repos: Repositories, roomCode: string, opts: { limit: number; playerId?: string }): Promise<{ room: RoomRecord; round: number | null; scenarioSlug: string; entries: RoomBoardEntry[]; me: RoomBoardEntry | null } | null> {
  const results = await roomResults(repos, roomCode);
  if (!results) return null;
  const last = results.rounds.at(-1);
  const byPlayer = new Map(results.rows.map((r) => [r.playerId, r]));
  const all: RoomBoardEntry[] = (last?.order ?? []).map((playerId) => {
    const row = byPlayer.get(playerId)!;
    const c = row.rounds[last!.round];
    return { rank: c.rank, playerId, nickname: row.nickname, score: c.score, removed: c.status === 'removed', runId: c.runId, finishedAt: c.finishedAt };
  });
  return {
    room: results.room, round: last?.round ?? null, scenarioSlug: last?.scenarioSlug ?? results.room.scenarioSlug,
    entries: all.slice(0, opts.limit), me: (opts.playerId && all.find((e) => e.playerId === opts.playerId)) || null,
  };
}
