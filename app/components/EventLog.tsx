'use client';

import { memo } from 'react';
import { refusalText, ruleText } from '../lib/explain';
import type { Marker, Timeline } from '../lib/timeline';

/** Who made a player move, in words: a player's name, "you", or one of your standing orders. */
function whoText(player: string | undefined): string {
  if (player === undefined) return 'you';
  return player.startsWith('order:') ? `your standing order ${player.slice('order:'.length)}` : player;
}

/** The notable events as text: the Gantt's text alternative, newest first. */
function markerText(m: Marker): string | null {
  switch (m.kind) {
    case 'migrate':
      return m.who === 'player'
        ? m.place
          ? m.from === m.to
            ? `tick ${m.tick}: ${whoText(m.player)} woke ${m.task} on CPU ${m.to}`
            : `tick ${m.tick}: ${whoText(m.player)} woke ${m.task} on CPU ${m.to} instead of CPU ${m.from}`
          : `tick ${m.tick}: ${whoText(m.player)} moved ${m.task} from CPU ${m.from} to CPU ${m.to}`
        : `tick ${m.tick}: kernel ${m.rule} moved ${m.task} from CPU ${m.from} to CPU ${m.to} (${ruleText(m.rule ?? '')})`;
    case 'miss':
      return `tick ${m.tick}: ${m.task} missed its deadline`;
    case 'preempt':
      return `tick ${m.tick}: ${m.by} preempted ${m.task} on CPU ${m.cpu}`;
    case 'refused':
      return `tick ${m.tick}: move of ${m.task} to CPU ${m.cpu} refused: ${refusalText(m.reason)}`;
    case 'complete':
      return m.met ? null : `tick ${m.tick}: ${m.task} finished late`;
    default:
      return null;
  }
}

function EventLogImpl({ timeline, tick, limit = 12 }: { timeline: Timeline; version: number; tick: number; limit?: number }) {
  const lines: { key: string; text: string; kind: Marker['kind'] }[] = [];
  for (let i = timeline.markers.length - 1; i >= 0 && lines.length < limit; i--) {
    const m = timeline.markers[i];
    // A replay's timeline is recorded to the end: list only what happened before the cursor.
    if (m.tick >= tick) continue;
    const text = markerText(m);
    if (text) lines.push({ key: `${i}`, text, kind: m.kind });
  }
  return (
    <details className="rounded border border-line bg-panel/60 px-3 py-2 text-xs">
      <summary className="cursor-pointer text-muted">Timeline as text (latest {limit} events)</summary>
      {lines.length === 0 ? (
        <p className="mt-2 text-muted">Nothing notable yet.</p>
      ) : (
        <ol className="mt-2 space-y-0.5 font-mono" data-testid="event-log">
          {lines.map((l) => (
            <li key={l.key} className={l.kind === 'miss' || l.kind === 'refused' ? 'text-oi-vermillion' : l.kind === 'migrate' ? 'text-oi-sky' : 'text-muted'}>
              {l.text}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}

export const EventLog = memo(EventLogImpl, (a, b) => a.version === b.version && a.timeline === b.timeline && a.limit === b.limit && a.tick === b.tick);
