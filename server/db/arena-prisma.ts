/** The arena's repository over Prisma (SQLite or PostgreSQL), the same contract as arena-memory.ts. */
import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from './generated/sqlite/client';
import type { ArenaListing, ArenaRepo, ArenaStatus, ArenaSubmissionRecord } from './arena-types';

type Row = Prisma.ArenaSubmissionGetPayload<object>;

function listing(r: Omit<Row, 'code'>): ArenaListing {
  const evaluated = r.missed !== null && r.wasted !== null && r.stranded !== null && r.migrations !== null && r.score !== null;
  return {
    id: r.id, name: r.name, description: r.description, codeHash: r.codeHash, bot: r.bot, addressHash: r.addressHash,
    suiteVersion: r.suiteVersion, status: r.status as ArenaStatus, setsDone: r.setsDone,
    totals: evaluated ? { missed: r.missed!, wasted: r.wasted!, stranded: r.stranded!, migrations: r.migrations!, score: r.score! } : null,
    fault: r.faultKind !== null ? { kind: r.faultKind, message: r.faultMessage ?? '' } : null,
    createdAt: r.createdAt, evaluatedAt: r.evaluatedAt,
  };
}
const record = (r: Row): ArenaSubmissionRecord => ({ ...listing(r), code: r.code });

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === 'P2002';

export function createPrismaArena(prisma: PrismaClient): ArenaRepo {
  const byContent = (suiteVersion: string, codeHash: string) => prisma.arenaSubmission.findUnique({ where: { suiteVersion_codeHash: { suiteVersion, codeHash } } });
  return {
    async create(input) {
      const existing = await byContent(input.suiteVersion, input.codeHash);
      if (existing) return { submission: record(existing), created: false };
      try {
        const row = await prisma.arenaSubmission.create({ data: { id: randomUUID(), ...input, status: 'queued' } });
        return { submission: record(row), created: true };
      } catch (e) {
        // Two submissions of the same code at once: the first one stored is the entry.
        if (!isUniqueViolation(e)) throw e;
        const row = await byContent(input.suiteVersion, input.codeHash);
        if (!row) throw e;
        return { submission: record(row), created: false };
      }
    },
    async get(id) {
      const r = await prisma.arenaSubmission.findUnique({ where: { id } });
      return r ? record(r) : null;
    },
    async list(suiteVersion) {
      const rows = await prisma.arenaSubmission.findMany({ where: { suiteVersion }, omit: { code: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      return rows.map(listing);
    },
    async results(id) {
      const rows = await prisma.arenaResult.findMany({ where: { submissionId: id }, orderBy: { setIndex: 'asc' } });
      return rows.map((r) => ({
        setIndex: r.setIndex, missed: r.missed, wasted: r.wasted, stranded: r.stranded, migrations: r.migrations, score: r.score, finalHash: r.finalHash,
        fault: r.faultKind !== null ? { kind: r.faultKind, message: r.faultMessage ?? '', tick: r.faultTick ?? 0 } : null,
      }));
    },
    async startEvaluation(id) {
      await prisma.$transaction([
        prisma.arenaResult.deleteMany({ where: { submissionId: id } }),
        prisma.arenaSubmission.update({
          where: { id },
          data: { status: 'evaluating', setsDone: 0, missed: null, wasted: null, stranded: null, migrations: null, score: null, faultKind: null, faultMessage: null, evaluatedAt: null },
        }),
      ]);
    },
    async saveResult(id, r) {
      const data = {
        missed: r.missed, wasted: r.wasted, stranded: r.stranded, migrations: r.migrations, score: r.score, finalHash: r.finalHash,
        faultKind: r.fault?.kind ?? null, faultMessage: r.fault?.message ?? null, faultTick: r.fault?.tick ?? null,
      };
      await prisma.arenaResult.upsert({ where: { submissionId_setIndex: { submissionId: id, setIndex: r.setIndex } }, create: { submissionId: id, setIndex: r.setIndex, ...data }, update: data });
      const setsDone = await prisma.arenaResult.count({ where: { submissionId: id } });
      await prisma.arenaSubmission.update({ where: { id }, data: { setsDone } });
    },
    async finish(id, end) {
      const t = end.totals;
      await prisma.arenaSubmission.update({
        where: { id },
        data: {
          status: end.status, missed: t?.missed ?? null, wasted: t?.wasted ?? null, stranded: t?.stranded ?? null, migrations: t?.migrations ?? null, score: t?.score ?? null,
          faultKind: end.fault?.kind ?? null, faultMessage: end.fault?.message ?? null, evaluatedAt: end.at,
        },
      });
    },
    async secret(candidate) {
      const found = await prisma.arenaSecret.findUnique({ where: { id: 1 } });
      if (found) return found.secret;
      try {
        return (await prisma.arenaSecret.create({ data: { id: 1, secret: candidate } })).secret;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        return (await prisma.arenaSecret.findUniqueOrThrow({ where: { id: 1 } })).secret;
      }
    },
  };
}
