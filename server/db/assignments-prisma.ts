/** Assignments and their attempts over Prisma (SQLite or PostgreSQL), the same contract as assignments-memory.ts. */
import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from './generated/sqlite/client';
import { AssignmentCodeTakenError, type AssignmentRecord, type AssignmentRepo, type AttemptRecord } from './teach-types';

type Row = Prisma.AssignmentGetPayload<object>;
type AttemptRow = Prisma.AssignmentAttemptGetPayload<object>;

const toAssignment = (r: Row): AssignmentRecord => ({
  id: r.id, code: r.code, ownerAccountId: r.ownerAccountId, classId: r.classId, title: r.title, scenarioId: r.scenarioId,
  scenarioSlug: r.scenarioSlug, scenarioVersion: r.scenarioVersion, opensAt: r.opensAt, closesAt: r.closesAt,
  attemptsAllowed: r.attemptsAllowed, showScoresBeforeClose: r.showScoresBeforeClose, createdAt: r.createdAt,
});
const toAttempt = (a: AttemptRow): AttemptRecord => ({
  id: a.id, assignmentId: a.assignmentId, playerId: a.playerId, nickname: a.nickname, number: a.number, runId: a.runId,
  verified: a.verified, verifyNote: a.verifyNote, score: a.score, met: a.met, missed: a.missed, stranded: a.stranded,
  createdAt: a.createdAt, submittedAt: a.submittedAt,
});

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === 'P2002';
/** Two submissions racing for the same attempt number: the loser counts again (a few tries are plenty). */
const RESERVE_TRIES = 5;

export function createPrismaAssignments(prisma: PrismaClient): AssignmentRepo {
  return {
    async create(input) {
      const code = input.code.toUpperCase();
      try {
        return toAssignment(await prisma.assignment.create({ data: { ...input, code, id: randomUUID() } }));
      } catch (e) {
        if (isUniqueViolation(e)) throw new AssignmentCodeTakenError(code);
        throw e;
      }
    },
    async get(id) {
      const r = await prisma.assignment.findUnique({ where: { id } });
      return r && toAssignment(r);
    },
    async getByCode(code) {
      const r = await prisma.assignment.findUnique({ where: { code: code.toUpperCase() } });
      return r && toAssignment(r);
    },
    async listByOwner(ownerAccountId) {
      return (await prisma.assignment.findMany({ where: { ownerAccountId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })).map(toAssignment);
    },
    async listByClass(classId) {
      return (await prisma.assignment.findMany({ where: { classId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })).map(toAssignment);
    },
    async setClass(id, classId) {
      return (await prisma.assignment.updateMany({ where: { id }, data: { classId } })).count > 0;
    },
    async reserveAttempt({ assignmentId, playerId, nickname, limit }) {
      // The unique (assignment, player, number) is the lock: a concurrent reservation of the
      // same number fails, and the loser re-counts, so the limit holds on both databases.
      for (let i = 0; ; i++) {
        const top = await prisma.assignmentAttempt.aggregate({ where: { assignmentId, playerId }, _count: { _all: true }, _max: { number: true } });
        if (top._count._all >= limit) return null;
        try {
          return toAttempt(await prisma.assignmentAttempt.create({ data: { id: randomUUID(), assignmentId, playerId, nickname, number: (top._max.number ?? 0) + 1 } }));
        } catch (e) {
          if (!isUniqueViolation(e) || i + 1 >= RESERVE_TRIES) throw e;
        }
      }
    },
    async completeAttempt(id, outcome) {
      const r = await prisma.assignmentAttempt.updateMany({ where: { id }, data: outcome });
      if (r.count === 0) return null;
      const a = await prisma.assignmentAttempt.findUnique({ where: { id } });
      return a && toAttempt(a);
    },
    async releaseAttempt(id) {
      await prisma.assignmentAttempt.deleteMany({ where: { id } });
    },
    async listAttempts(assignmentId, opts) {
      const rows = await prisma.assignmentAttempt.findMany({
        where: { assignmentId, runId: { not: null }, ...(opts?.playerId ? { playerId: opts.playerId } : {}) },
        orderBy: [{ submittedAt: 'asc' }, { number: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toAttempt);
    },
  };
}
