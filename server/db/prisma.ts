/**
 * Repositories over a Prisma client (SQLite or PostgreSQL: both generated clients have the
 * same models, and only features both databases share are used here).
 */
import { randomUUID } from 'node:crypto';
import { beatsRecord, type Action, type ScenarioInput } from '../engine';
import type { PrismaClient, Prisma } from './generated/sqlite/client';
import { createPrismaArena } from './arena-prisma';
import { createPrismaAssignments } from './assignments-prisma';
import { createPrismaClasses } from './classes-prisma';
import { createPrismaAuthored } from './authored-prisma';
import { isReservedSlug, variantSlug } from './scenarios';
import {
  better,
  DuplicateRunError,
  levelRecord,
  ScenarioConflictError,
  type BoardEntry,
  type CheckpointRecord,
  type NewRun,
  type ParticipantRecord,
  type Repositories,
  type RoomRecord,
  type RunRecord,
  type ScenarioDoc,
  type ScenarioKind,
  type ScenarioRecord,
  type Visibility,
} from './types';

export type Tx = Prisma.TransactionClient;
const DONE_STATES = ['finished', 'ended', 'closed'];

const parse = <T>(text: string): T => JSON.parse(text) as T;

type ScenarioRow = Prisma.ScenarioGetPayload<object>;
export function toScenario(r: ScenarioRow): ScenarioRecord {
  return {
    id: r.id, slug: r.slug, title: r.title, kind: r.kind as ScenarioKind, visibility: r.visibility as Visibility,
    authorId: r.authorId, version: r.version, json: parse<ScenarioInput>(r.json), hash: r.hash,
    campaignOrder: r.campaignOrder, createdAt: r.createdAt, updatedAt: r.updatedAt,
    ownerAccountId: r.ownerAccountId, hiddenAt: r.hiddenAt, hiddenReason: r.hiddenReason, deletedAt: r.deletedAt,
  };
}

type RoomRow = Prisma.RoomGetPayload<{ include: { scenario: { select: { slug: true } } } }>;
function toRoom(r: RoomRow): RoomRecord {
  return {
    id: r.id, code: r.code, kind: r.kind, hostTokenHash: r.hostTokenHash, scenarioId: r.scenarioId,
    scenarioSlug: r.scenario.slug, scenarioVersion: r.scenarioVersion, seed: r.seed, state: r.state,
    settings: parse<Record<string, unknown>>(r.settings), createdAt: r.createdAt, updatedAt: r.updatedAt,
    startedAt: r.startedAt, finishedAt: r.finishedAt, ownerAccountId: r.ownerAccountId, classId: r.classId,
  };
}

type ParticipantRow = Prisma.ParticipantGetPayload<object>;
const toParticipant = (p: ParticipantRow): ParticipantRecord => ({
  id: p.id, roomId: p.roomId, playerId: p.playerId, nickname: p.nickname, seatKey: p.seatKey, seat: p.seat, kicked: p.kicked, joinedAt: p.joinedAt,
});

type RunRow = Prisma.RunGetPayload<object>;
function toRun(r: RunRow): RunRecord {
  return {
    id: r.id, playerId: r.playerId, nickname: r.nickname, scenarioId: r.scenarioId, scenarioVersion: r.scenarioVersion,
    roomId: r.roomId, seed: r.seed, bot: r.bot, actions: parse<Action[]>(r.actions), finalHash: r.finalHash, score: r.score,
    metrics: parse<unknown>(r.metrics), met: r.met, missed: r.missed, stranded: r.stranded, stars: r.stars,
    verified: r.verified, verifyNote: r.verifyNote, round: r.round, removed: r.removed, startedAt: r.startedAt, finishedAt: r.finishedAt, createdAt: r.createdAt,
  };
}

type CheckpointRow = Prisma.RoomCheckpointGetPayload<{ include: { room: { select: { code: true } } } }>;
const toCheckpoint = (c: CheckpointRow): CheckpointRecord => ({
  roomCode: c.room.code, round: c.round, tick: c.tick, seed: c.seed, logs: parse<Record<string, Action[]>>(c.logs), extra: parse<unknown>(c.extra), savedAt: c.savedAt,
});

/**
 * Worth retrying a whole transaction for: a unique race (P2002), a serialization failure (P2034).
 * A conflict PostgreSQL reports at COMMIT reaches us as the driver adapter's own error, not
 * mapped to a Prisma code: its `cause.kind` (or SQLSTATE 40001/40P01) says the same thing.
 */
export function retryable(e: unknown): boolean {
  const err = e as { code?: string; cause?: { kind?: string; originalCode?: string } } | undefined;
  if (err?.code === 'P2002' || err?.code === 'P2034') return true;
  const cause = err?.cause;
  return cause?.kind === 'TransactionWriteConflict' || cause?.kind === 'UniqueConstraintViolation'
    || cause?.originalCode === '40001' || cause?.originalCode === '40P01';
}

/** Rows strictly ahead of (score, finishedAt, id) in ranking order, as a Prisma filter. */
function aheadOf(score: number, finishedAt: Date, idField: string, id: string) {
  return {
    OR: [
      { score: { gt: score } },
      { score, finishedAt: { lt: finishedAt } },
      { score, finishedAt, [idField]: { lt: id } },
    ],
  };
}

export function createPrismaRepositories(prisma: PrismaClient): Repositories {
  async function newScenarioRow(tx: Tx, doc: ScenarioDoc, kind: ScenarioKind, visibility: Visibility, authorId: string | null, campaignOrder: number | null, slug = doc.slug) {
    const id = randomUUID();
    const json = JSON.stringify(doc.json);
    const row = await tx.scenario.create({ data: { id, slug, title: doc.title, kind, visibility, authorId, version: 1, json, hash: doc.hash, campaignOrder } });
    await tx.scenarioVersion.create({ data: { id: randomUUID(), scenarioId: id, version: 1, json, hash: doc.hash } });
    return row;
  }

  async function newVersionRow(tx: Tx, s: ScenarioRow, doc: ScenarioDoc, extra: Partial<Pick<ScenarioRow, 'campaignOrder' | 'visibility'>> = {}) {
    const json = JSON.stringify(doc.json);
    const version = s.version + 1;
    await tx.scenarioVersion.create({ data: { id: randomUUID(), scenarioId: s.id, version, json, hash: doc.hash } });
    return tx.scenario.update({ where: { id: s.id }, data: { version, json, hash: doc.hash, title: doc.title, ...extra } });
  }

  async function retrying<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prisma.$transaction(fn, { isolationLevel: 'Serializable', maxWait: 10_000, timeout: 20_000 });
      } catch (e) {
        if (attempt >= 16 || !retryable(e)) throw e;
        // Serializable conflicts clear once the other transaction commits: back off, doubling
        // with jitter (capped), so a burst of writers on a loaded machine still gets through.
        await new Promise((r) => setTimeout(r, Math.min(500, 5 * 2 ** attempt) * (0.5 + Math.random())));
      }
    }
  }

  const roomInclude = { scenario: { select: { slug: true } } } as const;

  return {
    players: {
      async create({ tokenHash, nickname }) {
        const p = await prisma.player.create({ data: { id: randomUUID(), tokenHash, nickname } });
        return { id: p.id, nickname: p.nickname, createdAt: p.createdAt };
      },
      async ensure({ tokenHash, nickname }) {
        for (let attempt = 0; ; attempt++) {
          const found = await prisma.player.findUnique({ where: { tokenHash } });
          if (found) return { id: found.id, nickname: found.nickname, createdAt: found.createdAt };
          try {
            const p = await prisma.player.create({ data: { id: randomUUID(), tokenHash, nickname } });
            return { id: p.id, nickname: p.nickname, createdAt: p.createdAt };
          } catch (e) {
            // Another request created it first: read it on the next pass.
            if (attempt >= 2 || !retryable(e)) throw e;
          }
        }
      },
      async getByTokenHash(tokenHash) {
        const p = await prisma.player.findUnique({ where: { tokenHash } });
        return p && { id: p.id, nickname: p.nickname, createdAt: p.createdAt };
      },
      async getById(id) {
        const p = await prisma.player.findUnique({ where: { id } });
        return p && { id: p.id, nickname: p.nickname, createdAt: p.createdAt };
      },
      async rename(id, nickname) {
        const r = await prisma.player.updateMany({ where: { id }, data: { nickname } });
        if (r.count === 0) return null;
        const p = await prisma.player.findUniqueOrThrow({ where: { id } });
        return { id: p.id, nickname: p.nickname, createdAt: p.createdAt };
      },
    },

    scenarios: {
      async listPublic() {
        const builtin = await prisma.scenario.findMany({ where: { kind: 'builtin' }, orderBy: { campaignOrder: 'asc' } });
        const authored = await prisma.scenario.findMany({ where: { kind: 'authored', visibility: 'public', hiddenAt: null, deletedAt: null }, orderBy: [{ title: 'asc' }, { slug: 'asc' }] });
        return [...builtin, ...authored].map(toScenario);
      },
      async getBySlug(slug) {
        const s = await prisma.scenario.findUnique({ where: { slug } });
        return s && toScenario(s);
      },
      async getById(id) {
        const s = await prisma.scenario.findUnique({ where: { id } });
        return s && toScenario(s);
      },
      async getVersion(scenarioId, version) {
        const v = await prisma.scenarioVersion.findUnique({ where: { scenarioId_version: { scenarioId, version } } });
        return v && parse<ScenarioInput>(v.json);
      },
      async seedBuiltins(docs) {
        const out = { created: 0, updated: 0, unchanged: 0 };
        // One read to find what changed: an up-to-date database costs a single query at boot.
        const existing = new Map((await prisma.scenario.findMany({ where: { slug: { in: docs.map((d) => d.slug) } } })).map((s) => [s.slug, s]));
        const todo = docs.map((doc, i) => ({ doc, order: i + 1, row: existing.get(doc.slug) }));
        for (const t of todo) {
          if (t.row && t.row.kind !== 'builtin') throw new ScenarioConflictError(t.doc.slug);
          if (t.row && t.row.hash === t.doc.hash && t.row.campaignOrder === t.order) out.unchanged++;
        }
        const changed = todo.filter((t) => !(t.row && t.row.hash === t.doc.hash && t.row.campaignOrder === t.order));
        if (changed.length === 0) return out;
        await retrying(async (tx) => {
          for (const t of changed) {
            const row = await tx.scenario.findUnique({ where: { slug: t.doc.slug } });
            if (!row) {
              await newScenarioRow(tx, t.doc, 'builtin', 'public', null, t.order);
              out.created++;
            } else if (row.hash !== t.doc.hash) {
              await newVersionRow(tx, row, t.doc, { campaignOrder: t.order });
              out.updated++;
            } else if (row.campaignOrder !== t.order) {
              await tx.scenario.update({ where: { id: row.id }, data: { campaignOrder: t.order } });
              out.updated++;
            } else {
              out.unchanged++;
            }
          }
        });
        return out;
      },
      async upsertAuthored(doc, { authorId, visibility }) {
        if (isReservedSlug(doc.slug)) throw new ScenarioConflictError(doc.slug);
        return toScenario(await retrying(async (tx) => {
          const s = await tx.scenario.findUnique({ where: { slug: doc.slug } });
          if (!s) return newScenarioRow(tx, doc, 'authored', visibility, authorId, null);
          if (s.kind !== 'authored' || s.authorId !== authorId) throw new ScenarioConflictError(doc.slug);
          if (s.hash !== doc.hash) return newVersionRow(tx, s, doc, { visibility });
          if (s.visibility !== visibility) return tx.scenario.update({ where: { id: s.id }, data: { visibility } });
          return s;
        }));
      },
      async ensureDaily(doc) {
        return toScenario(await retrying(async (tx) => {
          let s = await tx.scenario.findUnique({ where: { slug: doc.slug } });
          if (s && s.kind !== 'daily') {
            await tx.scenario.update({ where: { id: s.id }, data: { slug: variantSlug(s.slug, s.hash) } });
            s = null;
          }
          if (!s) return newScenarioRow(tx, doc, 'daily', 'public', null, null);
          if (s.hash !== doc.hash) return newVersionRow(tx, s, doc);
          return s;
        }));
      },
      async resolve(doc) {
        return retrying(async (tx) => {
          for (const slug of [doc.slug, variantSlug(doc.slug, doc.hash)]) {
            const s = await tx.scenario.findUnique({ where: { slug } });
            if (!s) continue;
            if (s.hash === doc.hash) return { scenarioId: s.id, slug: s.slug, version: s.version };
            const v = await tx.scenarioVersion.findFirst({ where: { scenarioId: s.id, hash: doc.hash }, orderBy: { version: 'desc' } });
            if (v) return { scenarioId: s.id, slug: s.slug, version: v.version };
          }
          const row = await newScenarioRow(tx, doc, 'variant', 'unlisted', null, null, variantSlug(doc.slug, doc.hash));
          return { scenarioId: row.id, slug: row.slug, version: row.version };
        });
      },
    },

    rooms: {
      async create(input) {
        const r = await prisma.room.create({
          data: {
            id: randomUUID(), code: input.code, kind: input.kind, hostTokenHash: input.hostTokenHash, scenarioId: input.scenarioId,
            scenarioVersion: input.scenarioVersion, seed: input.seed, state: input.state ?? 'lobby', settings: JSON.stringify(input.settings ?? {}),
            ownerAccountId: input.ownerAccountId ?? null, classId: input.classId ?? null,
          },
          include: roomInclude,
        });
        return toRoom(r);
      },
      async getByCode(code) {
        const r = await prisma.room.findUnique({ where: { code }, include: roomInclude });
        return r && toRoom(r);
      },
      async updateState(code, state, at) {
        // One conditional write: no read-then-write window for a late, older state to slip through.
        await prisma.room.updateMany({ where: { code, state: { notIn: DONE_STATES } }, data: { state, ...(at?.startedAt ? { startedAt: at.startedAt } : {}), ...(at?.finishedAt ? { finishedAt: at.finishedAt } : {}) } });
        const r = await prisma.room.findUnique({ where: { code }, include: roomInclude });
        return r && toRoom(r);
      },
      async reopen(code) {
        await prisma.room.updateMany({ where: { code, state: 'ended' }, data: { state: 'lobby', finishedAt: null } });
        const r = await prisma.room.findUnique({ where: { code }, include: roomInclude });
        return r && toRoom(r);
      },
      async addParticipant(code, { playerId, nickname, seatKey }) {
        return toParticipant(await retrying(async (tx) => {
          const room = await tx.room.findUnique({ where: { code } });
          if (!room) throw new Error(`no room ${code}`);
          const existing = await tx.participant.findUnique({ where: { roomId_seatKey: { roomId: room.id, seatKey } } });
          if (existing) return tx.participant.update({ where: { id: existing.id }, data: { nickname, playerId } });
          const seat = await tx.participant.count({ where: { roomId: room.id } });
          return tx.participant.create({ data: { id: randomUUID(), roomId: room.id, playerId, nickname, seatKey, seat } });
        }));
      },
      async listParticipants(code, opts) {
        const rows = await prisma.participant.findMany({ where: { room: { code }, ...(opts?.includeKicked ? {} : { kicked: false }) }, orderBy: { seat: 'asc' } });
        return rows.map(toParticipant);
      },
      async kick(code, seatKey) {
        const r = await prisma.participant.updateMany({ where: { room: { code }, seatKey }, data: { kicked: true } });
        return r.count > 0;
      },
      async saveCheckpoint(cp) {
        const room = await prisma.room.findUnique({ where: { code: cp.roomCode }, select: { id: true } });
        if (!room) throw new Error(`no room ${cp.roomCode}`);
        const data = { round: cp.round, tick: cp.tick, seed: cp.seed, logs: JSON.stringify(cp.logs), extra: JSON.stringify(cp.extra ?? {}), savedAt: cp.savedAt ?? new Date() };
        // Conditional overwrite: a slow write for an older tick must not roll a newer one back, nor, at
        // the same tick (a lobby's changes are all at tick 0), one taken earlier than the stored one.
        const updated = await prisma.roomCheckpoint.updateMany({
          where: { roomId: room.id, OR: [{ round: { lt: cp.round } }, { round: cp.round, tick: { lt: cp.tick } }, { round: cp.round, tick: cp.tick, savedAt: { lte: data.savedAt } }] },
          data,
        });
        if (updated.count > 0) return;
        try {
          await prisma.roomCheckpoint.create({ data: { roomId: room.id, ...data } });
        } catch (e) {
          // A row exists already and is newer than this one: keep it.
          if (!retryable(e)) throw e;
        }
      },
      async listResumable() {
        const rows = await prisma.roomCheckpoint.findMany({ where: { room: { state: { notIn: DONE_STATES } } }, include: { room: { select: { code: true } } }, orderBy: { room: { code: 'asc' } } });
        return rows.map(toCheckpoint);
      },
      async dropCheckpoint(code) {
        await prisma.roomCheckpoint.deleteMany({ where: { room: { code } } });
      },
    },

    runs: {
      async saveRun(input: NewRun) {
        return toRun(await retrying(async (tx) => {
          // Stored by an earlier attempt (one that failed or timed out after committing): that row is the answer.
          // Two attempts at once: the second create fails on the unique key and its retry lands here.
          if (input.idempotencyKey) {
            const done = await tx.run.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
            if (done) return done;
          }
          let counts = input.countsGlobally !== false;
          let contentKey: string | null = null;
          if (input.contentKey && input.verified && counts) {
            const first = await tx.run.findUnique({ where: { contentKey: input.contentKey }, select: { id: true, playerId: true } });
            if (first && first.playerId !== input.playerId) {
              if (input.onDuplicate === 'refuse') throw new DuplicateRunError(first.id);
              counts = false;
            }
            // A race with another first submitter ends in P2002 and a retry that finds it.
            if (!first) contentKey = input.contentKey;
          }
          const run = await tx.run.create({
            data: {
              id: randomUUID(), playerId: input.playerId, nickname: input.nickname, scenarioId: input.scenarioId, scenarioVersion: input.scenarioVersion,
              roomId: input.roomId ?? null, seed: input.seed, bot: input.bot, actions: JSON.stringify(input.actions), finalHash: input.finalHash,
              score: input.score, metrics: JSON.stringify(input.metrics ?? null), met: input.met, missed: input.missed, stranded: input.stranded,
              stars: input.stars ?? null, verified: input.verified, verifyNote: input.verifyNote ?? null, contentKey, round: input.round ?? null, removed: input.removed ?? false, idempotencyKey: input.idempotencyKey ?? null,
              startedAt: input.startedAt ?? null, finishedAt: input.finishedAt,
            },
          });
          if (!run.verified || !counts) return run;
          const key = { scenarioId: run.scenarioId, scenarioVersion: run.scenarioVersion, playerId: run.playerId };
          const cur = await tx.bestRun.findUnique({ where: { scenarioId_scenarioVersion_playerId: key } });
          const bestData = { runId: run.id, score: run.score, finishedAt: run.finishedAt };
          if (!cur) await tx.bestRun.create({ data: { ...key, ...bestData } });
          else if (better(run, { ...cur, id: cur.runId })) await tx.bestRun.update({ where: { scenarioId_scenarioVersion_playerId: key }, data: bestData });

          const scenario = await tx.scenario.findUniqueOrThrow({ where: { id: run.scenarioId }, select: { campaignOrder: true } });
          if (scenario.campaignOrder == null || run.stars == null) return run;
          const pkey = { playerId: run.playerId, scenarioId: run.scenarioId };
          const p = await tx.progress.findUnique({ where: { playerId_scenarioId: pkey } });
          if (p && !beatsRecord(levelRecord(run.id, run.score, run.stars, run.finishedAt), levelRecord(p.runId, p.bestScore, p.stars, p.finishedAt))) return run;
          const pdata = { bestScore: run.score, stars: run.stars, runId: run.id, finishedAt: run.finishedAt };
          if (p) await tx.progress.update({ where: { playerId_scenarioId: pkey }, data: pdata });
          else await tx.progress.create({ data: { ...pkey, ...pdata } });
          const totals = await tx.progress.aggregate({ where: { playerId: run.playerId, scenario: { campaignOrder: { not: null } } }, _sum: { bestScore: true, stars: true } });
          await tx.player.update({ where: { id: run.playerId }, data: { campaignScore: totals._sum.bestScore ?? 0, campaignStars: totals._sum.stars ?? 0, campaignAt: run.finishedAt } });
          return run;
        }));
      },
      async getRun(id) {
        const r = await prisma.run.findUnique({ where: { id } });
        return r && toRun(r);
      },
      async listRoomRuns(roomId) {
        return (await prisma.run.findMany({ where: { roomId }, orderBy: [{ finishedAt: 'asc' }, { id: 'asc' }] })).map(toRun);
      },
      async replay(id) {
        const r = await prisma.run.findUnique({ where: { id } });
        if (!r) return null;
        const v = await prisma.scenarioVersion.findUnique({ where: { scenarioId_version: { scenarioId: r.scenarioId, version: r.scenarioVersion } } });
        if (!v) return null;
        return { format: 1, runId: r.id, scenario: parse<ScenarioInput>(v.json), scenarioVersion: r.scenarioVersion, seed: r.seed, bot: r.bot, actions: parse<Action[]>(r.actions), finalHash: r.finalHash, score: r.score, verified: r.verified };
      },
    },

    leaderboards: {
      async scenario(scenarioId, { limit, playerId, version }) {
        const s = await prisma.scenario.findUnique({ where: { id: scenarioId }, select: { version: true } });
        if (!s) return { entries: [], me: null };
        const where = { scenarioId, scenarioVersion: version ?? s.version };
        const rows = await prisma.bestRun.findMany({
          where,
          orderBy: [{ score: 'desc' }, { finishedAt: 'asc' }, { runId: 'asc' }],
          take: limit,
          include: { player: { select: { nickname: true } } },
        });
        const entries: BoardEntry[] = rows.map((r, i) => ({ rank: i + 1, playerId: r.playerId, nickname: r.player.nickname, score: r.score, finishedAt: r.finishedAt, runId: r.runId }));
        let me: BoardEntry | null = null;
        if (playerId) {
          me = entries.find((e) => e.playerId === playerId) ?? null;
          if (!me) {
            const mine = await prisma.bestRun.findUnique({ where: { scenarioId_scenarioVersion_playerId: { ...where, playerId } }, include: { player: { select: { nickname: true } } } });
            if (mine) {
              const ahead = await prisma.bestRun.count({ where: { ...where, ...aheadOf(mine.score, mine.finishedAt, 'runId', mine.runId) } });
              me = { rank: ahead + 1, playerId, nickname: mine.player.nickname, score: mine.score, finishedAt: mine.finishedAt, runId: mine.runId };
            }
          }
        }
        return { entries, me };
      },
      async campaign({ limit, playerId }) {
        const rows = await prisma.player.findMany({ where: { campaignAt: { not: null } }, orderBy: [{ campaignScore: 'desc' }, { campaignAt: 'asc' }, { id: 'asc' }], take: limit });
        const entries = rows.map((p, i) => ({ rank: i + 1, playerId: p.id, nickname: p.nickname, score: p.campaignScore, stars: p.campaignStars, reachedAt: p.campaignAt! }));
        let me = (playerId && entries.find((e) => e.playerId === playerId)) || null;
        if (playerId && !me) {
          const p = await prisma.player.findUnique({ where: { id: playerId } });
          if (p?.campaignAt) {
            const ahead = await prisma.player.count({
              where: {
                campaignAt: { not: null },
                OR: [
                  { campaignScore: { gt: p.campaignScore } },
                  { campaignScore: p.campaignScore, campaignAt: { lt: p.campaignAt } },
                  { campaignScore: p.campaignScore, campaignAt: p.campaignAt, id: { lt: p.id } },
                ],
              },
            });
            me = { rank: ahead + 1, playerId: p.id, nickname: p.nickname, score: p.campaignScore, stars: p.campaignStars, reachedAt: p.campaignAt };
          }
        }
        return { entries, me };
      },
    },

    progress: {
      async list(playerId) {
        const rows = await prisma.progress.findMany({ where: { playerId }, include: { scenario: { select: { slug: true, campaignOrder: true } } } });
        rows.sort((a, b) => (a.scenario.campaignOrder ?? 0) - (b.scenario.campaignOrder ?? 0));
        return rows.map((p) => ({ scenarioId: p.scenarioId, slug: p.scenario.slug, bestScore: p.bestScore, stars: p.stars, runId: p.runId, finishedAt: p.finishedAt }));
      },
    },
    arena: createPrismaArena(prisma),
    assignments: createPrismaAssignments(prisma),
    classes: createPrismaClasses(prisma),
    authored: createPrismaAuthored(prisma, retrying),
  };
}
