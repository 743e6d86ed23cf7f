/**
 * Who may do what with a published scenario: one place, pure, so the API (server/http/publishing.ts)
 * and the rooms' catalog for hosting (published-catalog.ts) decide alike. An unpublished or hidden scenario must be indistinguishable
 * from a missing one to anyone but its owner (404, never 403); 403 is only for a scenario the
 * caller can see but does not own.
 */
import type { ScenarioRecord } from './types';

/** Who asks: a signed-in account (server/http/accounts.ts's Account fits), or null. Rooms pass only an id. */
export type Caller = { id: string; role?: 'teacher' | 'admin' } | null;

/** A scenario that belongs to a teacher account (published through the API). */
export function isPublished(s: ScenarioRecord): boolean {
  return s.kind === 'authored' && s.ownerAccountId !== null;
}

export function isOwner(s: ScenarioRecord, who: Caller): boolean {
  return who !== null && s.ownerAccountId !== null && s.ownerAccountId === who.id;
}

/**
 * Whether the caller may open it by its slug (read it, play it solo, submit runs on it). Deleted
 * ones are kept only for their replays: nobody opens them. Hidden ones: their owner only.
 * `rooms`: students play it in their teacher's rooms, where the room hands them the file.
 */
export function canOpen(s: ScenarioRecord, who: Caller): boolean {
  if (!isPublished(s)) return s.visibility !== 'private';
  if (s.deletedAt) return false;
  if (isOwner(s, who)) return true;
  if (s.hiddenAt) return false;
  return s.visibility === 'link' || s.visibility === 'public';
}

/** Whether the caller may start a room on it: `rooms` and `private` only by the owner. */
export function canHost(s: ScenarioRecord, who: Caller): boolean {
  return canOpen(s, who) && (!isPublished(s) || isOwner(s, who) || s.visibility === 'link' || s.visibility === 'public');
}

export type Refusal = 'unauthenticated' | 'not-found' | 'forbidden';

/** The owner's actions: edit (new version), set visibility, delete. */
export function ownerRefusal(s: ScenarioRecord | null, who: Caller): Refusal | null {
  if (!who) return 'unauthenticated';
  if (!s || !isPublished(s) || s.deletedAt) return 'not-found';
  if (isOwner(s, who)) return null;
  return canOpen(s, who) ? 'forbidden' : 'not-found';
}

/** An admin's hide or unhide: any published scenario but a deleted one; others are refused as they see it. */
export function adminRefusal(s: ScenarioRecord | null, who: Caller): Refusal | null {
  if (!who) return 'unauthenticated';
  if (!s || !isPublished(s) || s.deletedAt) return 'not-found';
  if (who.role === 'admin') return null;
  return canOpen(s, who) ? 'forbidden' : 'not-found';
}
