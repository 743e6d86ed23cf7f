/**
 * Published scenarios (README "Publishing scenarios"): files teachers write in the editor,
 * owned by an account, each edit a new version. The repository only stores; who may do what
 * is decided in server/http/publishing-access.ts. Implemented in memory (authored-memory.ts)
 * and over Prisma (authored-prisma.ts), held to one behaviour suite (tests/integration/db).
 */
import type { ScenarioDoc, ScenarioRecord } from './types';

/**
 * private: its owner only (404 to everyone else); link: anyone with the link plays and hosts it,
 * never listed; rooms: only its owner hosts it, students play it in those rooms; public: the gallery.
 */
export const PUBLISH_STATES = ['private', 'link', 'rooms', 'public'] as const;
export type PublishState = (typeof PUBLISH_STATES)[number];

export interface AuthoredVersion {
  version: number;
  hash: string;
  createdAt: Date;
}

export interface ReportRecord {
  id: string;
  scenarioId: string;
  version: number;
  reason: string;
  createdAt: Date;
}

export interface GalleryPage {
  items: ScenarioRecord[];
  /** Matches in all, for paging. */
  total: number;
}

export interface AuthoredRepo {
  /**
   * Stores a new published scenario, version 1, owned by `ownerAccountId`. Throws
   * ScenarioConflictError when the slug is taken by any scenario (deleted ones included: their
   * runs still name it) or reserved (isReservedSlug).
   */
  create(doc: ScenarioDoc, opts: { ownerAccountId: string; visibility: PublishState }): Promise<ScenarioRecord>;
  /**
   * A new version when the content changed (the slug never changes: `doc.slug` must be the
   * scenario's); an unchanged file writes nothing. Null when no such authored scenario.
   */
  update(id: string, doc: ScenarioDoc): Promise<ScenarioRecord | null>;
  setVisibility(id: string, visibility: PublishState): Promise<ScenarioRecord | null>;
  /** An admin's hide (with the reason shown to the owner), or unhide with `reason` null. */
  setHidden(id: string, hidden: { reason: string; at: Date } | null): Promise<ScenarioRecord | null>;
  /**
   * The owner's delete: a scenario no run or room points at is removed with its versions; one
   * with runs or rooms is kept for their replays and marked deleted (hidden from everything else).
   */
  remove(id: string, at: Date): Promise<'removed' | 'kept' | null>;
  /** An owner's scenarios, not deleted, most recently updated first. */
  listByOwner(ownerAccountId: string): Promise<ScenarioRecord[]>;
  /**
   * The gallery: public, not hidden, not deleted authored scenarios whose title or summary
   * contains `q` (case-insensitive; empty: all), by title then slug. `hidden`: instead the public
   * ones an admin hid (the admins' list to unhide from).
   */
  gallery(opts: { q?: string; offset: number; limit: number; hidden?: boolean }): Promise<GalleryPage>;
  /** Every stored version, newest first. */
  versions(id: string): Promise<AuthoredVersion[]>;
  report(input: { scenarioId: string; version: number; reason: string; at?: Date }): Promise<ReportRecord>;
  /** Reports on a scenario, newest first. */
  reports(scenarioId: string): Promise<ReportRecord[]>;
}
