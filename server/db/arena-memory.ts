/** The arena's repository in memory (the reference for arena-types.ts; copies in and out, as a database). */
import { randomUUID } from 'node:crypto';
import type { ArenaRepo, ArenaSetResult, ArenaSubmissionRecord } from './arena-types';

const copy = <T>(v: T): T => structuredClone(v);

export function createMemoryArena(): ArenaRepo {
  const rows = new Map<string, ArenaSubmissionRecord>();
  const results = new Map<string, Map<number, ArenaSetResult>>();
  let secret: string | null = null;
  const row = (id: string) => {
    const r = rows.get(id);
    if (!r) throw new Error(`no arena submission ${id}`);
    return r;
  };
  return {
    async create(input) {
      for (const r of rows.values()) {
        if (r.suiteVersion === input.suiteVersion && r.codeHash === input.codeHash) return { submission: copy(r), created: false };
      }
      const r: ArenaSubmissionRecord = { ...input, id: randomUUID(), status: 'queued', setsDone: 0, totals: null, fault: null, createdAt: new Date(), evaluatedAt: null };
      rows.set(r.id, r);
      results.set(r.id, new Map());
      return { submission: copy(r), created: true };
    },
    async get(id) {
      const r = rows.get(id);
      return r ? copy(r) : null;
    },
    async list(suiteVersion) {
      return [...rows.values()]
        .filter((r) => r.suiteVersion === suiteVersion)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
        .map(({ code: _code, ...rest }) => copy(rest));
    },
    async results(id) {
      return [...(results.get(id)?.values() ?? [])].sort((a, b) => a.setIndex - b.setIndex).map(copy);
    },
    async startEvaluation(id) {
      const r = row(id);
      Object.assign(r, { status: 'evaluating', setsDone: 0, totals: null, fault: null, evaluatedAt: null });
      results.set(id, new Map());
    },
    async saveResult(id, result) {
      const r = row(id);
      const sets = results.get(id)!;
      sets.set(result.setIndex, copy(result));
      r.setsDone = sets.size;
    },
    async finish(id, end) {
      Object.assign(row(id), { status: end.status, totals: copy(end.totals), fault: copy(end.fault), evaluatedAt: new Date(end.at) });
    },
    async secret(candidate) {
      secret ??= candidate;
      return secret;
    },
  };
}
