import type { Metadata } from 'next';
import { TeacherAssignment } from '../../teach/_components/TeacherAssignment';

export const metadata: Metadata = { title: 'Assignment results' };

export default async function AssignmentResults({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <TeacherAssignment id={id} />;
}
