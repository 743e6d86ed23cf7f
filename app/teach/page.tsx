import type { Metadata } from 'next';
import { Dashboard } from './_components/Dashboard';

export const metadata: Metadata = { title: 'My teaching' };

/** /teach: a signed-in teacher's classes, rooms (with rounds) and assignments; new classes and assignments. */
export default function TeachPage() {
  return <Dashboard />;
}
