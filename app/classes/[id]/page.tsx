import type { Metadata } from 'next';
import { ClassPage } from '../../teach/_components/ClassPage';

export const metadata: Metadata = { title: 'Class results' };

export default async function ClassResults({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ClassPage id={id} />;
}
