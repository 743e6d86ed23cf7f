/** Classes and teachers' rooms over Prisma (SQLite or PostgreSQL), the same contract as classes-memory.ts. */
import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from './generated/sqlite/client';
import type { ClassRepo, OwnedRoom } from './teach-types';

const roomSelect = { code: true, kind: true, classId: true, state: true, createdAt: true, scenario: { select: { slug: true } } } as const;
type RoomRow = Prisma.RoomGetPayload<{ select: typeof roomSelect }>;
const owned = (r: RoomRow): OwnedRoom => ({ code: r.code, kind: r.kind, scenarioSlug: r.scenario.slug, classId: r.classId, state: r.state, createdAt: r.createdAt });

export function createPrismaClasses(prisma: PrismaClient): ClassRepo {
  return {
    async create({ ownerAccountId, name }) {
      return prisma.teacherClass.create({ data: { id: randomUUID(), ownerAccountId, name } });
    },
    async get(id) {
      return prisma.teacherClass.findUnique({ where: { id } });
    },
    async listByOwner(ownerAccountId) {
      return prisma.teacherClass.findMany({ where: { ownerAccountId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    },
    async listRooms(ownerAccountId) {
      return (await prisma.room.findMany({ where: { ownerAccountId }, select: roomSelect, orderBy: [{ createdAt: 'desc' }, { code: 'desc' }] })).map(owned);
    },
    async listClassRooms(classId) {
      return (await prisma.room.findMany({ where: { classId }, select: roomSelect, orderBy: [{ createdAt: 'desc' }, { code: 'desc' }] })).map(owned);
    },
    async tagRoom(code, ownerAccountId, classId) {
      // One conditional write: another account's room is never touched.
      return (await prisma.room.updateMany({ where: { code: code.toUpperCase(), ownerAccountId }, data: { classId } })).count > 0;
    },
  };
}
