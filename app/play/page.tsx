import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PlayScenario } from './PlayScenario';

export const metadata: Metadata = { title: 'Play' };

export default function PlayPage() {
  return (
    <Suspense fallback={<p className="text-muted">Loading…</p>}>
      <PlayScenario />
    </Suspense>
  );
}
