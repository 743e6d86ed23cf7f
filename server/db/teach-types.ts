/**
 * Storage contract of a teacher's work (README "Assignments and class history"): self-paced
 * assignments with their attempts, classes, and the rooms a signed-in teacher hosted.
 * Implemented in memory (assignments-memory.ts, classes-memory.ts) and over Prisma
 * (assignments-prisma.ts, classes-prisma.ts); tests/integration/db/teach-contract.ts holds
 * all three (memory, SQLite, PostgreSQL) to it. Owners are account ids (plain strings: the
 * accounts' table belongs to the auth library). Nothing here checks who asks: the HTTP
 * layer answers another teacher's ids with 404 before calling these.
 */

export interface AssignmentRecord {
  id: string;
  /** Short, unique, upper-case letters and digits: what students type (or /a/<code>). */
  code: string;
  ownerAccountId: string;
  classId: string | null;
  title: string;
  scenarioId: string;
  scenarioSlug: string;
  /** The version current when the assignment was created: every attempt plays this one. */
  scenarioVersion: number;
  opensAt: Date;
  closesAt: Date;
  attemptsAllowed: number;
  showScoresBeforeClose: boolean;
  createdAt: Date;
}

export type NewAssignment = Omit<AssignmentRecord, 'id' | 'createdAt'>;

/** One attempt: reserved (its number taken) before the run is verified, then completed with the run's figures. */
export interface AttemptRecord {
  id: string;
  assignmentId: string;
  playerId: string;
  nickname: string;
  /** 1, 2, ... per player per assignment. */
  number: number;
  /** Null while the run is being verified (a reservation). */
  runId: string | null;
  verified: boolean;
  verifyNote: string | null;
  score: number | null;
  met: number | null;
  missed: number | null;
  stranded: number | null;
  createdAt: Date;
  submittedAt: Date | null;
}

export interface AttemptOutcome {
  runId: string;
  verified: boolean;
  verifyNote: string | null;
  score: number;
  met: number;
  missed: number;
  stranded: number;
  submittedAt: Date;
}

export interface AssignmentRepo {
  /** Throws AssignmentCodeTakenError when the code is in use (the caller draws another). */
  create(input: NewAssignment): Promise<AssignmentRecord>;
  get(id: string): Promise<AssignmentRecord | null>;
  /** Case-insensitive. */
  getByCode(code: string): Promise<AssignmentRecord | null>;
  /** The owner's assignments, newest first. */
  listByOwner(ownerAccountId: string): Promise<AssignmentRecord[]>;
  listByClass(classId: string): Promise<AssignmentRecord[]>;
  /** Tags (or untags, null) the assignment with a class; false when no such assignment. */
  setClass(id: string, classId: string | null): Promise<boolean>;
  /**
   * Takes the player's next attempt number if fewer than `limit` are taken (completed or
   * still being verified); null when they are all used. Atomic: two submissions at once
   * never take more than `limit` between them.
   */
  reserveAttempt(input: { assignmentId: string; playerId: string; nickname: string; limit: number }): Promise<AttemptRecord | null>;
  /** Fills a reserved attempt with its stored run; null when no such attempt. */
  completeAttempt(id: string, outcome: AttemptOutcome): Promise<AttemptRecord | null>;
  /** Gives a reservation back (the run could not be stored: busy, refused): it never counted. */
  releaseAttempt(id: string): Promise<void>;
  /** Completed attempts in submission order (oldest first); with `playerId`, that player's only. */
  listAttempts(assignmentId: string, opts?: { playerId?: string }): Promise<AttemptRecord[]>;
}

export class AssignmentCodeTakenError extends Error {
  constructor(code: string) {
    super(`the assignment code ${code} is taken`);
    this.name = 'AssignmentCodeTakenError';
  }
}

export interface ClassRecord {
  id: string;
  ownerAccountId: string;
  name: string;
  createdAt: Date;
}

/** A room a signed-in teacher hosted (the room row's owner columns). */
export interface OwnedRoom {
  code: string;
  kind: string;
  scenarioSlug: string;
  classId: string | null;
  state: string;
  createdAt: Date;
}

export interface ClassRepo {
  create(input: { ownerAccountId: string; name: string }): Promise<ClassRecord>;
  get(id: string): Promise<ClassRecord | null>;
  /** The owner's classes, oldest first. */
  listByOwner(ownerAccountId: string): Promise<ClassRecord[]>;
  /** Rooms the owner hosted, newest first. */
  listRooms(ownerAccountId: string): Promise<OwnedRoom[]>;
  listClassRooms(classId: string): Promise<OwnedRoom[]>;
  /**
   * Tags (or untags) a room the owner hosted; false when there is no such room or another
   * account hosted it (the caller answers 404 either way).
   */
  tagRoom(code: string, ownerAccountId: string, classId: string | null): Promise<boolean>;
}
