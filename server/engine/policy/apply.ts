import { RULE_NAMES, type RuleName } from '../rules';
import { allowedOn, isPinned, migrate } from '../runqueue';
import type { BotName } from '../scenario';
import type { CpuId, GameState, TaskIndex } from '../types';
import { asCpuId, asTaskIndex } from '../types';
import type { Placement, PolicyRefusal } from './types';

/**
 * The engine's side of the policy interface: every answer is checked against the
 * authoritative state before anything changes. A bad answer is refused with a typed
 * reason (a `policy-refused` event in the trace) and skipped; the rest still applies.
 */

const RULES: ReadonlySet<string> = new Set(RULE_NAMES);

export type CheckedMove =
  | { ok: true; task: TaskIndex; cpu: CpuId; rule: RuleName }
  | { ok: false; reason: PolicyRefusal; task?: number; cpu?: number };

const isIndex = (x: unknown, n: number): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < n;
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Why a move a policy asked for cannot be made now, or the move itself. Pure. */
export function checkMove(s: GameState, m: unknown): CheckedMove {
  const reason = moveRefusal(s, m);
  if (reason === 'malformed') return { ok: false, reason };
  const { task, cpu, rule } = m as { task: number; cpu: number; rule?: RuleName };
  if (reason === 'unknown-task') return { ok: false, reason, cpu };
  if (reason === 'unknown-cpu') return { ok: false, reason, task };
  if (reason !== null) return { ok: false, reason, task, cpu };
  return { ok: true, task: asTaskIndex(task), cpu: asCpuId(cpu), rule: rule ?? 'policy' };
}

/**
 * checkMove's verdict alone: null when the move can be made. applyDecisions uses it
 * directly, so a good move (a kernel bot makes one on many ticks) allocates nothing.
 */
function moveRefusal(s: GameState, m: unknown): PolicyRefusal | null {
  if (!isObject(m) || typeof m.task !== 'number' || typeof m.cpu !== 'number') return 'malformed';
  const { task, cpu } = m;
  if (!isIndex(task, s.tasks.length)) return 'unknown-task';
  if (!isIndex(cpu, s.cpus.length)) return 'unknown-cpu';
  const rule = m.rule === undefined ? 'policy' : m.rule;
  if (typeof rule !== 'string' || !RULES.has(rule)) return 'unknown-rule';
  const t = asTaskIndex(task);
  const c = asCpuId(cpu);
  if (!s.tasks[t].runnable) return 'not-runnable';
  if (s.tasks[t].cpu === c) return 'same-cpu';
  if (!allowedOn(s, t, c)) return 'affinity';
  if (isPinned(s, t)) return 'pinned';
  return null;
}

function refuse(s: GameState, bot: BotName, reason: PolicyRefusal, task?: number, cpu?: number): void {
  s.events.push({
    type: 'policy-refused', bot, reason,
    ...(task !== undefined && isIndex(task, s.tasks.length) ? { task: s.scenario.tasks[task].id } : {}),
    ...(cpu !== undefined && Number.isInteger(cpu) ? { cpu } : {}),
  });
}

/** A note for the trace, if well-formed. */
function applyNote(s: GameState, bot: BotName, d: Record<string, unknown>): void {
  const { note, rule, cpu, task } = d;
  if (typeof note !== 'string' || !isIndex(cpu, s.cpus.length) || (task !== undefined && !isIndex(task, s.tasks.length))) {
    refuse(s, bot, 'malformed');
    return;
  }
  if (typeof rule !== 'string' || !RULES.has(rule)) {
    refuse(s, bot, 'unknown-rule', task as number | undefined, cpu);
    return;
  }
  // Two literals rather than a spread: notes come on many ticks, and a spread object is slow to build (same keys, same order).
  if (task === undefined) s.events.push({ type: 'kernel', bot, rule: rule as RuleName, cpu: asCpuId(cpu), note });
  else s.events.push({ type: 'kernel', bot, rule: rule as RuleName, cpu: asCpuId(cpu), task: s.scenario.tasks[task as number].id, note });
}

/** Applies what balance() or migrateEnable() returned: moves and notes, in order. */
export function applyDecisions(s: GameState, bot: BotName, out: unknown): void {
  if (!Array.isArray(out)) {
    refuse(s, bot, 'not-a-list');
    return;
  }
  for (let i = 0; i < out.length; i++) {
    const d: unknown = out[i];
    if (isObject(d) && 'note' in d) {
      applyNote(s, bot, d);
      continue;
    }
    if (moveRefusal(s, d) === null) {
      const m = d as { task: number; cpu: number; rule?: RuleName };
      migrate(s, asTaskIndex(m.task), asCpuId(m.cpu), { by: 'bot', bot, rule: m.rule ?? 'policy' });
      continue;
    }
    const m = checkMove(s, d);
    if (!m.ok) refuse(s, bot, m.reason, m.task, m.cpu);
  }
}

/**
 * What selectCpu() returned, checked: its notes go to the trace; a placement that is
 * not one of the task's CPUs (or not a placement) is refused (null), and the task then
 * wakes on its previous CPU. A good answer is returned as it is (no copy per wakeup).
 */
export function checkPlacement(s: GameState, bot: BotName, t: TaskIndex, p: unknown): Placement | null {
  if (!isObject(p) || typeof p.cpu !== 'number' || (p.head !== undefined && typeof p.head !== 'boolean') || (p.notes !== undefined && !Array.isArray(p.notes))) {
    refuse(s, bot, 'malformed', t);
    return null;
  }
  if (p.notes !== undefined) {
    for (const n of p.notes as unknown[]) {
      if (isObject(n)) applyNote(s, bot, n);
      else refuse(s, bot, 'malformed', t);
    }
  }
  const cpu = p.cpu;
  if (!isIndex(cpu, s.cpus.length)) {
    refuse(s, bot, 'unknown-cpu', t, cpu);
    return null;
  }
  if (typeof p.rule !== 'string' || !RULES.has(p.rule)) {
    refuse(s, bot, 'unknown-rule', t, cpu);
    return null;
  }
  if (!allowedOn(s, t, asCpuId(cpu))) {
    refuse(s, bot, 'affinity', t, cpu);
    return null;
  }
  return p as unknown as Placement;
}
