/**
 * In-memory repositories: the reference implementation of the contract in types.ts, used by
 * tests of other layers and when the server runs without a database. Everything returned is
 * a copy, as a database would return.
 */
import { randomUUID } from 'node:crypto';
import { beatsRecord } from '../engine';
import { createMemoryArena } from './arena-memory';
import { createMemoryAssignments } from './assignments-memory';
import { createMemoryClasses } from './classes-memory';
import { createMemoryAuthored } from './authored-memory';
import { createMemoryAuthStore } from './auth-store';
import { isReservedSlug, variantSlug } from './scenarios';
import {
  better,
  DuplicateRunError,
  levelRecord,
  ScenarioConflictError,
  type Board,
  type BoardEntry,
  type CampaignBoard,
  type CheckpointRecord,
  type Db,
  type NewRun,
  type ParticipantRecord,
  type PlayerRecord,
  type ProgressRecord,
  type RoomRecord,
  type RunRecord,
  type ScenarioDoc,
  type ScenarioRecord,
  type Visibility,
} from './types';

const copy = <T>(v: T): T => structuredClone(v);
const DONE_STATES = new Set(['finished', 'ended', 'closed']);

interface PlayerRow extends PlayerRecord {
  tokenHash: string;
  campaignScore: number;
  campaignStars: number;
  campaignAt: Date | null;
}

interface BestRow {
  scenarioId: string;
  version: number;
  playerId: string;
  runId: string;
  score: number;
  finishedAt: Date;
}

interface ProgressRow {
  playerId: string;
  scenarioId: string;
  bestScore: number;
  stars: number;
  runId: string;
  finishedAt: Date;
}

export function createMemoryRepositories(): Db {
  const players = new Map<string, PlayerRow>();
  const scenarios = new Map<string, ScenarioRecord>();
  const versions = new Map<string, ScenarioRecord['json']>(); // `${scenarioId}@${version}`
  const rooms = new Map<string, RoomRecord>();
  const participants = new Map<string, ParticipantRecord>();
  const checkpoints = new Map<string, CheckpointRecord>(); // by room id
  const runs = new Map<string, RunRecord>();
  const byContent = new Map<string, RunRecord>(); // contentKey -> the run it counts for
  const byIdempotencyKey = new Map<string, RunRecord>(); // the writer's key -> the run it stored
  const best = new Map<string, BestRow>(); // `${scenarioId}@${version}@${playerId}`
  const progress = new Map<string, ProgressRow>(); // `${playerId}@${scenarioId}`

  const pub = (p: PlayerRow): PlayerRecord => ({ id: p.id, nickname: p.nickname, createdAt: new Date(p.createdAt) });
  const bySlug = (slug: string) => [...scenarios.values()].find((s) => s.slug === slug) ?? null;
  const byCode = (code: string) => [...rooms.values()].find((r) => r.code === code) ?? null;

  function addVersion(s: ScenarioRecord): void {
    versions.set(`${s.id}@${s.version}`, copy(s.json));
  }

  function newScenario(doc: ScenarioDoc, kind: ScenarioRecord['kind'], visibility: Visibility, authorId: string | null, campaignOrder: number | null, slug = doc.slug): ScenarioRecord {
    const now = new Date();
    const s: ScenarioRecord = {
      id: randomUUID(), slug, title: doc.title, kind, visibility, authorId, version: 1, json: copy(doc.json), hash: doc.hash, campaignOrder, createdAt: now, updatedAt: now,
      ownerAccountId: null, hiddenAt: null, hiddenReason: null, deletedAt: null,
    };
    scenarios.set(s.id, s);
    addVersion(s);
    return s;
  }

  function newVersion(s: ScenarioRecord, doc: ScenarioDoc): void {
    s.version += 1;
    s.json = copy(doc.json);
    s.hash = doc.hash;
    s.title = doc.title;
    s.updatedAt = new Date();
    addVersion(s);
  }

  function recomputeCampaign(playerId: string, at: Date): void {
    const p = players.get(playerId);
    if (!p) return;
    let score = 0;
    let stars = 0;
    for (const row of progress.values()) {
      if (row.playerId !== playerId || scenarios.get(row.scenarioId)?.campaignOrder == null) continue;
      score += row.bestScore;
      stars += row.stars;
    }
    p.campaignScore = score;
    p.campaignStars = stars;
    p.campaignAt = at;
  }

  function rankBoard(rows: { playerId: string; runId: string; score: number; finishedAt: Date }[], limit: number, playerId?: string): Board {
    const sorted = rows
      .map((r) => ({ ...r, id: r.runId }))
      .sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
    const all: BoardEntry[] = sorted.map((r, i) => ({
      rank: i + 1,
      playerId: r.playerId,
      nickname: players.get(r.playerId)?.nickname ?? '',
      score: r.score,
      finishedAt: new Date(r.finishedAt),
      runId: r.runId,
    }));
    return { entries: all.slice(0, limit), me: (playerId && all.find((e) => e.playerId === playerId)) || null };
  }

  const db: Db = {
    provider: 'memory',
    async close() {},

    players: {
      async create({ tokenHash, nickname }) {
        if ([...players.values()].some((p) => p.tokenHash === tokenHash)) throw new Error('token already in use');
        const p: PlayerRow = { id: randomUUID(), tokenHash, nickname, createdAt: new Date(), campaignScore: 0, campaignStars: 0, campaignAt: null };
        players.set(p.id, p);
        return pub(p);
      },
      async ensure({ tokenHash, nickname }) {
        const found = [...players.values()].find((p) => p.tokenHash === tokenHash);
        return found ? pub(found) : db.players.create({ tokenHash, nickname });
      },
      async getByTokenHash(tokenHash) {
        const p = [...players.values()].find((x) => x.tokenHash === tokenHash);
        return p ? pub(p) : null;
      },
      async getById(id) {
        const p = players.get(id);
        return p ? pub(p) : null;
      },
      async rename(id, nickname) {
        const p = players.get(id);
        if (!p) return null;
        p.nickname = nickname;
        return pub(p);
      },
    },

    scenarios: {
      async listPublic() {
        const list = [...scenarios.values()].filter((s) => s.kind === 'builtin' || (s.kind === 'authored' && s.visibility === 'public' && !s.hiddenAt && !s.deletedAt));
        list.sort((a, b) => {
          if (a.kind !== b.kind) return a.kind === 'builtin' ? -1 : 1;
          if (a.kind === 'builtin') return (a.campaignOrder ?? 0) - (b.campaignOrder ?? 0);
          return a.title < b.title ? -1 : a.title > b.title ? 1 : a.slug < b.slug ? -1 : 1;
        });
        return copy(list);
      },
      async getBySlug(slug) {
        return copy(bySlug(slug));
      },
      async getById(id) {
        return copy(scenarios.get(id) ?? null);
      },
      async getVersion(scenarioId, version) {
        return copy(versions.get(`${scenarioId}@${version}`) ?? null);
      },
      async seedBuiltins(docs) {
        const out = { created: 0, updated: 0, unchanged: 0 };
        docs.forEach((doc, i) => {
          const s = bySlug(doc.slug);
          if (!s) {
            newScenario(doc, 'builtin', 'public', null, i + 1);
            out.created++;
            return;
          }
          if (s.kind !== 'builtin') throw new ScenarioConflictError(doc.slug);
          if (s.hash === doc.hash && s.campaignOrder === i + 1) {
            out.unchanged++;
            return;
          }
          if (s.hash !== doc.hash) newVersion(s, doc);
          s.campaignOrder = i + 1;
          out.updated++;
        });
        return out;
      },
      async upsertAuthored(doc, { authorId, visibility }) {
        if (isReservedSlug(doc.slug)) throw new ScenarioConflictError(doc.slug);
        const s = bySlug(doc.slug);
        if (!s) return copy(newScenario(doc, 'authored', visibility, authorId, null));
        if (s.kind !== 'authored' || s.authorId !== authorId) throw new ScenarioConflictError(doc.slug);
        if (s.hash !== doc.hash) newVersion(s, doc);
        if (s.visibility !== visibility) {
          s.visibility = visibility;
          s.updatedAt = new Date();
        }
        return copy(s);
      },
      async ensureDaily(doc) {
        let s = bySlug(doc.slug);
        if (s && s.kind !== 'daily') {
          s.slug = variantSlug(s.slug, s.hash);
          s = null;
        }
        if (!s) return copy(newScenario(doc, 'daily', 'public', null, null));
        if (s.hash !== doc.hash) newVersion(s, doc);
        return copy(s);
      },
      async resolve(doc) {
        for (const slug of [doc.slug, variantSlug(doc.slug, doc.hash)]) {
          const s = bySlug(slug);
          if (!s) continue;
          if (s.hash === doc.hash) return { scenarioId: s.id, slug: s.slug, version: s.version };
          for (let v = s.version - 1; v >= 1; v--) {
            const json = versions.get(`${s.id}@${v}`);
            if (json && JSON.stringify(json) === JSON.stringify(doc.json)) return { scenarioId: s.id, slug: s.slug, version: v };
          }
        }
        const s = newScenario(doc, 'variant', 'unlisted', null, null, variantSlug(doc.slug, doc.hash));
        return { scenarioId: s.id, slug: s.slug, version: s.version };
      },
    },

    rooms: {
      async create(input) {
        if (byCode(input.code)) throw new Error(`room code ${input.code} in use`);
        const s = scenarios.get(input.scenarioId);
        if (!s) throw new Error('unknown scenario');
        const now = new Date();
        const r: RoomRecord = {
          id: randomUUID(), code: input.code, kind: input.kind, hostTokenHash: input.hostTokenHash,
          scenarioId: input.scenarioId, scenarioSlug: s.slug, scenarioVersion: input.scenarioVersion, seed: input.seed,
          state: input.state ?? 'lobby', settings: copy(input.settings ?? {}), createdAt: now, updatedAt: now, startedAt: null, finishedAt: null,
          ownerAccountId: input.ownerAccountId ?? null, classId: input.classId ?? null,
        };
        rooms.set(r.id, r);
        return copy(r);
      },
      async getByCode(code) {
        return copy(byCode(code));
      },
      async updateState(code, state, at) {
        const r = byCode(code);
        if (!r) return null;
        if (DONE_STATES.has(r.state)) return copy(r);
        r.state = state;
        r.updatedAt = new Date();
        if (at?.startedAt) r.startedAt = new Date(at.startedAt);
        if (at?.finishedAt) r.finishedAt = new Date(at.finishedAt);
        return copy(r);
      },
      async reopen(code) {
        const r = byCode(code);
        if (!r) return null;
        if (r.state === 'ended') {
          r.state = 'lobby';
          r.finishedAt = null;
          r.updatedAt = new Date();
        }
        return copy(r);
      },
      async addParticipant(code, { playerId, nickname, seatKey }) {
        const r = byCode(code);
        if (!r) throw new Error(`no room ${code}`);
        const inRoom = [...participants.values()].filter((p) => p.roomId === r.id);
        const existing = inRoom.find((p) => p.seatKey === seatKey);
        if (existing) {
          existing.nickname = nickname;
          existing.playerId = playerId;
          return copy(existing);
        }
        const p: ParticipantRecord = { id: randomUUID(), roomId: r.id, playerId, nickname, seatKey, seat: inRoom.length, kicked: false, joinedAt: new Date() };
        participants.set(p.id, p);
        return copy(p);
      },
      async listParticipants(code, opts) {
        const r = byCode(code);
        if (!r) return [];
        return copy([...participants.values()].filter((p) => p.roomId === r.id && (opts?.includeKicked || !p.kicked)).sort((a, b) => a.seat - b.seat));
      },
      async kick(code, seatKey) {
        const r = byCode(code);
        const p = r && [...participants.values()].find((x) => x.roomId === r.id && x.seatKey === seatKey);
        if (!p) return false;
        p.kicked = true;
        return true;
      },
      async saveCheckpoint(cp) {
        const r = byCode(cp.roomCode);
        if (!r) throw new Error(`no room ${cp.roomCode}`);
        const old = checkpoints.get(r.id);
        const savedAt = cp.savedAt ?? new Date();
        // An older round or tick never overwrites a newer one; at the same tick, the state taken later wins.
        if (old && (old.round > cp.round || (old.round === cp.round && (old.tick > cp.tick || (old.tick === cp.tick && old.savedAt > savedAt))))) return;
        checkpoints.set(r.id, copy({ ...cp, savedAt }));
      },
      async listResumable() {
        const out: CheckpointRecord[] = [];
        for (const [roomId, cp] of checkpoints) {
          const r = rooms.get(roomId);
          if (r && !DONE_STATES.has(r.state)) out.push(copy(cp));
        }
        return out.sort((a, b) => (a.roomCode < b.roomCode ? -1 : 1));
      },
      async dropCheckpoint(code) {
        const r = byCode(code);
        if (r) checkpoints.delete(r.id);
      },
    },

    runs: {
      async saveRun(input: NewRun) {
        const s = scenarios.get(input.scenarioId);
        if (!s) throw new Error('unknown scenario');
        if (!players.has(input.playerId)) throw new Error('unknown player');
        const { countsGlobally: counts, contentKey, onDuplicate, idempotencyKey, ...rest } = input;
        const done = idempotencyKey ? byIdempotencyKey.get(idempotencyKey) : undefined;
        if (done) return copy(done);
        let countsGlobally = counts;
        const first = contentKey && input.verified && counts !== false ? byContent.get(contentKey) : undefined;
        if (first && first.playerId !== input.playerId) {
          if (onDuplicate === 'refuse') throw new DuplicateRunError(first.id);
          countsGlobally = false;
        }
        const run: RunRecord = {
          ...copy(rest),
          id: randomUUID(),
          roomId: input.roomId ?? null,
          stars: input.stars ?? null,
          verifyNote: input.verifyNote ?? null,
          round: input.round ?? null,
          removed: input.removed ?? false,
          startedAt: input.startedAt ?? null,
          createdAt: new Date(),
        };
        runs.set(run.id, run);
        if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, run);
        if (contentKey && run.verified && countsGlobally !== false && !first) byContent.set(contentKey, run);
        if (run.verified && countsGlobally !== false) {
          const key = `${run.scenarioId}@${run.scenarioVersion}@${run.playerId}`;
          const cur = best.get(key);
          if (!cur || better({ ...run }, { ...cur, id: cur.runId })) {
            best.set(key, { scenarioId: run.scenarioId, version: run.scenarioVersion, playerId: run.playerId, runId: run.id, score: run.score, finishedAt: run.finishedAt });
          }
          if (s.campaignOrder != null && run.stars != null) {
            const pk = `${run.playerId}@${run.scenarioId}`;
            const p = progress.get(pk);
            if (!p || beatsRecord(levelRecord(run.id, run.score, run.stars, run.finishedAt), levelRecord(p.runId, p.bestScore, p.stars, p.finishedAt))) {
              progress.set(pk, { playerId: run.playerId, scenarioId: run.scenarioId, bestScore: run.score, stars: run.stars, runId: run.id, finishedAt: run.finishedAt });
              recomputeCampaign(run.playerId, run.finishedAt);
            }
          }
        }
        return copy(run);
      },
      async getRun(id) {
        return copy(runs.get(id) ?? null);
      },
      async listRoomRuns(roomId) {
        return copy([...runs.values()].filter((r) => r.roomId === roomId).sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime() || (a.id < b.id ? -1 : 1)));
      },
      async replay(id) {
        const r = runs.get(id);
        if (!r) return null;
        const scenario = versions.get(`${r.scenarioId}@${r.scenarioVersion}`);
        if (!scenario) return null;
        return copy({ format: 1 as const, runId: r.id, scenario, scenarioVersion: r.scenarioVersion, seed: r.seed, bot: r.bot, actions: r.actions, finalHash: r.finalHash, score: r.score, verified: r.verified });
      },
    },

    leaderboards: {
      async scenario(scenarioId, opts) {
        const { limit, playerId } = opts;
        const s = scenarios.get(scenarioId);
        if (!s) return { entries: [], me: null };
        const version = opts.version ?? s.version;
        const rows = [...best.values()].filter((b) => b.scenarioId === scenarioId && b.version === version);
        return rankBoard(rows, limit, playerId);
      },
      async campaign({ limit, playerId }): Promise<CampaignBoard> {
        const rows = [...players.values()].filter((p) => p.campaignAt != null);
        rows.sort((a, b) => (better({ score: a.campaignScore, finishedAt: a.campaignAt!, id: a.id }, { score: b.campaignScore, finishedAt: b.campaignAt!, id: b.id }) ? -1 : 1));
        const all = rows.map((p, i) => ({ rank: i + 1, playerId: p.id, nickname: p.nickname, score: p.campaignScore, stars: p.campaignStars, reachedAt: new Date(p.campaignAt!) }));
        return { entries: all.slice(0, limit), me: (playerId && all.find((e) => e.playerId === playerId)) || null };
      },
    },

    progress: {
      async list(playerId) {
        const out: ProgressRecord[] = [];
        for (const p of progress.values()) {
          if (p.playerId !== playerId) continue;
          const s = scenarios.get(p.scenarioId)!;
          out.push({ scenarioId: p.scenarioId, slug: s.slug, bestScore: p.bestScore, stars: p.stars, runId: p.runId, finishedAt: new Date(p.finishedAt) });
        }
        return out.sort((a, b) => (scenarios.get(a.scenarioId)!.campaignOrder ?? 0) - (scenarios.get(b.scenarioId)!.campaignOrder ?? 0));
      },
    },
    arena: createMemoryArena(),
    assignments: createMemoryAssignments(),
    classes: createMemoryClasses(() => rooms.values()),
    authored: createMemoryAuthored({ scenarios, versions, runs, rooms, newScenario, newVersion, bySlug }),
    auth: createMemoryAuthStore(),
  };
  return db;
}
