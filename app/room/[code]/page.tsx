'use client';
/**
 * /room/CODE: a player's screen. Lobby ("waiting for the host"), then their own run
 * (race) or the shared machine (co-op) with live standings, then their result.
 * The seat is resumed with the token kept for this tab: a reload keeps the score.
 */
import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { useEffect, useMemo } from 'react';
import { parseScenario } from '@/server/engine';
import { useRoomSession } from '@/app/lib/room-client';
import { reasonText } from '@/app/lib/room-reasons';
import { Board } from '../_components/Board';
import { StandingsTable } from '../_components/Standings';
import { ConnBanner, Notice, RoundProgress, StatusBadge } from '../_components/StatusBits';

export default function PlayerRoomPage() {
  const params = useParams<{ code: string }>();
  const code = String(params.code ?? '').toUpperCase();
  const router = useRouter();
  const { session, act } = useRoomSession(code, 'player');

  // No seat in this tab: the join form for this code is where to go.
  useEffect(() => {
    if (session.status === 'no-token') router.replace(`/join/${code}`);
  }, [session.status, code, router]);

  const scenario = useMemo(() => {
    if (!session.scenario) return null;
    const p = parseScenario(session.scenario);
    return p.ok ? p.value : null;
  }, [session.scenario]);

  if (session.status === 'no-token') return <Notice kind="loading" title="Taking you to the join form…" />;
  if (session.status === 'kicked') {
    return (
      <Notice kind="error" title="The host removed you from this room">
        You can <Link href={`/join/${code}`} className="text-oi-sky underline">join again</Link> if the host allows it.
      </Notice>
    );
  }
  if (session.status === 'error') {
    return (
      <Notice kind="error" title="You are not in this room any more">
        {reasonText(session.error ?? 'internal')} <Link href={`/join/${code}`} className="text-oi-sky underline">Join again</Link>.
      </Notice>
    );
  }
  if (session.status !== 'ready' || !session.room) {
    return (
      <>
        <ConnBanner conn={session.conn} />
        <Notice kind="loading" title={`Joining room ${code}…`} />
      </>
    );
  }

  const room = session.room;
  const me = room.seats.find((s) => s.seatId === session.seatId);
  const run = session.run;
  const coop = room.kind === 'coop';
  const owners = coop ? new Map(room.seats.flatMap((s) => s.cpus.map((c) => [c, s.nick] as const))) : undefined;
  const mine = coop ? new Set(me?.cpus ?? []) : undefined;
  const stats = session.runEnd?.stats ?? run?.stats;
  const rows = session.standings?.rows ?? [];

  return (
    <div className="space-y-5">
      <ConnBanner conn={session.conn} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">{scenario?.title ?? room.scenarioSlug}</h1>
          <p className="text-sm text-muted">
            Room <span className="font-mono">{room.code}</span> ·{' '}
            {session.role === 'spectator' ? 'watching (you joined after the start)' : <>playing as <strong data-testid="my-nick" className="text-fg">{me?.nick ?? '…'}</strong></>}
            {coop && me && ` · your CPUs: ${me.cpus.length ? me.cpus.join(', ') : 'none yet'}`}
          </p>
        </div>
        <StatusBadge status={room.status} />
      </div>

      {room.status === 'lobby' && (
        <Notice kind="info" title="You are in. Waiting for the host to start the round…">
          {scenario?.summary}
          {coop && ' This is a shared machine: you balance only the CPUs you own, together with the others.'}
        </Notice>
      )}

      {room.status !== 'lobby' && stats && (
        <section aria-label="Your score" className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-xl border border-line bg-panel px-4 py-3">
          <div>
            <div className="text-xs uppercase tracking-wide text-muted">{coop ? 'Team score' : 'Your score'}</div>
            <div className="text-3xl font-bold tabular-nums" data-testid="my-score">{stats.score}</div>
          </div>
          <Stat label="Met" value={stats.met} />
          <Stat label="Missed" value={stats.missed} />
          <Stat label="Stranded" value={stats.stranded} />
          <Stat label="Migrations" value={stats.migrations} />
          {(room.status === 'running' || room.status === 'paused') && <RoundProgress tick={run?.tick ?? room.tick} duration={room.duration} />}
        </section>
      )}

      {(room.status === 'ended' || session.runEnd) && stats && (
        <Notice kind="info" title={room.status === 'ended' ? 'Round over' : 'Your run is finished'}>
          Final score <strong className="text-fg" data-testid="final-score">{stats.score}</strong>: {stats.met} deadlines met, {stats.missed} missed.{' '}
          <Link href={`/leaderboard/room/${room.code}`} className="text-oi-sky underline">Room leaderboard and replays</Link>
        </Notice>
      )}

      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div>
          {scenario && run && room.status !== 'lobby' ? (
            <Board
              scenario={scenario}
              tick={run.tick}
              cpus={run.cpus}
              pinned={run.pinned}
              interactive={room.status === 'running' && !run.finished}
              owners={owners}
              mine={mine}
              onMigrate={(task, cpu) => act('migrate', task, cpu)}
            />
          ) : room.status !== 'lobby' ? (
            <Notice kind="loading" title="Loading your machine…" />
          ) : null}
        </div>
        <StandingsTable
          caption={coop ? 'Players' : room.status === 'lobby' ? `In the room: ${room.seats.length}` : 'Live standings'}
          rows={coop ? [] : rows}
          seats={room.seats}
          youSeatId={session.seatId}
          showCpus={coop}
        />
      </div>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <div className="text-xs uppercase tracking-wide text-muted">{label}</div>
      <div className="text-xl font-semibold tabular-nums">{value}</div>
    </div>
  );
}
