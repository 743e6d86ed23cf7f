import type { Action, GameState } from '../types';
import { NONE } from '../types';
import { orderActor, type OrderRule, type StandingOrder } from './types';
import { allowed, byUrgency, pinned, runnerOn, urgency, wakersNow } from './view';

/**
 * Standing orders turned into ordinary actions, for one tick. Given the state before
 * its next tick runs, `ordersFor` says which `place` (a task waking now) and `migrate`
 * actions the orders give; the caller submits them like any player's move, so they
 * join the action log and the server verifies the run as any other (the orders are
 * never sent, only what they did). Pure: same state and orders, same actions.
 *
 * The orders are read in list order, each over the tasks it concerns, most urgent
 * first (priority; earliest deadline under edf; then task order). A task gets at most
 * one action per tick (the first order that moves it), a CPU receives at most one
 * task per tick (it is then "claimed"), and tasks in `skip` (the player's own queued
 * moves and planned wakeups) are left alone: the player's hand beats the orders.
 *
 * "Idle" means an empty runqueue now. An idle CPU that a task waking now will land on
 * anyway (its previous CPU: every balancer wakes a task there when it is free) is
 * claimed by that task from the start, so no order sends a second task to it.
 *
 * The rules:
 * - `wake-idle`: a task waking now whose previous CPU is busy wakes on the lowest idle CPU it may use.
 * - `wake-lowest`: a task waking now whose previous CPU is busy wakes on the lowest idle CPU it may
 *   use, else on the CPU whose runner has the lowest priority below its own and is not pinned
 *   (preempting a pinned task would strand it); ties by the previous CPU, then the lowest CPU.
 *   If that CPU is its previous one, nothing is logged (it wakes there anyway).
 * - `rescue-pinned`: where a pinned task waits behind a runner that is not pinned, the runner
 *   moves to the lowest idle CPU it may use, so the pinned task runs (what Linux 5.11's stopper
 *   does late, R5, and an idle CPU never asks for, R8).
 * - `spread-queued`: a waiting task that is not pinned moves to the lowest idle CPU it may use.
 *
 * Filters: `minPriority`/`maxPriority` select the tasks an order moves (by their priority,
 * under edf too); `cpus` limits the CPUs it sends them to.
 */
export function ordersFor(s: GameState, orders: readonly StandingOrder[], skip: ReadonlySet<string> = new Set()): Action[] {
  if (orders.length === 0 || s.tick >= s.scenario.duration) return [];
  const specs = s.scenario.tasks;
  const ncpu = s.cpus.length;
  const runner = Array.from({ length: ncpu }, (_, c) => runnerOn(s, c));
  const idle = s.cpus.map((c) => c.queue.length === 0);
  const claimed = new Array<boolean>(ncpu).fill(false);
  const handled = new Set<number>();
  for (let t = 0; t < specs.length; t++) if (skip.has(specs[t].id)) handled.add(t);

  // Wakers, most urgent first; those whose previous CPU is free take it (they land there anyway).
  const wakers = byUrgency(s, wakersNow(s));
  const contested: number[] = [];
  for (const t of wakers) {
    const prev = s.tasks[t].cpu;
    if (prev !== NONE && idle[prev] && !claimed[prev] && allowed(s, t, prev)) {
      claimed[prev] = true;
      handled.add(t);
    } else contested.push(t);
  }
  const waiting: number[] = [];
  for (let c = 0; c < ncpu; c++) for (const t of s.cpus[c].queue) if (t !== runner[c]) waiting.push(t);
  byUrgency(s, waiting);

  const out: Action[] = [];
  const emit = (rule: OrderRule, type: Action['type'], t: number, cpu: number) => {
    handled.add(t);
    claimed[cpu] = true;
    out.push({ tick: s.tick, type, task: specs[t].id, cpu, player: orderActor(rule) });
  };
  /** The lowest idle, unclaimed CPU the order may send task t to (not its own). */
  const idleFor = (o: StandingOrder, t: number): number => {
    for (let c = 0; c < ncpu; c++) {
      if (idle[c] && !claimed[c] && c !== s.tasks[t].cpu && allowed(s, t, c) && (!o.cpus || o.cpus.includes(c))) return c;
    }
    return NONE;
  };
  const selects = (o: StandingOrder, t: number): boolean => {
    if (handled.has(t)) return false;
    const p = specs[t].priority;
    return (o.minPriority === undefined || p >= o.minPriority) && (o.maxPriority === undefined || p <= o.maxPriority);
  };

  for (const o of orders) {
    switch (o.rule) {
      case 'wake-idle':
        for (const t of contested) {
          if (!selects(o, t)) continue;
          const c = idleFor(o, t);
          if (c !== NONE) emit(o.rule, 'place', t, c);
        }
        break;
      case 'wake-lowest':
        for (const t of contested) {
          if (!selects(o, t)) continue;
          const c = idleFor(o, t);
          if (c !== NONE) {
            emit(o.rule, 'place', t, c);
            continue;
          }
          const target = lowestPreemptable(s, o, t, runner, claimed);
          if (target === NONE) continue;
          if (target === s.tasks[t].cpu) {
            // It wakes there anyway: claim it, log nothing.
            handled.add(t);
            claimed[target] = true;
          } else emit(o.rule, 'place', t, target);
        }
        break;
      case 'rescue-pinned': {
        // The pinned waiters, most urgent first; each frees its CPU by moving the runner away.
        for (const w of waiting) {
          if (!pinned(s, w)) continue;
          const from = s.tasks[w].cpu;
          const r = runner[from];
          if (r === NONE || pinned(s, r) || !selects(o, r)) continue;
          const c = idleFor(o, r);
          if (c !== NONE) emit(o.rule, 'migrate', r, c);
        }
        break;
      }
      case 'spread-queued':
        for (const t of waiting) {
          if (pinned(s, t) || !selects(o, t)) continue;
          const c = idleFor(o, t);
          if (c !== NONE) emit(o.rule, 'migrate', t, c);
        }
        break;
    }
  }
  return out;
}

/** wake-lowest's busy target: the lowest unpinned runner below the waker, on a CPU it may use and the order allows. */
function lowestPreemptable(s: GameState, o: StandingOrder, t: number, runner: readonly number[], claimed: readonly boolean[]): number {
  const key = urgency(s, t);
  const prev = s.tasks[t].cpu;
  let best: number = NONE;
  let bestKey = 0;
  for (let c = 0; c < runner.length; c++) {
    const r = runner[c];
    if (claimed[c] || r === NONE || !allowed(s, t, c) || (o.cpus && !o.cpus.includes(c))) continue;
    if (pinned(s, r) || urgency(s, r) >= key) continue;
    const k = urgency(s, r);
    // Lower runner first; on a tie the previous CPU, then the lowest number (the loop order).
    if (best === NONE || k < bestKey || (k === bestKey && c === prev)) {
      best = c;
      bestKey = k;
    }
  }
  return best;
}
