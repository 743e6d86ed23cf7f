import type { Metadata } from 'next';
import { JoinForm } from '../_components/JoinForm';

export const metadata: Metadata = { title: 'Join a room' };

export default async function JoinCodePage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-3xl font-bold tracking-tight">Join room <span className="font-mono">{code.toUpperCase()}</span></h1>
      <p className="mt-2 text-muted">Pick a nickname. No account needed.</p>
      <div className="mt-6"><JoinForm initialCode={code} /></div>
    </div>
  );
}
