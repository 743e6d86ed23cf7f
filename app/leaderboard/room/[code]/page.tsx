import type { Metadata } from 'next';
import { BoardTable } from '../../_components/BoardTable';
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
        Best run per player in this classroom.{' '}
        <a href={`/api/rooms/${code}/results.csv`} className="text-oi-sky underline">Download all results (CSV)</a>
      </p>
      <BoardTable url={`/api/leaderboard/room/${code}?limit=100`} caption={`Room ${code}`}
        emptyText="No finished runs in this room yet." missingText={`No room has the code ${code}.`} />
    </div>
  );
}
