import type { Metadata } from 'next';
import { ArenaReplayClient } from './ArenaReplayClient';

export const metadata: Metadata = { title: 'Arena replay' };

export default async function ArenaReplayPage({ params }: { params: Promise<{ id: string; set: string }> }) {
  const { id, set } = await params;
  return <ArenaReplayClient id={id} set={Number(set)} />;
}
