/**
 * Fixed-window budgets per client address (submissions, policy runs, lab work, arena
 * entries): each request spends `cost` units; past the limit the request is refused with
 * the milliseconds until the window reopens. Refused requests spend nothing: a client
 * that keeps knocking is told the same wait. At most 10,000 addresses are remembered;
 * past that the table starts over (a flood of addresses forgets, it does not grow).
 */
export type AddressBudget = (address: string, cost?: number) => number;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export function windowBudget(limit: number, windowMs: number, now: () => number): AddressBudget {
  const windows = new Map<string, { start: number; used: number }>();
  return (address, cost = 1) => {
    const t = now();
    let w = windows.get(address);
    if (!w || t - w.start >= windowMs) {
      if (windows.size > 10_000) windows.clear();
      w = { start: t, used: 0 };
      windows.set(address, w);
    }
    if (w.used + cost > limit) return w.start + windowMs - t;
    w.used += cost;
    return 0;
  };
}
