'use client';
/**
 * The in-round board of a classroom (a race player, a co-op player, the host watching):
 * the same GameView as solo play, fed from server frames, with everything solo shows
 * (each chip's due-in, progress bar with its migrate_disable() stretches hatched, the
 * lock of a pinned task, the tasks waking soon, the yardstick in the score bar).
 * The Gantt's timeline is caught up from the session's run history: the last view's
 * frames (join, reload, resync after a gap) plus every frame applied since. So it
 * keeps its past across gaps and reloads (as far back as the server keeps it), and no
 * frame is lost when several arrive between two renders.
 */
import { useMemo, useRef } from 'react';
import type { BotName, Scenario } from '@/server/engine';
import type { RunHistory, RunView, SeatInfo } from '@/server/protocol';
import { GameView } from '@/app/components/GameView';
import { refusalText } from '@/app/lib/explain';
import { viewModelFromFrame } from '@/app/lib/frames';
import { usePredictedRun } from '@/app/lib/usePredictedRun';
import { reasonText } from '@/app/lib/room-reasons';
import { catchUpTimeline } from '@/app/lib/room-timeline';
import type { Timeline } from '@/app/lib/timeline';
import type { ParView } from '@/app/lib/verdict';

/** Engine refusals in the game's own words; the server's own reasons (rate/limited, room/...) in the room's. */
function describeRefusal(reason: string): string {
  return reason.startsWith('action/') || !reason.includes('/') ? refusalText(reason) : reasonText(reason);
}

export interface ClassroomGameProps {
  scenario: Scenario;
  run: RunView;
  /** The run's recent frames (session.history): the timeline is caught up from each new one. */
  history?: RunHistory;
  /** Null: read-only (paused, ended, spectator). */
  onMigrate: ((task: string, cpu: number) => Promise<string | null>) | null;
  /** Co-op: every seat (for CPU owners) and this player's seat. */
  seats?: SeatInfo[];
  mySeatId?: string;
  baselines?: Partial<Record<BotName, number>> | null;
  /** Par and the 3-star score where known (a built-in level on its own seed and balancer). */
  par?: ParView | null;
  /** Ticks a second while the round runs (the board runs on between frames); absent when it does not. */
  liveTicksPerSecond?: number | null;
}

export function ClassroomGame({ scenario, run: received, history, onMigrate, seats, mySeatId, baselines, par, liveTicksPerSecond }: ClassroomGameProps) {
  const run = usePredictedRun(received, received.finished ? null : liveTicksPerSecond ?? null, scenario.duration);
  const timelineRef = useRef<{ runId: string; history: RunHistory | undefined; tl: Timeline } | null>(null);
  let held = timelineRef.current;
  if (!held || held.runId !== run.runId) {
    // Without a history (an older view), the picture starts at the current tick.
    held = { runId: run.runId, history, tl: catchUpTimeline(null, scenario, history ?? { since: run.tick, frames: [] }) };
    timelineRef.current = held;
  } else if (history && held.history !== history) {
    held = { runId: run.runId, history, tl: catchUpTimeline(held.tl, scenario, history) };
    timelineRef.current = held;
  }
  const timeline = held.tl;

  const owned = useMemo(() => seats?.find((s) => s.seatId === mySeatId)?.cpus, [seats, mySeatId]);
  const model = useMemo(
    () => viewModelFromFrame(scenario, { tick: run.tick, cpus: run.cpus, pinned: run.pinned, stats: run.stats, incoming: run.incoming ?? [], progress: run.progress ?? {} }),
    [scenario, run.tick, run.cpus, run.pinned, run.stats, run.incoming, run.progress],
  );
  // The server's session decides what a move is (a move on an announced sleeping task becomes where it wakes).
  const move = onMigrate;

  // The first tick the timeline draws a block at: after a reload it must not jump to the reload's tick (tests read it).
  const firstBlock = timeline.spans.reduce<number | null>((m, lane) => (lane[0] && (m === null || lane[0].start < m) ? lane[0].start : m), null);

  return (
    <div className="space-y-3" data-testid="board" data-first-block={firstBlock ?? ''}>
      {seats && seats.some((s) => s.cpus.length > 0) && (
        <section aria-label="Who owns which CPU" className="rounded-lg border border-line bg-panel px-3 py-2 text-sm">
          <h2 className="sr-only">CPU owners</h2>
          <ul className="flex flex-wrap gap-x-4 gap-y-1" data-testid="cpu-owners">
            {Array.from({ length: scenario.cpus }, (_, cpu) => {
              const owner = seats.find((s) => s.cpus.includes(cpu));
              const mine = owner?.seatId === mySeatId;
              return (
                <li key={cpu} data-cpu={cpu} className={mine ? 'font-semibold text-oi-sky' : 'text-muted'}>
                  <span className="font-mono">CPU {cpu}</span>: {mine ? 'yours' : owner ? owner.nick : 'nobody'}
                  {mine && <span aria-hidden="true"> ★</span>}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <GameView
        model={model}
        timeline={timeline}
        timelineVersion={timeline.version}
        baselines={baselines ?? null}
        par={par ?? null}
        showIncoming
        describeRefusal={describeRefusal}
        {...(move ? { onMigrate: move } : {})}
        pending={run.plans ?? []}
        {...(owned ? { ownedCpus: owned } : {})}
      />
    </div>
  );
}
