import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PlayDraft } from './PlayDraft';

export const metadata: Metadata = { title: 'Play your draft' };

export default function PlayDraftPage() {
  return <Suspense><PlayDraft /></Suspense>;
}
