/** Classes and teachers' rooms in memory (the reference for teach-types.ts). Rooms are the memory repositories' own rows. */
import { randomUUID } from 'node:crypto';
import type { ClassRecord, ClassRepo, OwnedRoom } from './teach-types';
import type { RoomRecord } from './types';

const copy = <T>(v: T): T => structuredClone(v);
const owned = (r: RoomRecord): OwnedRoom => ({ code: r.code, kind: r.kind, scenarioSlug: r.scenarioSlug, classId: r.classId, state: r.state, createdAt: new Date(r.createdAt) });
const newestFirst = (a: RoomRecord, b: RoomRecord) => b.createdAt.getTime() - a.createdAt.getTime() || (a.code < b.code ? 1 : -1);

/** `rooms`: the live room rows of the memory repositories (tagging writes to them). */
export function createMemoryClasses(rooms: () => Iterable<RoomRecord>): ClassRepo {
  const rows = new Map<string, ClassRecord>();
  return {
    async create({ ownerAccountId, name }) {
      const c: ClassRecord = { id: randomUUID(), ownerAccountId, name, createdAt: new Date() };
      rows.set(c.id, c);
      return copy(c);
    },
    async get(id) {
      const c = rows.get(id);
      return c ? copy(c) : null;
    },
    async listByOwner(owner) {
      return [...rows.values()].filter((c) => c.ownerAccountId === owner).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1)).map(copy);
    },
    async listRooms(owner) {
      return [...rooms()].filter((r) => r.ownerAccountId === owner).sort(newestFirst).map(owned);
    },
    async listClassRooms(classId) {
      return [...rooms()].filter((r) => r.classId === classId).sort(newestFirst).map(owned);
    },
    async tagRoom(code, owner, classId) {
      const r = [...rooms()].find((x) => x.code === code.toUpperCase());
      if (!r || r.ownerAccountId !== owner) return false;
      r.classId = classId;
      return true;
    },
  };
}
