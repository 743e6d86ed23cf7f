'use client';

import { useId, useMemo, useState } from 'react';
import { ORDER_RULES, parseOrders, type OrderRule, type StandingOrder } from '../../server/engine/orders';
import { parseCpuSet } from '../lib/cpuSet';

/** What each rule does, for the panel (the README's "Standing orders" says the same). */
export const ORDER_TEXT: Record<OrderRule, { name: string; text: string }> = {
  'wake-idle': { name: 'Wakers to an idle CPU', text: 'A task waking where another already runs wakes on an idle CPU instead.' },
  'wake-lowest': { name: 'Wakers past pinned tasks', text: 'Like the first, and with no idle CPU the waker preempts the lowest-priority task that is not pinned (never stacking on a pinned one).' },
  'rescue-pinned': { name: 'Free pinned tasks', text: 'Where a pinned task waits behind a movable one, the movable one goes to an idle CPU.' },
  'spread-queued': { name: 'Queued tasks to idle CPUs', text: 'A waiting task that is not pinned moves to an idle CPU (each move may cost the migration cost).' },
};

interface Row {
  on: boolean;
  minPriority: string;
  maxPriority: string;
  cpus: string;
}

const EMPTY: Row = { on: false, minPriority: '', maxPriority: '', cpus: '' };

function toOrders(rows: Record<OrderRule, Row>, cpus: number): { orders: StandingOrder[] } | { error: string } {
  const list: unknown[] = [];
  for (const rule of ORDER_RULES) {
    const r = rows[rule];
    if (!r.on) continue;
    const set = parseCpuSet(r.cpus, cpus);
    if (!set.ok) return { error: `${ORDER_TEXT[rule].name}: ${set.message}.` };
    list.push({
      rule,
      ...(r.minPriority.trim() ? { minPriority: Number(r.minPriority) } : {}),
      ...(r.maxPriority.trim() ? { maxPriority: Number(r.maxPriority) } : {}),
      ...(set.cpus ? { cpus: set.cpus } : {}),
    });
  }
  const parsed = parseOrders(list);
  if (!parsed.ok) {
    const e = parsed.errors[0];
    const i = Number(/^\[(\d+)\]/.exec(e.path)?.[1] ?? 0);
    const rule = (list[i] as { rule: OrderRule } | undefined)?.rule;
    return { error: `${rule ? ORDER_TEXT[rule].name : 'Orders'}: ${e.path.replace(/^\[\d+\]\.?/, '') || 'order'}: ${e.message}.` };
  }
  return { orders: parsed.value };
}

/**
 * Standing orders: the player's own balancer, as a few fixed rules with filters. They
 * act before every tick, as ordinary moves in the player's log (signed "order:…"), so
 * a run played with them replays and verifies like any other.
 */
export function StandingOrders({ cpus, orders, onChange, open }: { cpus: number; orders: readonly StandingOrder[]; onChange: (o: StandingOrder[]) => void; open?: boolean }) {
  const id = useId();
  const [rows, setRows] = useState<Record<OrderRule, Row>>(() => {
    const init = Object.fromEntries(ORDER_RULES.map((r) => [r, { ...EMPTY }])) as Record<OrderRule, Row>;
    for (const o of orders) {
      init[o.rule] = { on: true, minPriority: o.minPriority?.toString() ?? '', maxPriority: o.maxPriority?.toString() ?? '', cpus: o.cpus?.join(',') ?? '' };
    }
    return init;
  });
  const checked = useMemo(() => toOrders(rows, cpus), [rows, cpus]);
  const update = (rule: OrderRule, patch: Partial<Row>) => {
    const next = { ...rows, [rule]: { ...rows[rule], ...patch } };
    setRows(next);
    const r = toOrders(next, cpus);
    if ('orders' in r) onChange(r.orders);
  };
  const active = orders.length;
  const input = 'w-14 rounded border border-line bg-panel2 px-1 py-0.5 text-fg';
  return (
    <details open={open} className="rounded-lg border border-line bg-panel px-3 py-2 text-sm" data-testid="standing-orders">
      <summary className="cursor-pointer font-semibold">
        Standing orders {active > 0 ? <span className="text-oi-sky">({active} active)</span> : <span className="font-normal text-muted">(off)</span>}
      </summary>
      <p className="mt-1 text-xs text-muted">
        Your balancer for long runs: each active order acts before every tick, in this order, on the tasks it selects. What it does goes into your
        action log as your own moves (shown as “order:…”), so the server checks the moves, not the orders. Your own moves come first.
      </p>
      <ol className="mt-2 flex flex-col gap-2">
        {ORDER_RULES.map((rule) => {
          const r = rows[rule];
          const base = `${id}-${rule}`;
          return (
            <li key={rule} className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <label className="flex min-w-60 flex-1 items-start gap-2">
                <input type="checkbox" className="mt-1" checked={r.on} onChange={(e) => update(rule, { on: e.target.checked })} data-testid={`order-${rule}`} aria-describedby={`${base}-text`} />
                <span>
                  <span className="font-semibold">{ORDER_TEXT[rule].name}</span>
                  <span id={`${base}-text`} className="block text-xs text-muted">{ORDER_TEXT[rule].text}</span>
                </span>
              </label>
              <label className="flex items-center gap-1 text-xs text-muted">
                priority
                <input className={input} inputMode="numeric" placeholder="1" aria-label={`${ORDER_TEXT[rule].name}: lowest priority moved`} value={r.minPriority} onChange={(e) => update(rule, { minPriority: e.target.value })} />
                to
                <input className={input} inputMode="numeric" placeholder="99" aria-label={`${ORDER_TEXT[rule].name}: highest priority moved`} value={r.maxPriority} onChange={(e) => update(rule, { maxPriority: e.target.value })} />
              </label>
              <label className="flex items-center gap-1 text-xs text-muted">
                to CPUs
                <input className={`${input} w-20`} placeholder="all" aria-label={`${ORDER_TEXT[rule].name}: CPUs it may send tasks to, like 0-3,6`} value={r.cpus} onChange={(e) => update(rule, { cpus: e.target.value })} />
              </label>
            </li>
          );
        })}
      </ol>
      {'error' in checked && <p role="alert" className="mt-2 text-xs text-oi-vermillion">{checked.error} The orders in effect are the last valid ones.</p>}
    </details>
  );
}
