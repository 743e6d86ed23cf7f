import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DailyChallenge } from './DailyChallenge';

export const metadata: Metadata = { title: 'Daily challenge' };

export default function DailyPage() {
  return (
    <Suspense fallback={<p className="text-muted">Loading today&apos;s challenge…</p>}>
      <DailyChallenge />
    </Suspense>
  );
}
