import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ReplayPage } from './ReplayPage';

export const metadata: Metadata = { title: 'Replay' };

export default function Page() {
  return (
    <Suspense fallback={<p className="text-muted">Loading the replay…</p>}>
      <ReplayPage />
    </Suspense>
  );
}
