'use client';
/**
 * /host/CODE: the teacher's screen for one room. Lobby (code, QR, the round's lesson,
 * who joined, kick, lock), then start/pause/end, a live dashboard of every player,
 * the results with a CSV download, and another round with the same class. A
 * projector view shows the code and the standings large; the join code comes back
 * full size at any time. The host key is in this browser's localStorage.
 */
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { parseScenario } from '@/server/engine';
import { isVersionReason, type ControlOp, type SeatInfo } from '@/server/protocol';
import { LessonIntro } from '@/app/components/LessonIntro';
import { useRoomSession } from '@/app/lib/room-client';
import { reasonText } from '@/app/lib/room-reasons';
import { ConnBanner, Notice, RoundProgress, StatusBadge, StorageWarning, VersionMismatch } from '@/app/room/_components/StatusBits';
import { StandingsTable } from '@/app/room/_components/Standings';
import { ClassroomGame } from '@/app/room/_components/ClassroomGame';
import { ResultsGrid, gridOfRounds } from '@/app/room/_components/ResultsGrid';
import { useYardstick } from '@/app/room/_components/useYardstick';
import { CpuAssign } from '../_components/CpuAssign';
import { JoinCard } from '../_components/JoinCard';
import { JoinCodeOverlay } from '../_components/JoinCodeOverlay';
import { NextRound } from '../_components/NextRound';
import { ProjectorView } from '../_components/ProjectorView';

const SPEEDS = [0.5, 1, 2, 4] as const;

export default function HostRoomPage() {
  const params = useParams<{ code: string }>();
  const code = String(params.code ?? '').toUpperCase();
  const { session, control, follow, nextRound } = useRoomSession(code, 'host');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  // Ending a class's round cannot be undone: it takes a second, explicit click.
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [projector, setProjector] = useState(false);
  const [showCode, setShowCode] = useState(false);

  // A notice is about the moment it was given ("CPU 3 now belongs to Ben"): a new phase of the room clears it.
  const phase = `${session.room?.round ?? 0}:${session.room?.status ?? ''}`;
  useEffect(() => {
    setMessage(null);
    setConfirmEnd(false);
  }, [phase]);

  async function run(command: ControlOp, done?: string) {
    setBusy(true);
    setMessage(null);
    const reason = await control(command);
    setBusy(false);
    setMessage(reason ? reasonText(reason) : (done ?? null));
  }
  const scenario = useMemo(() => {
    if (!session.scenario) return null;
    const p = parseScenario(session.scenario);
    return p.ok ? p.value : null;
  }, [session.scenario]);
  const yardstick = useYardstick(scenario, session.room?.seed, session.room?.bot);
  const grid = useMemo(() => gridOfRounds(session.rounds), [session.rounds]);
  const kick = (seat: SeatInfo) => void run({ op: 'kick', seatId: seat.seatId }, `${seat.nick} was removed.`);

  if (session.status === 'no-token') {
    return (
      <Notice kind="error" title={`This browser does not hold the host key for room ${code}`}>
        Only the browser that created a room can run it. <Link href="/host" className="text-oi-sky underline">Create a new room</Link>.
      </Notice>
    );
  }
  if (session.status === 'error' && isVersionReason(session.error)) return <VersionMismatch reason={session.error} />;
  if (session.status === 'error') {
    return (
      <Notice kind="error" title="This room cannot be opened">
        {reasonText(session.error ?? 'internal')} <Link href="/host" className="text-oi-sky underline">Create a new room</Link>.
      </Notice>
    );
  }
  if (session.status !== 'ready' || !session.room) {
    return (
      <>
        <ConnBanner conn={session.conn} />
        <Notice kind="loading" title={`Opening room ${code}…`} />
      </>
    );
  }

  const room = session.room;
  const rows = session.standings?.rows ?? [];
  const live = room.status === 'running' || room.status === 'paused';
  const coop = room.kind === 'coop';
  const title = session.scenario?.title ?? room.scenarioSlug;
  const team = coop && room.status !== 'lobby' ? session.standings?.team : undefined;
  const boardProps = {
    baselines: session.room?.baselines ?? yardstick?.baselines ?? null,
    par: yardstick?.par ?? null,
    liveTicksPerSecond: session.room?.status === 'running' ? session.room.ticksPerSecond * session.room.speed : null,
  };

  if (projector) {
    return <ProjectorView room={room} scenario={scenario} standings={session.standings} onExit={() => setProjector(false)} />;
  }

  return (
    <div className="space-y-6">
      <ConnBanner conn={session.conn} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
          <p className="text-sm text-muted">
            {coop ? 'Shared machine (co-op)' : 'Race'}{room.round > 1 ? ` · round ${room.round}` : ''} · {room.seed !== undefined ? `seed ${room.seed}` : 'seed shown when the round is over'} · {room.seats.length} / {room.maxPlayers} players
            {room.spectators > 0 && ` · ${room.spectators} watching`}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <StatusBadge status={room.status} />
          <button type="button" onClick={() => setProjector(true)} className="rounded-lg border border-line px-3 py-1.5 text-sm hover:bg-panel2">
            Projector view
          </button>
        </div>
      </div>
      {room.storage && <StorageWarning storage={room.storage} />}

      {room.status === 'lobby' && (
        <div className="grid gap-5 xl:grid-cols-2">
          <JoinCard code={room.code} joinPath={`/join/${room.code}`} />
          {scenario && <LessonIntro scenario={scenario} heading="h2" soloKeys={false} kicker={room.round > 1 ? `Round ${room.round}` : 'This round'} />}
        </div>
      )}
      {room.status !== 'lobby' && (
        <p className="flex flex-wrap items-center gap-3 text-sm text-muted">
          <span>Join code <span className="font-mono text-2xl font-bold tracking-widest text-fg" data-testid="join-code">{room.code}</span></span>
          <button type="button" onClick={() => setShowCode(true)} className="rounded-md border border-oi-sky/70 px-3 py-1 text-fg hover:bg-oi-sky/15">
            Show join code
          </button>
          {live && <span>(newcomers watch until the next round)</span>}
        </p>
      )}
      {showCode && <JoinCodeOverlay code={room.code} onClose={() => setShowCode(false)} />}

      {room.status === 'ended' && message && <p role="status" className="text-sm text-muted">{message}</p>}
      {room.status !== 'ended' && <section aria-label="Round controls" className="flex flex-wrap items-center gap-3 rounded-xl border border-line bg-panel p-4">
        {room.status === 'lobby' && (
          <button type="button" disabled={busy || room.seats.length === 0} onClick={() => void run({ op: 'start' })}
            className="rounded-lg bg-oi-green px-5 py-2.5 font-semibold text-ink hover:brightness-110 disabled:opacity-50">
            ▶ Start {room.round > 1 ? `round ${room.round}` : 'round'}
          </button>
        )}
        {room.status === 'running' && (
          <button type="button" disabled={busy} onClick={() => void run({ op: 'pause' })}
            className="rounded-lg border border-oi-yellow px-5 py-2.5 font-semibold text-oi-yellow hover:bg-oi-yellow/10 disabled:opacity-50">
            ❚❚ Pause
          </button>
        )}
        {room.status === 'paused' && (
          <button type="button" disabled={busy} onClick={() => void run({ op: 'resume' })}
            className="rounded-lg bg-oi-green px-5 py-2.5 font-semibold text-ink hover:brightness-110 disabled:opacity-50">
            ▶ Resume
          </button>
        )}
        {coop && (room.status === 'paused' || (room.status === 'lobby' && room.seats.length > 0)) && (
          // A shared machine can be walked through tick by tick (from the lobby this starts the round paused).
          <button type="button" disabled={busy} onClick={() => void run({ op: 'step' })}
            className="rounded-lg border border-line px-4 py-2.5 hover:bg-panel2 disabled:opacity-50">
            ⏭ Step one tick
          </button>
        )}
        {live && !confirmEnd && (
          <button type="button" disabled={busy} onClick={() => setConfirmEnd(true)}
            className="rounded-lg border border-oi-vermillion px-5 py-2.5 font-semibold text-fg hover:bg-oi-vermillion/10 disabled:opacity-50">
            ■ End round
          </button>
        )}
        {live && confirmEnd && (
          <span role="group" aria-label="Confirm ending the round" className="inline-flex items-center gap-2 rounded-lg border border-oi-vermillion/70 px-2 py-1.5">
            <span className="text-sm">End the round for everyone now?</span>
            <button type="button" disabled={busy} autoFocus onClick={() => { setConfirmEnd(false); void run({ op: 'end' }); }}
              className="rounded-md bg-oi-vermillion px-3 py-1 font-semibold text-ink hover:brightness-110 disabled:opacity-50">
              Yes, end it
            </button>
            <button type="button" onClick={() => setConfirmEnd(false)} className="rounded-md border border-line px-3 py-1 hover:bg-panel2">
              Keep playing
            </button>
          </span>
        )}
        <button type="button" aria-pressed={room.locked} disabled={busy} onClick={() => void run({ op: 'lock', locked: !room.locked })}
          className="inline-flex items-center gap-2 rounded-lg border border-line px-4 py-2.5 hover:bg-panel2 disabled:opacity-50">
          <LockIcon open={!room.locked} />
          {room.locked ? 'Locked: unlock to let players join' : 'Lock the room'}
        </button>
        <label className="inline-flex items-center gap-2 text-sm">
          Speed
          <select value={room.speed} disabled={busy} onChange={(e) => void run({ op: 'speed', speed: Number(e.target.value) })}
            className="rounded-md border border-line bg-panel2 px-2 py-1.5">
            {!(SPEEDS as readonly number[]).includes(room.speed) && <option value={room.speed}>{room.speed}×</option>}
            {SPEEDS.map((v) => <option key={v} value={v}>{v}×</option>)}
          </select>
        </label>
        {live && <RoundProgress tick={Math.max(room.tick, session.standings?.tick ?? 0, session.run?.tick ?? 0)} duration={room.duration} />}
        {room.status === 'lobby' && room.seats.length === 0 && <span className="text-sm text-muted">Start is available once someone has joined.</span>}
        <p role="status" aria-live="polite" className="basis-full text-sm text-muted empty:hidden">{message}</p>
      </section>}

      {room.status === 'ended' && (
        <section aria-labelledby="results-title" className="rounded-xl border border-line bg-panel p-4">
          <h2 id="results-title" className="text-xl font-semibold">Results</h2>
          <p className="mt-1 text-sm text-muted">{room.round > 1 ? `Round ${room.round} is over` : 'The round is over'}{room.storage ? '; some results are not saved yet (see above).' : '; the results are saved.'}</p>
          <div className="mt-3 flex flex-wrap gap-3">
            <a href={`/api/rooms/${room.code}/results.csv`} download={`room-${room.code}-results.csv`} data-testid="csv-link"
              className="rounded-lg bg-oi-sky px-4 py-2 font-semibold text-ink hover:brightness-110">
              Download results (CSV)
            </a>
            <Link href={`/leaderboard/room/${room.code}`} className="rounded-lg border border-line px-4 py-2 hover:bg-panel2">
              Room leaderboard and replays
            </Link>
            <Link href="/host" className="rounded-lg border border-line px-4 py-2 hover:bg-panel2">New room</Link>
          </div>
          <NextRound key={room.round} current={room.scenarioSlug} nextNumber={room.round + (grid.rounds.at(-1)?.round === room.round ? 1 : 0)}
            onStart={(opts) => nextRound(opts)} />
        </section>
      )}

      {coop && room.status !== 'ended' && scenario && (
        <CpuAssign cpus={scenario.cpus} seats={room.seats} disabled={busy}
          onAssign={(cpu, seatId) => void run({ op: 'assign', cpu, seatId }, `CPU ${cpu} now belongs to ${room.seats.find((x) => x.seatId === seatId)?.nick ?? 'that player'}.`)} />
      )}

      {room.kind === 'race' && session.followSeat && (
        <section aria-labelledby="follow-title" className="space-y-2" data-testid="followed">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="follow-title" className="text-xl font-semibold">
              Watching {room.seats.find((x) => x.seatId === session.followSeat)?.nick ?? 'a player'}’s machine
            </h2>
            <button type="button" onClick={() => void follow(null)} className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-panel2">
              Stop watching
            </button>
          </div>
          {scenario && session.run ? (
            <ClassroomGame scenario={scenario} run={session.run} history={session.history} onMigrate={null} {...boardProps} />
          ) : (
            <Notice kind="info" title="Their machine appears when the round starts." />
          )}
        </section>
      )}

      {coop && room.status !== 'lobby' && scenario && session.run && (
        <section aria-labelledby="shared-title" className="space-y-2">
          <h2 id="shared-title" className="text-xl font-semibold">The shared machine</h2>
          <ClassroomGame scenario={scenario} run={session.run} history={session.history} onMigrate={null} seats={room.seats} {...boardProps} />
        </section>
      )}

      <StandingsTable
        caption={room.status === 'lobby' ? `Lobby: ${room.seats.length} joined` : room.status === 'ended' ? 'Final standings' : 'Live dashboard'}
        rows={rows}
        seats={room.seats}
        showCpus={coop}
        onKick={room.status === 'ended' ? undefined : kick}
        {...(team ? { team } : {})}
        {...(room.kind === 'race' && room.status !== 'lobby' ? {
          onWatch: (seat: SeatInfo) => void follow(session.followSeat === seat.seatId ? null : seat.seatId).then((r) => r && setMessage(reasonText(r))),
          ...(session.followSeat ? { watching: session.followSeat } : {}),
        } : {})}
      />

      {grid.rounds.length > 0 && (
        <ResultsGrid rounds={grid.rounds} rows={grid.rows} caption={`Every round in this room (${grid.rounds.length}), with totals`} />
      )}
    </div>
  );
}

/** A padlock drawn inline (emoji fonts are not on every projector PC). */
function LockIcon({ open }: { open: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="currentColor">
      {open
        ? <path d="M4 7V5a4 4 0 017.75-1.4l-1.87.7A2 2 0 006 5v2h7v8H3V7h1z" />
        : <path d="M4 7V5a4 4 0 118 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 10-4 0v2z" />}
    </svg>
  );
}
