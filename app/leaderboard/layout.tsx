import type { Metadata } from 'next';
import type { ReactNode } from 'react';

export const metadata: Metadata = { title: 'Leaderboards' };

export default function LeaderboardLayout({ children }: { children: ReactNode }) {
  return children;
}
