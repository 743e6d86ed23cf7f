'use client';

import type { DecisionPoint } from '../../server/engine/orders';

/** One decision point in words: what happened, and what the player may do about it. */
export function decisionText(d: DecisionPoint): string {
  if (d.kind === 'wake') {
    return `${d.task} wakes now, and CPU ${d.cpu}, where it last ran, is busy with ${d.busyWith ?? 'another task'}. Choose where ${d.task} wakes: drag it onto a CPU, or select it and press the CPU's number.`;
  }
  return `CPU ${d.cpu} is idle while ${d.task} shares CPU ${d.from} with another task. Move ${d.task} to CPU ${d.cpu}, or let it be.`;
}

/**
 * Shown while the game waits on a decision point (auto-pause, "next decision", the
 * start of a paced level): why it stopped here, in words, and how to go on.
 */
export function DecisionBanner({ tick, decisions, playing }: { tick: number; decisions: readonly DecisionPoint[]; playing: boolean }) {
  if (playing || decisions.length === 0) return null;
  return (
    <div role="status" data-testid="decision" className="rounded-lg border border-oi-yellow/60 bg-oi-yellow/10 px-3 py-2 text-sm">
      <p className="font-semibold text-oi-yellow">Your call at tick {tick}</p>
      <ul className="mt-0.5 list-disc pl-5">
        {decisions.slice(0, 3).map((d) => <li key={`${d.kind}-${d.task}-${d.kind === 'idle' ? d.cpu : ''}`}>{decisionText(d)}</li>)}
        {decisions.length > 3 && <li>…and {decisions.length - 3} more.</li>}
      </ul>
      <p className="mt-0.5 text-xs text-muted">Then press Play (P), Step (N) or Next decision (E). Doing nothing is a choice too: the balancer acts when you do not.</p>
    </div>
  );
}
