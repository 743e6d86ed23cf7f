'use client';
/**
 * The host's projector view: the whole screen, large type, high contrast (light text
 * on the darkest background, no muted grey for anything the class must read).
 * Lobby: the join code, QR and link beside the round's lesson. During and after the
 * round: the standings in columns (40 players fit a 1920x1080 screen: two columns of
 * twenty), the join code always readable in the header, and a button that brings the
 * code, QR and link back full size. Co-op shows the team's one score.
 */
import { useState } from 'react';
import type { Scenario } from '@/server/engine';
import type { RoomInfo, StandingRow, Standings } from '@/server/protocol';
import { LessonIntro } from '@/app/components/LessonIntro';
import { RoundProgress, StatusBadge } from '@/app/room/_components/StatusBits';
import { JoinCard } from './JoinCard';
import { JoinCodeOverlay } from './JoinCodeOverlay';

/** Rows per column: what fits a 1080-pixel-high screen under the header at this type size. */
const ROWS_PER_COLUMN = 20;

export function ProjectorView({ room, scenario, standings, onExit }: {
  room: RoomInfo;
  scenario: Scenario | null;
  standings: Standings | undefined;
  onExit: () => void;
}) {
  const [showCode, setShowCode] = useState(false);
  const rows: StandingRow[] = standings?.rows ?? [];
  // Seats without a result yet (the lobby) are listed by name.
  const listed = room.status === 'lobby' || rows.length === 0
    ? room.seats.map((s): Pick<StandingRow, 'seatId' | 'nick' | 'rank' | 'score' | 'removed' | 'connected'> => ({ seatId: s.seatId, nick: s.nick, rank: null, score: 0, connected: s.connected }))
    : rows;
  const team = room.kind === 'coop' ? standings?.team : undefined;
  const scores = room.status !== 'lobby' && !team && rows.length > 0;
  const columns = Math.max(1, Math.min(4, Math.ceil(listed.length / ROWS_PER_COLUMN)));
  const dense = listed.length > 2 * ROWS_PER_COLUMN;
  return (
    <div className="fixed inset-0 z-40 flex flex-col gap-4 overflow-auto bg-ink px-8 py-5 text-fg" data-testid="projector" role="region" aria-label="Projector view">
      <header className="flex flex-wrap items-center gap-x-8 gap-y-2">
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-4xl font-bold">{scenario?.title ?? room.scenarioSlug}</h1>
          <p className="mt-1 text-xl">
            {room.kind === 'coop' ? 'Shared machine (co-op)' : 'Race'}{room.round > 1 ? ` · round ${room.round}` : ''} · {room.seats.length} players
            {' · '}{room.status === 'ended' ? 'final standings' : room.status === 'lobby' ? 'who has joined' : 'live standings'}
          </p>
        </div>
        <div className="flex items-center gap-4 text-xl">
          <StatusBadge status={room.status} large />
          {(room.status === 'running' || room.status === 'paused') && <RoundProgress tick={Math.max(room.tick, standings?.tick ?? 0)} duration={room.duration} />}
        </div>
        <div className="text-right">
          <p className="text-lg">Join code</p>
          <p className="font-mono text-5xl font-bold tracking-[0.2em]" data-testid="projector-code">{room.code}</p>
        </div>
        <div className="flex flex-col gap-2">
          {room.status !== 'lobby' && (
            <button type="button" onClick={() => setShowCode(true)} className="rounded-lg bg-oi-sky px-4 py-2 text-lg font-semibold text-ink hover:brightness-110">
              Show join code
            </button>
          )}
          <button type="button" onClick={onExit} className="rounded-lg border border-fg/60 px-4 py-2 text-lg hover:bg-panel2">
            Exit projector view
          </button>
        </div>
      </header>

      {room.status === 'lobby' && (
        <div className="grid gap-6 xl:grid-cols-2">
          <JoinCard code={room.code} joinPath={`/join/${room.code}`} large />
          {scenario && <LessonIntro scenario={scenario} heading="h2" large soloKeys={false} kicker={room.round > 1 ? `Round ${room.round}` : 'This round'} />}
        </div>
      )}

      {team && (
        <p className="text-3xl" data-testid="team-result">
          Team score <strong className="font-mono text-6xl tabular-nums" data-testid="team-score">{team.score}</strong>
          <span className="ml-6">{team.met} met · {team.missed} missed · {team.stranded} stranded CPU-ticks</span>
        </p>
      )}

      <section aria-label={room.status === 'ended' ? 'Final standings' : room.status === 'lobby' ? 'Who has joined' : 'Live standings'} className="min-h-0 flex-1">
        <h2 className="sr-only">{room.status === 'ended' ? 'Final standings' : room.status === 'lobby' ? 'Who has joined' : 'Live standings'}</h2>
        {listed.length === 0 ? (
          <p className="text-3xl">Nobody has joined yet.</p>
        ) : (
          <ol className="grid grid-flow-col gap-x-10" data-testid="projector-standings"
            style={{ gridTemplateRows: `repeat(${Math.min(ROWS_PER_COLUMN, Math.ceil(listed.length / columns))}, minmax(0, auto))`, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
            {listed.map((r) => (
              <li key={r.seatId} data-testid="projector-row" data-nick={r.nick} data-rank={r.rank ?? ''}
                className={`flex items-baseline gap-4 border-b border-line py-1 ${dense ? 'text-xl' : 'text-[1.7rem] leading-9'} ${r.removed ? 'line-through decoration-2' : ''}`}>
                {scores && <span className="w-14 shrink-0 text-right font-mono font-bold tabular-nums">{r.rank ?? '–'}</span>}
                <span className="min-w-0 flex-1 truncate font-semibold">{r.nick}{r.removed ? ' (removed)' : ''}</span>
                {room.kind === 'coop' && room.status !== 'lobby' && <span className="shrink-0">{cpusOf(room, r.seatId)}</span>}
                {scores && <span className="shrink-0 font-mono font-bold tabular-nums">{r.score}</span>}
                {!r.connected && !r.removed && <span className="shrink-0 text-lg text-oi-orange">offline</span>}
              </li>
            ))}
          </ol>
        )}
      </section>
      {showCode && <JoinCodeOverlay code={room.code} onClose={() => setShowCode(false)} />}
    </div>
  );
}

function cpusOf(room: RoomInfo, seatId: string): string {
  const cpus = room.seats.find((s) => s.seatId === seatId)?.cpus ?? [];
  return cpus.length ? cpus.map((c) => `CPU ${c}`).join(', ') : '';
}
