/** Published scenarios in memory (the contract: authored-types.ts), over memory.ts's own maps. */
import { randomUUID } from 'node:crypto';
import type { ScenarioInput } from '../engine';
import type { AuthoredRepo, AuthoredVersion, PublishState, ReportRecord } from './authored-types';
import { isReservedSlug, searchTextOf } from './scenarios';
import { ScenarioConflictError, type RoomRecord, type RunRecord, type ScenarioDoc, type ScenarioRecord } from './types';

export interface MemoryScenarioStore {
  scenarios: Map<string, ScenarioRecord>;
  versions: Map<string, ScenarioInput>;
  runs: Map<string, RunRecord>;
  rooms: Map<string, RoomRecord>;
  newScenario(doc: ScenarioDoc, kind: ScenarioRecord['kind'], visibility: ScenarioRecord['visibility'], authorId: string | null, campaignOrder: number | null): ScenarioRecord;
  newVersion(s: ScenarioRecord, doc: ScenarioDoc): void;
  bySlug(slug: string): ScenarioRecord | null;
}

const copy = <T>(v: T): T => structuredClone(v);
const byTitle = (a: ScenarioRecord, b: ScenarioRecord) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

export function createMemoryAuthored(store: MemoryScenarioStore): AuthoredRepo {
  const meta = new Map<string, AuthoredVersion[]>(); // scenario id -> versions, oldest first
  const reports: ReportRecord[] = [];
  const authored = (id: string) => {
    const s = store.scenarios.get(id);
    return s && s.kind === 'authored' && s.ownerAccountId ? s : null;
  };
  const touch = (s: ScenarioRecord) => {
    // Strictly later than the last change, so "most recently updated" orders even within one millisecond.
    s.updatedAt = new Date(Math.max(Date.now(), s.updatedAt.getTime() + 1));
  };

  return {
    async create(doc, { ownerAccountId, visibility }) {
      if (isReservedSlug(doc.slug) || store.bySlug(doc.slug)) throw new ScenarioConflictError(doc.slug);
      const s = store.newScenario(doc, 'authored', visibility, null, null);
      s.ownerAccountId = ownerAccountId;
      meta.set(s.id, [{ version: 1, hash: doc.hash, createdAt: new Date(s.createdAt) }]);
      return copy(s);
    },
    async update(id, doc) {
      const s = authored(id);
      if (!s) return null;
      if (doc.slug !== s.slug) throw new Error(`the slug of ${s.slug} cannot change`);
      if (s.hash !== doc.hash) {
        store.newVersion(s, doc);
        touch(s);
        meta.get(s.id)?.push({ version: s.version, hash: doc.hash, createdAt: new Date(s.updatedAt) });
      }
      return copy(s);
    },
    async setVisibility(id, visibility: PublishState) {
      const s = authored(id);
      if (!s) return null;
      if (s.visibility !== visibility) {
        s.visibility = visibility;
        touch(s);
      }
      return copy(s);
    },
    async setHidden(id, hidden) {
      const s = authored(id);
      if (!s) return null;
      s.hiddenAt = hidden ? new Date(hidden.at) : null;
      s.hiddenReason = hidden ? hidden.reason : null;
      return copy(s);
    },
    async remove(id, at) {
      const s = authored(id);
      if (!s) return null;
      const used = [...store.runs.values()].some((r) => r.scenarioId === id) || [...store.rooms.values()].some((r) => r.scenarioId === id);
      if (used) {
        s.deletedAt ??= new Date(at);
        return 'kept';
      }
      store.scenarios.delete(id);
      for (const key of [...store.versions.keys()]) if (key.startsWith(`${id}@`)) store.versions.delete(key);
      meta.delete(id);
      for (let i = reports.length - 1; i >= 0; i--) if (reports[i].scenarioId === id) reports.splice(i, 1);
      return 'removed';
    },
    async listByOwner(ownerAccountId) {
      const mine = [...store.scenarios.values()].filter((s) => s.kind === 'authored' && s.ownerAccountId === ownerAccountId && !s.deletedAt);
      return copy(mine.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || byTitle(a, b)));
    },
    async gallery({ q, offset, limit, hidden }) {
      const needle = (q ?? '').trim().toLowerCase();
      const all = [...store.scenarios.values()]
        .filter((s) => s.kind === 'authored' && s.ownerAccountId && s.visibility === 'public' && !s.hiddenAt === !hidden && !s.deletedAt)
        .filter((s) => !needle || searchTextOf(s).includes(needle))
        .sort(byTitle);
      return { items: copy(all.slice(offset, offset + limit)), total: all.length };
    },
    async versions(id) {
      return copy([...(meta.get(id) ?? [])].reverse());
    },
    async report({ scenarioId, version, reason, at }) {
      if (!store.scenarios.has(scenarioId)) throw new Error('unknown scenario');
      const r: ReportRecord = { id: randomUUID(), scenarioId, version, reason, createdAt: at ?? new Date() };
      reports.push(r);
      return copy(r);
    },
    async reports(scenarioId) {
      return copy(reports.filter((r) => r.scenarioId === scenarioId).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()));
    },
  };
}
