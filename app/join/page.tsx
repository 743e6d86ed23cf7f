import type { Metadata } from 'next';
import { JoinForm } from './_components/JoinForm';

export const metadata: Metadata = { title: 'Join a room' };

export default function JoinPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-3xl font-bold tracking-tight">Join a room</h1>
      <p className="mt-2 text-muted">Type the code on your teacher’s screen and pick a nickname. No account needed.</p>
      <div className="mt-6"><JoinForm /></div>
    </div>
  );
}
