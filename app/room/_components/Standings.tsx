'use client';
/**
 * The live standings / host dashboard table. Nicknames are rendered as text only.
 * Rank is a number, "you" is a word, connection is a word: nothing relies on colour.
 * Ranks come from the server, ranked by the one rule of rooms (protocol/ranking.ts):
 * ties share a rank; a player the host removed is listed, marked, without one. In
 * co-op the team's one score is shown once, above the players.
 */
import type { SeatInfo, StandingRow, TeamResult } from '@/server/protocol';
import { Online } from './StatusBits';

export interface StandingsProps {
  rows: StandingRow[];
  seats: SeatInfo[];
  youSeatId?: string;
  caption: string;
  /** Co-op: show which CPUs each seat owns. */
  showCpus?: boolean;
  onKick?: (seat: SeatInfo) => void;
  /** Host of a race: follow a player's machine live; `watching` is the followed seat. */
  onWatch?: (seat: SeatInfo) => void;
  watching?: string;
  /** A narrow sidebar: met and stranded columns are left out (score and missed stay). */
  compact?: boolean;
  /** This tab has lost its connection: its own row says so rather than the server's last word. */
  youOffline?: boolean;
  /** Co-op: the team's result, shown once; the rows then list the players without scores. */
  team?: TeamResult;
}

export function StandingsTable({ rows, seats, youSeatId, caption, showCpus, onKick, onWatch, watching, compact, youOffline, team }: StandingsProps) {
  const online = (seatId: string, server: boolean) => (youOffline && seatId === youSeatId ? false : server);
  const bySeat = new Map(seats.map((s) => [s.seatId, s]));
  // Seats without a row yet (joined during the round, or lobby) are listed after the ranked ones.
  const unranked = seats.filter((s) => !rows.some((r) => r.seatId === s.seatId));
  const scores = !team;
  return (
    // relative: the sr-only header text is absolutely placed; without a positioned scroller it escapes it and widens the page on a phone.
    // A tab stop, so the table can be scrolled sideways from the keyboard where it is wider than the screen.
    <div role="region" aria-label={caption} tabIndex={0} className="relative overflow-x-auto rounded-lg border border-line">
      {team && (
        <p className="flex flex-wrap items-baseline gap-x-4 gap-y-1 border-b border-line bg-panel px-3 py-2 text-sm" data-testid="team-result">
          <span>Team score <strong className="text-lg tabular-nums text-fg" data-testid="team-score">{team.score}</strong></span>
          <span className="text-muted">{team.met} met · {team.missed} missed · {team.stranded} stranded CPU-ticks</span>
        </p>
      )}
      <table className="w-full text-left text-sm" data-testid="standings">
        <caption className="bg-panel px-3 py-2 text-left font-semibold">{caption}</caption>
        <thead className="bg-panel2 text-xs uppercase tracking-wide text-muted">
          <tr>
            {scores && <th scope="col" className="px-3 py-2">#</th>}
            <th scope="col" className="px-3 py-2">Player</th>
            {scores && <th scope="col" className="px-3 py-2 text-right">Score</th>}
            {scores && !compact && <th scope="col" className="px-3 py-2 text-right">Met</th>}
            {scores && <th scope="col" className="px-3 py-2 text-right">Missed</th>}
            {scores && !compact && <th scope="col" className="px-3 py-2 text-right"><abbr title="CPU-ticks a pinned task waited beside an idle CPU">Stranded</abbr></th>}
            {showCpus && <th scope="col" className="px-3 py-2">CPUs</th>}
            <th scope="col" className="px-3 py-2">{compact ? <span className="sr-only">Status</span> : 'Status'}</th>
            {(onKick || onWatch) && <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const seat = bySeat.get(r.seatId);
            const you = r.seatId === youSeatId;
            return (
              <tr key={r.seatId} data-testid="standing-row" data-nick={r.nick} data-rank={r.rank ?? ''} data-removed={r.removed ? 'true' : undefined}
                className={`border-t border-line ${you ? 'bg-oi-sky/10' : ''} ${r.removed ? 'text-muted' : ''}`}>
                {scores && <td className="px-3 py-2 tabular-nums" data-testid="rank">{r.rank ?? <span aria-label="not ranked">–</span>}</td>}
                <td className="px-3 py-2 font-medium">
                  {r.nick}
                  {you && <span className="ml-2 rounded bg-oi-sky px-1.5 text-xs font-semibold text-ink">you</span>}
                  {r.removed && <span className="ml-2 rounded border border-oi-vermillion/70 px-1.5 text-xs font-semibold text-fg" data-testid="removed">removed</span>}
                </td>
                {scores && <td className="px-3 py-2 text-right tabular-nums font-semibold" data-testid="score">{r.score}</td>}
                {scores && !compact && <td className="px-3 py-2 text-right tabular-nums">{r.met}</td>}
                {scores && <td className="px-3 py-2 text-right tabular-nums">{r.missed}</td>}
                {scores && !compact && <td className="px-3 py-2 text-right tabular-nums">{r.stranded}</td>}
                {showCpus && <td className="px-3 py-2">{seat?.cpus.length ? seat.cpus.map((c) => `CPU ${c}`).join(', ') : '—'}</td>}
                <td className="px-3 py-2">{r.removed ? <span className="text-muted">removed by the host</span> : <Online connected={online(r.seatId, seat?.connected ?? r.connected)} compact={compact} />}</td>
                {(onKick || onWatch) && (
                  <td className="space-x-2 whitespace-nowrap px-3 py-2 text-right">
                    {seat && !r.removed && onWatch && <WatchButton seat={seat} onWatch={onWatch} active={watching === seat.seatId} />}
                    {seat && !r.removed && onKick && <KickButton seat={seat} onKick={onKick} />}
                  </td>
                )}
              </tr>
            );
          })}
          {unranked.map((s) => (
            <tr key={s.seatId} data-testid="standing-row" data-nick={s.nick} className={`border-t border-line ${s.seatId === youSeatId ? 'bg-oi-sky/10' : ''}`}>
              {scores && <td className="px-3 py-2 text-muted">–</td>}
              <td className="px-3 py-2 font-medium">
                {s.nick}
                {s.seatId === youSeatId && <span className="ml-2 rounded bg-oi-sky px-1.5 text-xs font-semibold text-ink">you</span>}
              </td>
              {scores && <td className="px-3 py-2 text-right text-muted">–</td>}
              {scores && !compact && <td className="px-3 py-2 text-right text-muted">–</td>}
              {scores && <td className="px-3 py-2 text-right text-muted">–</td>}
              {scores && !compact && <td className="px-3 py-2 text-right text-muted">–</td>}
              {showCpus && <td className="px-3 py-2">{s.cpus.length ? s.cpus.map((c) => `CPU ${c}`).join(', ') : '—'}</td>}
              <td className="px-3 py-2"><Online connected={online(s.seatId, s.connected)} compact={compact} /></td>
              {(onKick || onWatch) && <td className="px-3 py-2 text-right">{onKick && <KickButton seat={s} onKick={onKick} />}</td>}
            </tr>
          ))}
          {rows.length === 0 && unranked.length === 0 && (
            <tr>
              <td colSpan={8} className="px-3 py-6 text-center text-muted">Nobody here yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function WatchButton({ seat, onWatch, active }: { seat: SeatInfo; onWatch: (seat: SeatInfo) => void; active: boolean }) {
  return (
    <button
      type="button"
      onClick={() => onWatch(seat)}
      aria-pressed={active}
      className={`rounded border px-2 py-0.5 text-xs ${active ? 'border-oi-sky bg-oi-sky/20 text-fg' : 'border-oi-sky/70 text-fg hover:bg-oi-sky/15'}`}
      aria-label={active ? `Stop watching ${seat.nick}` : `Watch ${seat.nick}'s machine`}
    >
      {active ? 'Watching' : 'Watch'}
    </button>
  );
}

function KickButton({ seat, onKick }: { seat: SeatInfo; onKick: (seat: SeatInfo) => void }) {
  return (
    <button
      type="button"
      onClick={() => onKick(seat)}
      className="rounded border border-oi-vermillion/70 px-2 py-0.5 text-xs text-fg hover:bg-oi-vermillion/25"
      aria-label={`Remove ${seat.nick} from the room`}
    >
      Remove
    </button>
  );
}
