import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { AccountNav } from './components/AccountNav';
import { ConnectionBanner } from './components/ConnectionBanner';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Pile-up: be the real-time load balancer', template: '%s · Pile-up' },
  description: 'A game about real-time load balancing around Linux migrate_disable(): keep deadlines while pinned tasks pile up.',
  applicationName: 'Pile-up',
  // Files in public/ (SVG only: no PNG renderer among our dependencies; browsers scale SVG icons to every size).
  manifest: '/manifest.webmanifest',
  icons: { icon: [{ url: '/icon.svg', type: 'image/svg+xml' }] },
};

export const viewport: Viewport = { themeColor: '#0b0f17', width: 'device-width', initialScale: 1 };

const NAV = [
  { href: '/campaign', label: 'Campaign' },
  { href: '/daily', label: 'Daily' },
  { href: '/leaderboard', label: 'Leaderboards' },
  { href: '/replay', label: 'Replays' },
  { href: '/lab', label: 'Lab' },
  { href: '/arena', label: 'Arena' },
  { href: '/policies', label: 'Policies' },
  { href: '/editor', label: 'Editor' },
  { href: '/gallery', label: 'Gallery' },
  { href: '/host', label: 'Host a class' },
  { href: '/join', label: 'Join' },
] as const;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-panel focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-line bg-panel/80">
          <nav aria-label="Main" className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-5 gap-y-2 px-4 py-3">
            <Link href="/" className="mr-4 font-bold tracking-tight text-fg">
              <span aria-hidden="true" className="text-oi-orange">▮▮</span> Pile-up
            </Link>
            {NAV.map((n) => (
              <Link key={n.href} href={n.href} className="text-sm text-muted hover:text-fg">
                {n.label}
              </Link>
            ))}
            <AccountNav />
          </nav>
        </header>
        <ConnectionBanner />
        <main id="main" className="mx-auto max-w-7xl px-4 py-6">
          {children}
        </main>
      </body>
    </html>
  );
}
