/**
 * Class history (contract in server/protocol/teach.ts, README "Assignments and class
 * history"): a signed-in teacher's classes, the rooms they hosted and their assignments
 * (the dashboard), tagging rooms and assignments with a class, and the class page: each
 * nickname's results across the tagged rooms' rounds (service.ts roomResults) and the tagged
 * assignments, with a CSV. Another teacher's class or room is answered as unknown (404).
 */
import type { IncomingMessage } from 'node:http';
import type { ApiResponse, ClassResultsResponse } from '../protocol/http';
import { roomResults } from '../db/service';
import { assignmentStandings } from '../db/assignment-results';
import type { ClassRecord } from '../db/teach-types';
import type { Ctx } from './api';
import { requireAccount, type TeachDeps } from './assignments';
import { HttpError } from './errors';
import { classCsv } from './teach-csv';

type ClassRoute = 'teachDashboard' | 'tagRoom' | 'createClass' | 'classResults';
type JsonHandlers = { [K in ClassRoute]: (ctx: Ctx<K>) => Promise<ApiResponse<K>> };
type Cell = ClassResultsResponse['rows'][number]['cells'][number];

const iso = (d: Date) => d.toISOString();
const wireClass = (c: ClassRecord) => ({ id: c.id, name: c.name, createdAt: iso(c.createdAt) });

export function createClassHandlers(deps: TeachDeps & { wireAssignment: (a: import('../db/teach-types').AssignmentRecord) => Promise<ApiResponse<'createAssignment'>['assignment']> }) {
  const { repos, accounts } = deps;

  async function mine(req: IncomingMessage, id: string): Promise<ClassRecord> {
    const account = await requireAccount(accounts, req);
    const c = await repos.classes.get(id);
    if (!c || c.ownerAccountId !== account.id) throw new HttpError('unknown-class', `there is no class ${id}`);
    return c;
  }

  /** Columns: the tagged rooms' rounds (oldest room first), then the tagged assignments (oldest first). */
  async function results(c: ClassRecord): Promise<ClassResultsResponse> {
    const [rooms, assignments] = await Promise.all([repos.classes.listClassRooms(c.id), repos.assignments.listByClass(c.id)]);
    const columns: ClassResultsResponse['columns'] = [];
    // Per nickname, case-insensitively (a student is the same name across rooms and homework); the first spelling seen is shown.
    const rows = new Map<string, { nickname: string; cells: Map<number, Cell> }>();
    const put = (nickname: string, col: number, cell: Cell) => {
      const key = nickname.trim().toLowerCase();
      const row = rows.get(key) ?? { nickname: nickname.trim(), cells: new Map() };
      rows.set(key, row);
      const old = row.cells.get(col);
      // Two players under one name in one column: the better result stands.
      if (!old || (cell && (old.score ?? -Infinity) < (cell.score ?? -Infinity))) row.cells.set(col, cell);
    };
    for (const room of [...rooms].reverse()) {
      const r = await roomResults(repos, room.code);
      if (!r) continue;
      for (const round of r.rounds) {
        const col = columns.push({ kind: 'round', room: room.code, round: round.round, scenario: round.scenarioSlug, title: round.title }) - 1;
        for (const row of r.rows) {
          const cell = row.rounds[round.round];
          if (cell) put(row.nickname, col, { score: cell.score, rank: cell.rank, status: cell.status });
        }
      }
    }
    for (const a of [...assignments].reverse()) {
      const col = columns.push({ kind: 'assignment', id: a.id, code: a.code, title: a.title, scenario: a.scenarioSlug }) - 1;
      for (const s of assignmentStandings(await repos.assignments.listAttempts(a.id))) {
        put(s.nickname, col, { score: s.best?.score ?? null, rank: s.rank, status: s.best ? 'played' : 'unverified', attempts: s.attempts });
      }
    }
    const fold = (s: string) => s.toLowerCase();
    return {
      class: wireClass(c),
      columns,
      rows: [...rows.values()]
        .sort((a, b) => (fold(a.nickname) < fold(b.nickname) ? -1 : fold(a.nickname) > fold(b.nickname) ? 1 : 0))
        .map((r) => ({ nickname: r.nickname, cells: columns.map((_, i) => r.cells.get(i) ?? null) })),
    };
  }

  const json: JsonHandlers = {
    teachDashboard: async ({ req }) => {
      const account = await requireAccount(accounts, req);
      const [classes, rooms, assignments] = await Promise.all([
        repos.classes.listByOwner(account.id), repos.classes.listRooms(account.id), repos.assignments.listByOwner(account.id),
      ]);
      return {
        classes: classes.map(wireClass),
        rooms: await Promise.all(rooms.map(async (r) => ({
          code: r.code, kind: r.kind, scenario: r.scenarioSlug, classId: r.classId, state: r.state, createdAt: iso(r.createdAt),
          rounds: (await roomResults(repos, r.code))?.rounds.length ?? 0,
        }))),
        assignments: await Promise.all(assignments.map(deps.wireAssignment)),
      };
    },
    tagRoom: async ({ req, params, body }) => {
      const account = await requireAccount(accounts, req);
      if (body.classId) await mine(req, body.classId);
      if (!(await repos.classes.tagRoom(params.code, account.id, body.classId))) throw new HttpError('unknown-room', `there is no room ${params.code.toUpperCase()} of yours`);
      return { ok: true as const };
    },
    createClass: async ({ req, body }) => {
      const account = await requireAccount(accounts, req);
      return { class: wireClass(await repos.classes.create({ ownerAccountId: account.id, name: body.name })) };
    },
    classResults: async ({ req, params }) => results(await mine(req, params.id)),
  };

  const raw = {
    classCsv: async ({ req, res, params }: Ctx<'classCsv'>) => {
      const r = await results(await mine(req, params.id));
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="class-results.csv"`, 'cache-control': 'no-store' });
      res.end(classCsv(r));
    },
  };
  return { json, raw };
}
