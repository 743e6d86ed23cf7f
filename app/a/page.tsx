import type { Metadata } from 'next';
import { CodeForm } from '../teach/_components/CodeForm';

export const metadata: Metadata = { title: 'Open an assignment' };

export default function OpenAssignment() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-3xl font-bold tracking-tight">Open an assignment</h1>
      <p className="mt-2 text-muted">Type the code your teacher gave you. No account needed.</p>
      <div className="mt-6"><CodeForm /></div>
    </div>
  );
}
