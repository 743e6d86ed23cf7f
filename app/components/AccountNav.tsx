'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { AccountView } from '../lib/account';

/** The navigation's last item: "Sign in" for everyone (students can ignore it), or the teacher's name. */
export function AccountNav() {
  const [account, setAccount] = useState<AccountView | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    let stop = () => {};
    // Loaded after the page: the account module parses with zod, which would otherwise weigh on
    // every page's first load for a link most visitors (students) never use.
    void import('../lib/account').then(({ ACCOUNT_CHANGED, fetchAccount }) => {
      const load = () => void fetchAccount().then((a) => live && setAccount(a), () => live && setAccount(null));
      if (!live) return;
      load();
      window.addEventListener(ACCOUNT_CHANGED, load);
      stop = () => window.removeEventListener(ACCOUNT_CHANGED, load);
    }, () => live && setAccount(null));
    return () => {
      live = false;
      stop();
    };
  }, []);
  if (account === undefined) return <span className="ml-auto text-sm text-muted" aria-hidden="true" />;
  if (!account) {
    return <Link href="/signin" className="ml-auto text-sm text-muted hover:text-fg" data-testid="nav-signin">Sign in</Link>;
  }
  return (
    <Link href="/account" className="ml-auto text-sm font-semibold text-fg hover:underline" data-testid="nav-account">
      {account.name}{account.role === 'admin' && <span className="ml-1 text-xs text-muted">(admin)</span>}
    </Link>
  );
}
