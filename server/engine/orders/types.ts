import { z } from 'zod';

/**
 * Standing orders: a player's balancer as data, not code. Each order names one of a
 * few fixed rules, optionally narrowed to tasks of some priorities and to target CPUs.
 * The rules are documented in README.md ("Standing orders") and in orders.ts.
 */
export const ORDER_RULES = ['wake-idle', 'wake-lowest', 'rescue-pinned', 'spread-queued'] as const;
export type OrderRule = (typeof ORDER_RULES)[number];

export interface StandingOrder {
  rule: OrderRule;
  /** Only tasks whose priority is at least this (inclusive). */
  minPriority?: number;
  /** Only tasks whose priority is at most this (inclusive). */
  maxPriority?: number;
  /** Only send tasks to these CPUs (default: any CPU the task may use). */
  cpus?: number[];
}

/** At most this many orders: the list is read in order on every tick. */
export const MAX_ORDERS = 16;

export const standingOrderSchema = z.strictObject({
  rule: z.enum(ORDER_RULES),
  minPriority: z.number().int().min(1).max(99).optional(),
  maxPriority: z.number().int().min(1).max(99).optional(),
  cpus: z.array(z.number().int().min(0).max(63)).min(1).max(64).optional(),
}).refine((o) => o.minPriority === undefined || o.maxPriority === undefined || o.minPriority <= o.maxPriority, {
  error: 'minPriority must not exceed maxPriority',
  path: ['minPriority'],
});

export const standingOrdersSchema = z.array(standingOrderSchema).max(MAX_ORDERS);

export type OrdersParse = { ok: true; value: StandingOrder[] } | { ok: false; errors: { path: string; message: string }[] };

/** Validates a list of orders (from storage or a form); errors name the bad entry, e.g. `[1].cpus`. */
export function parseOrders(input: unknown): OrdersParse {
  const r = standingOrdersSchema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, ''), message: i.message })),
  };
}

/** The `player` an order's action carries in the log: who decided, for the timeline and replays. */
export function orderActor(rule: OrderRule): string {
  return `order:${rule}`;
}
