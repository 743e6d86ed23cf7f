import { z } from 'zod';

/**
 * Assignments and class history (README "Assignments and class history"; served by
 * server/http/assignments.ts and server/http/classes.ts, spread into API_ROUTES in http.ts).
 * Teachers' routes need a signed-in account (`unauthenticated` 401) and answer another
 * account's assignment, class or room as not found (404, never 403: its existence is not
 * told). Students' routes (/api/a/:code...) need no account: the anonymous player token.
 */

const isoDate = z.iso.datetime();
/** Our own ids (UUIDs) in paths and bodies. */
export const teachIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'not an id' });
/** What students type: letters and digits, any case. */
export const assignmentCodeSchema = z.string().regex(/^[A-Za-z0-9]{4,12}$/, { error: 'not an assignment code' });
const slug = z.string().regex(/^[a-z0-9][a-z0-9~-]{0,80}$/, { error: 'not a scenario slug' });

/** Attempts a teacher may allow per student. */
export const MAX_ATTEMPTS_ALLOWED = 100;

export const createAssignmentSchema = z.strictObject({
  /** A built-in level's slug or an authored scenario's: pinned to its version current now. */
  scenario: slug,
  title: z.string().trim().min(1, { error: 'title must not be empty' }).max(80, { error: 'title: at most 80 characters' }),
  opensAt: z.iso.datetime({ offset: true, error: 'opensAt: an ISO 8601 date and time' }),
  closesAt: z.iso.datetime({ offset: true, error: 'closesAt: an ISO 8601 date and time' }),
  attemptsAllowed: z.number().int().min(1, { error: 'attemptsAllowed: at least 1' }).max(MAX_ATTEMPTS_ALLOWED, { error: `attemptsAllowed: at most ${MAX_ATTEMPTS_ALLOWED}` }),
  /** Students see the standings before the close (their own attempts always). */
  showScoresBeforeClose: z.boolean(),
  classId: teachIdSchema.nullable().optional(),
}).refine((a) => Date.parse(a.closesAt) > Date.parse(a.opensAt), { error: 'closesAt must be after opensAt', path: ['closesAt'] });
export type CreateAssignmentRequest = z.input<typeof createAssignmentSchema>;

export const ASSIGNMENT_STATES = ['not-open', 'open', 'closed'] as const;

/** What a student sees of an assignment. */
export const publicAssignmentSchema = z.object({
  code: z.string(),
  title: z.string(),
  scenario: z.string(),
  scenarioVersion: z.number().int(),
  scenarioTitle: z.string(),
  opensAt: isoDate,
  closesAt: isoDate,
  attemptsAllowed: z.number().int(),
  showScoresBeforeClose: z.boolean(),
  state: z.enum(ASSIGNMENT_STATES),
});

export const assignmentSchema = publicAssignmentSchema.extend({
  id: z.string(),
  /** The students' link, relative to the site: /a/<code>. */
  link: z.string(),
  classId: z.string().nullable(),
  createdAt: isoDate,
});
export type AssignmentWire = z.infer<typeof assignmentSchema>;

export const attemptSchema = z.object({
  number: z.number().int().min(1),
  nickname: z.string(),
  runId: z.string(),
  verified: z.boolean(),
  /** Why the run is not verified (null when it is). */
  reason: z.string().nullable(),
  score: z.number().int(),
  met: z.number().int(),
  missed: z.number().int(),
  stranded: z.number().int(),
  submittedAt: isoDate,
});

/**
 * One student's standing: the best verified attempt (ranked by the one ranking rule of
 * rooms: score, then fewer missed, then fewer stranded; ties share a rank). A student with
 * unverified attempts only is listed unranked.
 */
export const standingSchema = z.object({
  rank: z.number().int().min(1).nullable(),
  nickname: z.string(),
  best: z.number().int().nullable(),
  bestRunId: z.string().nullable(),
  missed: z.number().int().nullable(),
  stranded: z.number().int().nullable(),
  attempts: z.number().int().min(0),
  lastSubmittedAt: isoDate,
});

export const teacherAssignmentResponseSchema = z.object({
  assignment: assignmentSchema,
  students: z.array(standingSchema.extend({ playerId: z.string(), verifiedAttempts: z.number().int().min(0) })),
  /** Every attempt, newest first, verified or not. */
  attempts: z.array(attemptSchema.extend({ playerId: z.string() })),
});
export type TeacherAssignmentResponse = z.infer<typeof teacherAssignmentResponseSchema>;

export const studentAssignmentQuerySchema = z.object({ player: z.string().min(8).max(200).optional() });

export const studentAssignmentResponseSchema = z.object({
  assignment: publicAssignmentSchema,
  /** The pinned version's scenario file (format 1): the browser plays this. */
  scenarioJson: z.unknown(),
  /** The asking player's attempts (null without a known player token). */
  me: z.object({ attempts: z.array(attemptSchema), attemptsLeft: z.number().int().min(0) }).nullable(),
  /** Null while hidden: before the close, unless the teacher shows scores early. */
  standings: z.array(standingSchema).nullable(),
});
export type StudentAssignmentResponse = z.infer<typeof studentAssignmentResponseSchema>;

export const assignmentRunSchema = z.strictObject({
  playerToken: z.string().min(8).max(200),
  /** The name this attempt is listed under (default: the player's). */
  nickname: z.string().trim().min(1, { error: 'nickname must not be empty' }).max(32, { error: 'nickname: at most 32 characters' }).optional(),
  seed: z.number().int().min(0).max(0xffffffff),
  actions: z.array(z.unknown()).max(200_000),
  finalHash: z.string().min(1).max(128),
  score: z.number().int(),
});
export type AssignmentRunRequest = z.input<typeof assignmentRunSchema>;

export const assignmentRunResponseSchema = z.object({
  attempt: attemptSchema,
  attemptsLeft: z.number().int().min(0),
});

export const setClassSchema = z.strictObject({ classId: teachIdSchema.nullable() });

export const createClassSchema = z.strictObject({
  name: z.string().trim().min(1, { error: 'name must not be empty' }).max(60, { error: 'name: at most 60 characters' }),
});

export const classSchema = z.object({ id: z.string(), name: z.string(), createdAt: isoDate });

export const ownedRoomSchema = z.object({
  code: z.string(),
  kind: z.string(),
  scenario: z.string(),
  classId: z.string().nullable(),
  state: z.string(),
  createdAt: isoDate,
  /** Rounds with stored results. */
  rounds: z.number().int().min(0),
});

/** A column of the class page: one round of a tagged room, or one tagged assignment. */
export const classColumnSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('round'), room: z.string(), round: z.number().int().min(1), scenario: z.string(), title: z.string() }),
  z.object({ kind: z.literal('assignment'), id: z.string(), code: z.string(), title: z.string(), scenario: z.string() }),
]);

export const classCellSchema = z.object({
  score: z.number().int().nullable(),
  rank: z.number().int().min(1).nullable(),
  /** played (ranked), unverified, removed (by the host, rooms only). */
  status: z.enum(['played', 'unverified', 'removed']),
  /** Assignments: attempts made. */
  attempts: z.number().int().min(0).optional(),
});

export const classResultsResponseSchema = z.object({
  class: classSchema,
  columns: z.array(classColumnSchema),
  /** One row per nickname (case-insensitive), by nickname; `cells[i]` is column i (null: absent). */
  rows: z.array(z.object({ nickname: z.string(), cells: z.array(classCellSchema.nullable()) })),
});
export type ClassResultsResponse = z.infer<typeof classResultsResponseSchema>;

const okSchema = z.object({ ok: z.literal(true) });

export const TEACH_ROUTES = {
  /** The signed-in teacher's classes, rooms (with rounds) and assignments. */
  teachDashboard: {
    method: 'GET', path: '/api/teach', status: 200,
    response: z.object({ classes: z.array(classSchema), rooms: z.array(ownedRoomSchema), assignments: z.array(assignmentSchema) }),
  },
  tagRoom: { method: 'POST', path: '/api/teach/rooms/:code/class', status: 200, params: { code: assignmentCodeSchema }, body: setClassSchema, response: okSchema },
  createAssignment: { method: 'POST', path: '/api/assignments', status: 201, body: createAssignmentSchema, response: z.object({ assignment: assignmentSchema }) },
  teacherAssignment: { method: 'GET', path: '/api/assignments/:id', status: 200, params: { id: teachIdSchema }, response: teacherAssignmentResponseSchema },
  /** text/csv: one row per attempt (README "Assignments and class history"). */
  assignmentCsv: { method: 'GET', path: '/api/assignments/:id/results.csv', status: 200, params: { id: teachIdSchema }, response: null },
  tagAssignment: { method: 'POST', path: '/api/assignments/:id/class', status: 200, params: { id: teachIdSchema }, body: setClassSchema, response: okSchema },
  studentAssignment: {
    method: 'GET', path: '/api/a/:code', status: 200, params: { code: assignmentCodeSchema }, query: studentAssignmentQuerySchema,
    response: studentAssignmentResponseSchema,
  },
  /**
   * A solo run of the assignment: verified as POST /api/runs and recorded as an attempt.
   * Refusals, nothing stored: assignment-not-open / assignment-closed 409 (the dates in the
   * message), attempts-used 409, duplicate-run 409, rate-limited 429, busy 503.
   */
  assignmentSubmit: { method: 'POST', path: '/api/a/:code/runs', status: 201, params: { code: assignmentCodeSchema }, body: assignmentRunSchema, response: assignmentRunResponseSchema },
  createClass: { method: 'POST', path: '/api/classes', status: 201, body: createClassSchema, response: z.object({ class: classSchema }) },
  classResults: { method: 'GET', path: '/api/classes/:id', status: 200, params: { id: teachIdSchema }, response: classResultsResponseSchema },
  /** text/csv: one row per nickname, a column group per round and per assignment. */
  classCsv: { method: 'GET', path: '/api/classes/:id/results.csv', status: 200, params: { id: teachIdSchema }, response: null },
} as const;
