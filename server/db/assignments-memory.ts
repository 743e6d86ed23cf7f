/** Assignments and their attempts in memory (the reference for teach-types.ts; copies in and out, as a database). */
import { randomUUID } from 'node:crypto';
import { AssignmentCodeTakenError, type AssignmentRecord, type AssignmentRepo, type AttemptRecord } from './teach-types';

const copy = <T>(v: T): T => structuredClone(v);
const newestFirst = (a: AssignmentRecord, b: AssignmentRecord) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1);

export function createMemoryAssignments(): AssignmentRepo {
  const rows = new Map<string, AssignmentRecord>();
  const attempts = new Map<string, AttemptRecord>();
  return {
    async create(input) {
      const code = input.code.toUpperCase();
      if ([...rows.values()].some((r) => r.code === code)) throw new AssignmentCodeTakenError(code);
      const r: AssignmentRecord = { ...copy(input), code, id: randomUUID(), createdAt: new Date() };
      rows.set(r.id, r);
      return copy(r);
    },
    async get(id) {
      const r = rows.get(id);
      return r ? copy(r) : null;
    },
    async getByCode(code) {
      const r = [...rows.values()].find((x) => x.code === code.toUpperCase());
      return r ? copy(r) : null;
    },
    async listByOwner(owner) {
      return [...rows.values()].filter((r) => r.ownerAccountId === owner).sort(newestFirst).map(copy);
    },
    async listByClass(classId) {
      return [...rows.values()].filter((r) => r.classId === classId).sort(newestFirst).map(copy);
    },
    async setClass(id, classId) {
      const r = rows.get(id);
      if (!r) return false;
      r.classId = classId;
      return true;
    },
    async reserveAttempt({ assignmentId, playerId, nickname, limit }) {
      const taken = [...attempts.values()].filter((a) => a.assignmentId === assignmentId && a.playerId === playerId);
      if (taken.length >= limit) return null;
      const number = Math.max(0, ...taken.map((a) => a.number)) + 1;
      const a: AttemptRecord = {
        id: randomUUID(), assignmentId, playerId, nickname, number, runId: null, verified: false, verifyNote: null,
        score: null, met: null, missed: null, stranded: null, createdAt: new Date(), submittedAt: null,
      };
      attempts.set(a.id, a);
      return copy(a);
    },
    async completeAttempt(id, outcome) {
      const a = attempts.get(id);
      if (!a) return null;
      Object.assign(a, copy(outcome));
      return copy(a);
    },
    async releaseAttempt(id) {
      attempts.delete(id);
    },
    async listAttempts(assignmentId, opts) {
      return [...attempts.values()]
        .filter((a) => a.assignmentId === assignmentId && a.runId !== null && (!opts?.playerId || a.playerId === opts.playerId))
        .sort((a, b) => a.submittedAt!.getTime() - b.submittedAt!.getTime() || a.number - b.number || (a.id < b.id ? -1 : 1))
        .map(copy);
    },
  };
}
