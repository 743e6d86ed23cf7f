/**
 * Standing orders and decision points: a player's balancer as data (a few fixed
 * rules), turned into ordinary actions one tick at a time, and the moments a player
 * has something to decide. Self-contained: it reads the engine's state and writes
 * nothing, and a Session logs what it yields like any move.
 */
import type { Session } from '../session';
import { ordersFor } from './orders';
import type { StandingOrder } from './types';

export { ORDER_RULES, MAX_ORDERS, standingOrderSchema, standingOrdersSchema, parseOrders, orderActor, type OrderRule, type StandingOrder, type OrdersParse } from './types';
export { ordersFor } from './orders';
export { decisionPoints, decisionKey, DecisionWatch, type DecisionPoint } from './decisions';

/**
 * Submits this tick's orders to a session (before its next step), leaving alone the
 * tasks the player already moved or placed. Returns how many actions were accepted;
 * an order's action that the session refuses is dropped (the orders never check more
 * than a player sees, and the session has the last word).
 */
export function applyOrders(session: Session, orders: readonly StandingOrder[]): number {
  if (orders.length === 0 || session.finished) return 0;
  const skip = new Set(session.queued.map((a) => a.task));
  let n = 0;
  for (const a of ordersFor(session.state, orders, skip)) {
    const r = session.submit(a.task, a.cpu, { player: a.player as string });
    if (r.ok) n++;
  }
  return n;
}

/** A whole run played by standing orders alone: the action log a player's client would send. */
export function playOrders(session: Session, orders: readonly StandingOrder[]): void {
  while (!session.finished) {
    applyOrders(session, orders);
    session.step();
  }
}
