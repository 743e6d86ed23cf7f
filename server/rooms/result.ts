import type { Reason } from '../protocol';

/** A room operation's outcome: a value, or a refusal reason as data (no state changed). */
export type Result<T = object> = { ok: true; value: T } | { ok: false; reason: Reason; detail?: string };

export function refuse(reason: Reason, detail?: string): { ok: false; reason: Reason; detail?: string } {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}
