/**
 * better-auth's rate-limit storage, one per accounts instance. Its built-in memory store is a
 * module-wide map (every instance in a process shares it); this one is the instance's own and
 * counts both sign-in routes (by e-mail, by username) in one bucket per address, so switching
 * route does not double an attacker's attempts.
 */
import type { BetterAuthOptions } from 'better-auth';
import { windowBudget, type AddressBudget } from '../http/budget';

type Storage = NonNullable<NonNullable<BetterAuthOptions['rateLimit']>['customStorage']>;

/** better-auth keys are `${ip}|${path}`. */
function bucketOf(key: string): string {
  const bar = key.lastIndexOf('|');
  const path = bar < 0 ? key : key.slice(bar + 1);
  return path.startsWith('/sign-in/') ? `${key.slice(0, bar)}|/sign-in` : key;
}

/** Fixed windows per address (server/http/budget.ts), one table per rule better-auth applies. */
export function memoryRateLimitStorage(now: () => number = Date.now): Storage {
  const budgets = new Map<string, AddressBudget>();
  return {
    async consume(key, rule) {
      const ruleId = `${rule.max}/${rule.window}`;
      let budget = budgets.get(ruleId);
      if (!budget) budgets.set(ruleId, (budget = windowBudget(rule.max, rule.window * 1000, now)));
      const waitMs = budget(bucketOf(key));
      return waitMs > 0 ? { allowed: false, retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) } : { allowed: true, retryAfter: null };
    },
  };
}
