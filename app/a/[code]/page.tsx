import type { Metadata } from 'next';
import { StudentAssignment } from '../../teach/_components/StudentAssignment';

export const metadata: Metadata = { title: 'Assignment' };

/** /a/<code>: a student's assignment (no account: the anonymous player, a nickname). */
export default async function AssignmentForStudents({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  return <StudentAssignment code={code.toUpperCase()} />;
}
