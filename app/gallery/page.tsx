import type { Metadata } from 'next';
import { Gallery } from './Gallery';

export const metadata: Metadata = { title: 'Gallery' };

export default function GalleryPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-3xl font-bold">Gallery</h1>
      <p className="max-w-3xl text-muted">Levels teachers published for everyone: play one, or host a room on it for your class.</p>
      <Gallery />
    </div>
  );
}
