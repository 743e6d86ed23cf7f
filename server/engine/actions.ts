import { z } from 'zod';
import type { Action } from './types';
import { formatPath, type ParseResult } from './scenario';

/** One player action, as it appears in an action log (DESIGN.md section 3). */
export const actionSchema = z.strictObject({
  tick: z.number().int().min(0),
  type: z.enum(['migrate', 'place']),
  task: z.string().min(1).max(24),
  cpu: z.number().int().min(0).max(63),
  player: z.string().max(64).optional(),
  owned: z.array(z.number().int().min(0).max(63)).max(64).optional(),
});

export const actionLogSchema = z.array(actionSchema).max(1_000_000)
  .refine((log) => log.every((a, i) => i === 0 || log[i - 1].tick <= a.tick), { error: 'actions must be in tick order' });

/** Validates an action log (a replay's input). Errors name the bad entry, e.g. `[3].cpu`. */
export function parseActionLog(input: unknown): ParseResult<Action[]> {
  const r = actionLogSchema.safeParse(input);
  if (!r.success) return { ok: false, errors: r.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  return { ok: true, value: r.data as Action[] };
}
