import type { Metadata } from 'next';
import { ArenaEntryClient } from './ArenaEntryClient';

export const metadata: Metadata = { title: 'Arena entry' };

export default async function ArenaEntryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ArenaEntryClient id={id} />;
}
