/**
 * Assignments (self-paced homework; contract in server/protocol/teach.ts, README
 * "Assignments and class history"), merged into the API's handler table by api.ts. A
 * teacher's routes ask the AccountResolver who is signed in; another teacher's assignment
 * is answered as unknown (404). A student's run is verified exactly as POST /api/runs
 * (service.ts submitRun, on the pinned scenario version) and recorded as an attempt; its
 * number is reserved first, so the attempts limit holds under concurrent submissions, and
 * given back when nothing was stored.
 */
import { randomInt } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ApiResponse } from '../protocol/http';
import { hashToken } from '../db/tokens';
import { submitRun } from '../db/service';
import { assignmentStandings, assignmentState, type StudentStanding } from '../db/assignment-results';
import { AssignmentCodeTakenError, type AssignmentRecord, type AttemptRecord } from '../db/teach-types';
import { DuplicateRunError, type Repositories, type ScenarioRecord } from '../db/types';
import { SimulationBusyError, type Simulator } from '../sim';
import type { Account, AccountResolver } from './accounts';
import type { Ctx } from './api';
import { HttpError } from './errors';
import { assignmentCsv } from './teach-csv';

export interface TeachDeps {
  repos: Repositories;
  accounts: AccountResolver;
  now: () => number;
  simulator?: Simulator;
  /** The API's scenario lookup by slug (built-ins, authored, daily); throws unknown-scenario. */
  /** A scenario the caller may open (a teacher's own private scenario included); else `unknown-scenario`. */
  scenarioBySlug: (slug: string, req: IncomingMessage) => Promise<ScenarioRecord>;
}

/** The signed-in teacher, or 401. */
export async function requireAccount(accounts: AccountResolver, req: IncomingMessage): Promise<Account> {
  const account = await accounts.current(req);
  if (!account) throw new HttpError('unauthenticated', 'sign in as a teacher to do this');
  return account;
}

/** Letters and digits no one misreads (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;
const CODE_TRIES = 8;
const newCode = () => Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

const iso = (d: Date) => d.toISOString();

function wireAttempt(a: AttemptRecord) {
  return {
    number: a.number, nickname: a.nickname, runId: a.runId ?? '', verified: a.verified, reason: a.verifyNote,
    score: a.score ?? 0, met: a.met ?? 0, missed: a.missed ?? 0, stranded: a.stranded ?? 0, submittedAt: iso(a.submittedAt ?? a.createdAt),
  };
}

function wireStanding(s: StudentStanding) {
  return {
    rank: s.rank, nickname: s.nickname, best: s.best?.score ?? null, bestRunId: s.best?.runId ?? null,
    missed: s.best?.missed ?? null, stranded: s.best?.stranded ?? null, attempts: s.attempts, lastSubmittedAt: iso(s.lastSubmittedAt),
  };
}

type AssignmentRoute = 'createAssignment' | 'teacherAssignment' | 'tagAssignment' | 'studentAssignment' | 'assignmentSubmit';
type JsonHandlers = { [K in AssignmentRoute]: (ctx: Ctx<K>) => Promise<ApiResponse<K>> };

export function createAssignmentHandlers(deps: TeachDeps): { json: JsonHandlers; raw: { assignmentCsv: (ctx: Ctx<'assignmentCsv'>) => Promise<void> }; wire: (a: AssignmentRecord) => Promise<ApiResponse<'createAssignment'>['assignment']> } {
  const { repos, accounts, now } = deps;

  /** The scenario as the assignment plays it: its row with the pinned version's file. */
  async function pinnedScenario(a: AssignmentRecord): Promise<ScenarioRecord> {
    const [row, json] = await Promise.all([repos.scenarios.getById(a.scenarioId), repos.scenarios.getVersion(a.scenarioId, a.scenarioVersion)]);
    if (!row || !json) throw new Error(`assignment ${a.id}: scenario ${a.scenarioSlug} v${a.scenarioVersion} is missing`);
    return { ...row, version: a.scenarioVersion, json };
  }

  async function publicView(a: AssignmentRecord) {
    const json = await repos.scenarios.getVersion(a.scenarioId, a.scenarioVersion);
    return {
      code: a.code, title: a.title, scenario: a.scenarioSlug, scenarioVersion: a.scenarioVersion, scenarioTitle: json?.title ?? a.scenarioSlug,
      opensAt: iso(a.opensAt), closesAt: iso(a.closesAt), attemptsAllowed: a.attemptsAllowed, showScoresBeforeClose: a.showScoresBeforeClose,
      state: assignmentState(a, now()),
    };
  }
  async function wire(a: AssignmentRecord) {
    return { ...(await publicView(a)), id: a.id, link: `/a/${a.code}`, classId: a.classId, createdAt: iso(a.createdAt) };
  }

  /** The teacher's own assignment, or unknown-assignment (another teacher's is not told apart from none). */
  async function mine(req: IncomingMessage, id: string): Promise<AssignmentRecord> {
    const account = await requireAccount(accounts, req);
    const a = await repos.assignments.get(id);
    if (!a || a.ownerAccountId !== account.id) throw new HttpError('unknown-assignment', `there is no assignment ${id}`);
    return a;
  }

  async function byCode(code: string): Promise<AssignmentRecord> {
    const a = await repos.assignments.getByCode(code);
    if (!a) throw new HttpError('unknown-assignment', `there is no assignment ${code.toUpperCase()}`);
    return a;
  }

  /** A class id given by a teacher must be one of theirs. */
  async function ownClass(account: Account, classId: string | null | undefined): Promise<string | null> {
    if (!classId) return null;
    const c = await repos.classes.get(classId);
    if (!c || c.ownerAccountId !== account.id) throw new HttpError('unknown-class', `there is no class ${classId}`);
    return c.id;
  }

  const json: JsonHandlers = {
    createAssignment: async ({ req, body }) => {
      const account = await requireAccount(accounts, req);
      const classId = await ownClass(account, body.classId);
      const s = await deps.scenarioBySlug(body.scenario, req);
      for (let i = 0; ; i++) {
        try {
          const a = await repos.assignments.create({
            code: newCode(), ownerAccountId: account.id, classId, title: body.title, scenarioId: s.id, scenarioSlug: s.slug, scenarioVersion: s.version,
            opensAt: new Date(body.opensAt), closesAt: new Date(body.closesAt), attemptsAllowed: body.attemptsAllowed, showScoresBeforeClose: body.showScoresBeforeClose,
          });
          return { assignment: await wire(a) };
        } catch (e) {
          if (!(e instanceof AssignmentCodeTakenError) || i + 1 >= CODE_TRIES) throw e;
        }
      }
    },
    teacherAssignment: async ({ req, params }) => {
      const a = await mine(req, params.id);
      const attempts = await repos.assignments.listAttempts(a.id);
      return {
        assignment: await wire(a),
        students: assignmentStandings(attempts).map((s) => ({ ...wireStanding(s), playerId: s.playerId, verifiedAttempts: s.verifiedAttempts })),
        attempts: attempts.map((x) => ({ ...wireAttempt(x), playerId: x.playerId })).reverse(),
      };
    },
    tagAssignment: async ({ req, params, body }) => {
      const a = await mine(req, params.id);
      const account = await requireAccount(accounts, req);
      await repos.assignments.setClass(a.id, await ownClass(account, body.classId));
      return { ok: true as const };
    },
    studentAssignment: async ({ params, query }) => {
      const a = await byCode(params.code);
      const player = query.player ? await repos.players.getByTokenHash(hashToken(query.player)) : null;
      const [view, scenarioJson, attempts] = await Promise.all([
        publicView(a), repos.scenarios.getVersion(a.scenarioId, a.scenarioVersion), repos.assignments.listAttempts(a.id),
      ]);
      const own = player ? attempts.filter((x) => x.playerId === player.id) : [];
      const visible = a.showScoresBeforeClose || view.state === 'closed';
      return {
        assignment: view,
        scenarioJson,
        me: player ? { attempts: own.map(wireAttempt), attemptsLeft: Math.max(0, a.attemptsAllowed - own.length) } : null,
        standings: visible ? assignmentStandings(attempts).map(wireStanding) : null,
      };
    },
    assignmentSubmit: async ({ params, body }) => {
      const a = await byCode(params.code);
      const state = assignmentState(a, now());
      if (state === 'not-open') throw new HttpError('assignment-not-open', `assignment ${a.code} opens at ${iso(a.opensAt)}; nothing was stored`);
      if (state === 'closed') throw new HttpError('assignment-closed', `assignment ${a.code} closed at ${iso(a.closesAt)}; nothing was stored`);
      const player = await repos.players.getByTokenHash(hashToken(body.playerToken));
      if (!player) throw new HttpError('unknown-player', 'unknown player token');
      const nickname = body.nickname ?? player.nickname;
      const slot = await repos.assignments.reserveAttempt({ assignmentId: a.id, playerId: player.id, nickname, limit: a.attemptsAllowed });
      if (!slot) throw new HttpError('attempts-used', `all ${a.attemptsAllowed} attempt${a.attemptsAllowed === 1 ? '' : 's'} of assignment ${a.code} are used; nothing was stored`);
      let r;
      try {
        r = await submitRun(
          repos, await pinnedScenario(a),
          { playerId: player.id, nickname, seed: body.seed, actions: body.actions, finalHash: body.finalHash, score: body.score },
          { ...(deps.simulator ? { simulator: deps.simulator } : {}), refuseWhenBusy: true },
        );
      } catch (e) {
        // Nothing stored: the reserved number goes back, the attempt never counted.
        await repos.assignments.releaseAttempt(slot.id);
        if (e instanceof DuplicateRunError) throw new HttpError('duplicate-run', e.message);
        if (e instanceof SimulationBusyError) throw new HttpError('busy', e.message, e.retryAfterSeconds);
        throw e;
      }
      const done = await repos.assignments.completeAttempt(slot.id, {
        runId: r.run.id, verified: r.verified, verifyNote: r.reason ?? null, score: r.run.score, met: r.run.met, missed: r.run.missed, stranded: r.run.stranded, submittedAt: r.run.finishedAt,
      });
      if (!done) throw new Error(`attempt ${slot.id} vanished while its run was stored`);
      return { attempt: wireAttempt(done), attemptsLeft: Math.max(0, a.attemptsAllowed - slot.number) };
    },
  };

  const raw = {
    assignmentCsv: async ({ req, res, params }: Ctx<'assignmentCsv'>) => {
      const a = await mine(req, params.id);
      const attempts = await repos.assignments.listAttempts(a.id);
      const csv = assignmentCsv(a, attempts, assignmentStandings(attempts));
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="assignment-${a.code}-attempts.csv"`, 'cache-control': 'no-store' });
      res.end(csv);
    },
  };

  return { json, raw, wire };
}
