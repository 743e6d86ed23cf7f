'use client';
/**
 * /room/CODE: a player's screen. Lobby (the round's lesson while waiting for the
 * host), then their own run (race) or the shared machine (co-op) with live standings,
 * then their result; across rounds the seat stays and the results of every round so
 * far are shown. The seat is resumed with the token kept for this tab: a reload keeps the score.
 */
import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo } from 'react';
import { parseScenario } from '@/server/engine';
import { isVersionReason } from '@/server/protocol';
import { useRoomSession } from '@/app/lib/room-client';
import { reasonText } from '@/app/lib/room-reasons';
import { LessonIntro } from '@/app/components/LessonIntro';
import { ClassroomGame } from '../_components/ClassroomGame';
import { ResultsGrid, gridOfRounds } from '../_components/ResultsGrid';
import { StandingsTable } from '../_components/Standings';
import { useYardstick } from '../_components/useYardstick';
import { ConnBanner, Notice, StatusBadge, VersionMismatch } from '../_components/StatusBits';

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
  // What the bots alone scored on this scenario and seed: the server sends it with the seed once the round is
  // over (during a race neither is on the wire: together they would tell every release to come).
  const baselines = session.room?.baselines ?? null;
  // What the bots alone score on this scenario and seed (and par where known): the yardstick in the score bar.
  const yardstick = useYardstick(scenario, session.room?.seed, session.room?.bot);
  const grid = useMemo(() => gridOfRounds(session.rounds), [session.rounds]);
  const migrate = useCallback(async (task: string, cpu: number) => {
    const reason = await act(task, cpu);
    return reason === 'client/offline' ? 'disconnected' : reason;
  }, [act]);

  if (session.status === 'no-token') return <Notice kind="loading" title="Taking you to the join form…" />;
  if (session.status === 'kicked') {
    return (
      <Notice kind="error" title="The host removed you from this room">
        You can <Link href={`/join/${code}`} className="text-oi-sky underline">join again</Link> if the host allows it.
      </Notice>
    );
  }
  if (session.status === 'error' && isVersionReason(session.error)) return <VersionMismatch reason={session.error} />;
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
  // Paused counts too: a host walking a class through a moment tick by tick lets everyone plan their moves.
  const canAct = (room.status === 'running' || room.status === 'paused') && session.role === 'player' && !!run && !run.finished;
  const stats = session.runEnd?.stats ?? run?.stats;
  const rows = session.standings?.rows ?? [];
  const roundWord = room.round > 1 ? `Round ${room.round}` : 'The round';

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
        <>
          <Notice kind="info" title={session.role === 'spectator' ? `${roundWord} has not started yet` : `You are in. Waiting for the host to start ${room.round > 1 ? `round ${room.round}` : 'the round'}…`}>
            {coop && 'This is a shared machine: you balance only the CPUs you own, together with the others. '}
            {session.role === 'spectator' && (
              <>You are watching this room. <Link href={`/join/${room.code}`} className="text-oi-sky underline">Join this round</Link> to play it.</>
            )}
          </Notice>
          {scenario && <LessonIntro scenario={scenario} heading="h2" soloKeys={false} kicker={room.round > 1 ? `Round ${room.round}` : 'This round'} />}
        </>
      )}

      {(room.status === 'ended' || session.runEnd) && stats && session.role === 'player' && (
        <Notice kind="info" title={room.status === 'ended' ? `${roundWord} is over` : 'Your run is finished'}>
          Final score <strong className="text-fg" data-testid="final-score">{stats.score}</strong>: {stats.met} deadlines met, {stats.missed} missed.{' '}
          <Link href={`/leaderboard/room/${room.code}`} className="text-oi-sky underline">Room leaderboard and replays</Link>
        </Notice>
      )}

      <div className="grid gap-5 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <div>
          {scenario && run && room.status !== 'lobby' ? (
            <ClassroomGame
              scenario={scenario}
              run={run}
              history={session.history}
              baselines={baselines ?? yardstick?.baselines ?? null}
              par={yardstick?.par ?? null}
              onMigrate={canAct ? migrate : null}
              liveTicksPerSecond={room.status === 'running' ? room.ticksPerSecond * room.speed : null}
              {...(coop ? { seats: room.seats } : {})}
              {...(session.seatId ? { mySeatId: session.seatId } : {})}
            />
          ) : room.status !== 'lobby' && session.role === 'spectator' ? (
            <Notice kind="info" title="You joined after the start">
              This round is already under way: follow the live standings. You can play in the next round.
            </Notice>
          ) : room.status !== 'lobby' ? (
            <Notice kind="loading" title="Loading your machine…" />
          ) : null}
        </div>
        <StandingsTable
          caption={room.status === 'lobby' ? `In the room: ${room.seats.length}` : coop ? 'The team' : room.status === 'ended' ? 'Final standings' : 'Live standings'}
          rows={rows}
          seats={room.seats}
          youSeatId={session.seatId}
          showCpus={coop}
          compact
          youOffline={session.conn !== 'online'}
          {...(coop && room.status !== 'lobby' && session.standings?.team ? { team: session.standings.team } : {})}
        />
      </div>
      {grid.rounds.length > 0 && (room.status === 'ended' || room.status === 'lobby') && (
        <ResultsGrid rounds={grid.rounds} rows={grid.rows} caption="This room's rounds so far" {...(session.seatId ? { youId: session.seatId } : {})} />
      )}
    </div>
  );
}
