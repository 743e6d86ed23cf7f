import type { Metadata } from 'next';
import { RoomResults } from '../../_components/RoomResults';
import { BackToBoards } from '../../_components/Nav';

export const metadata: Metadata = { title: 'Room leaderboard' };

export default async function RoomBoard({ params }: { params: Promise<{ code: string }> }) {
  const { code: raw } = await params;
  const code = raw.toUpperCase();
  return (
    <div className="space-y-4">
      <BackToBoards />
      <h1 className="text-3xl font-bold tracking-tight">Room <span className="font-mono tracking-widest">{code}</span></h1>
      <p className="text-muted">
        Every round played in this classroom, per player, with totals. Equal results share a rank; a player the host
        removed is listed without one.{' '}
        <a href={`/api/rooms/${code}/results.csv`} className="text-oi-sky underline">Download all results (CSV)</a>
      </p>
      <RoomResults code={code} />
    </div>
  );
}
