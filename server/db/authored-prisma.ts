/** Published scenarios over Prisma, SQLite or PostgreSQL (the contract: authored-types.ts). */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from './generated/sqlite/client';
import type { AuthoredRepo, ReportRecord } from './authored-types';
import { toScenario, type Tx } from './prisma';
import { isReservedSlug, searchTextOf } from './scenarios';
import { ScenarioConflictError } from './types';

type Retrying = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

const toReport = (r: ReportRecord): ReportRecord => ({ id: r.id, scenarioId: r.scenarioId, version: r.version, reason: r.reason, createdAt: r.createdAt });

export function createPrismaAuthored(prisma: PrismaClient, retrying: Retrying): AuthoredRepo {
  const authoredWhere = (id: string) => ({ id, kind: 'authored', ownerAccountId: { not: null } });

  return {
    async create(doc, { ownerAccountId, visibility }) {
      if (isReservedSlug(doc.slug)) throw new ScenarioConflictError(doc.slug);
      return toScenario(await retrying(async (tx) => {
        if (await tx.scenario.findUnique({ where: { slug: doc.slug }, select: { id: true } })) throw new ScenarioConflictError(doc.slug);
        const id = randomUUID();
        const json = JSON.stringify(doc.json);
        const row = await tx.scenario.create({
          data: { id, slug: doc.slug, title: doc.title, kind: 'authored', visibility, version: 1, json, hash: doc.hash, ownerAccountId, searchText: searchTextOf(doc) },
        });
        await tx.scenarioVersion.create({ data: { id: randomUUID(), scenarioId: id, version: 1, json, hash: doc.hash } });
        return row;
      }));
    },
    async update(id, doc) {
      const row = await retrying(async (tx) => {
        const s = await tx.scenario.findFirst({ where: authoredWhere(id) });
        if (!s) return null;
        if (doc.slug !== s.slug) throw new Error(`the slug of ${s.slug} cannot change`);
        if (s.hash === doc.hash) return s;
        const json = JSON.stringify(doc.json);
        const version = s.version + 1;
        await tx.scenarioVersion.create({ data: { id: randomUUID(), scenarioId: s.id, version, json, hash: doc.hash } });
        return tx.scenario.update({ where: { id }, data: { version, json, hash: doc.hash, title: doc.title, searchText: searchTextOf(doc) } });
      });
      return row && toScenario(row);
    },
    async setVisibility(id, visibility) {
      await prisma.scenario.updateMany({ where: { ...authoredWhere(id), visibility: { not: visibility } }, data: { visibility } });
      const s = await prisma.scenario.findFirst({ where: authoredWhere(id) });
      return s && toScenario(s);
    },
    async setHidden(id, hidden) {
      await prisma.scenario.updateMany({ where: authoredWhere(id), data: { hiddenAt: hidden?.at ?? null, hiddenReason: hidden?.reason ?? null } });
      const s = await prisma.scenario.findFirst({ where: authoredWhere(id) });
      return s && toScenario(s);
    },
    async remove(id, at) {
      return retrying(async (tx) => {
        const s = await tx.scenario.findFirst({ where: authoredWhere(id), select: { id: true, deletedAt: true } });
        if (!s) return null;
        const used = (await tx.run.findFirst({ where: { scenarioId: id }, select: { id: true } })) ?? (await tx.room.findFirst({ where: { scenarioId: id }, select: { id: true } }));
        if (used) {
          if (!s.deletedAt) await tx.scenario.update({ where: { id }, data: { deletedAt: at } });
          return 'kept' as const;
        }
        // Versions and reports go with it (onDelete: Cascade).
        await tx.scenario.delete({ where: { id } });
        return 'removed' as const;
      });
    },
    async listByOwner(ownerAccountId) {
      const rows = await prisma.scenario.findMany({ where: { kind: 'authored', ownerAccountId, deletedAt: null }, orderBy: [{ updatedAt: 'desc' }, { title: 'asc' }, { slug: 'asc' }] });
      return rows.map(toScenario);
    },
    async gallery({ q, offset, limit, hidden }) {
      const needle = (q ?? '').trim().toLowerCase();
      const where = {
        kind: 'authored', ownerAccountId: { not: null }, visibility: 'public', hiddenAt: hidden ? { not: null } : null, deletedAt: null,
        ...(needle ? { searchText: { contains: needle } } : {}),
      };
      const [rows, total] = await Promise.all([
        prisma.scenario.findMany({ where, orderBy: [{ title: 'asc' }, { slug: 'asc' }], skip: offset, take: limit }),
        prisma.scenario.count({ where }),
      ]);
      return { items: rows.map(toScenario), total };
    },
    async versions(id) {
      const rows = await prisma.scenarioVersion.findMany({ where: { scenarioId: id }, orderBy: { version: 'desc' }, select: { version: true, hash: true, createdAt: true } });
      return rows;
    },
    async report({ scenarioId, version, reason, at }) {
      return toReport(await prisma.scenarioReport.create({ data: { id: randomUUID(), scenarioId, version, reason, ...(at ? { createdAt: at } : {}) } }));
    },
    async reports(scenarioId) {
      return (await prisma.scenarioReport.findMany({ where: { scenarioId }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] })).map(toReport);
    },
  };
}
