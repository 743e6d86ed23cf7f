'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { ACCOUNT_CHANGED, fetchAccount, type AccountView } from '../lib/account';

/** The navigation's last item: "Sign in" for everyone (students can ignore it), or the teacher's name. */
export function AccountNav() {
  const [account, setAccount] = useState<AccountView | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const load = () => void fetchAccount().then((a) => live && setAccount(a), () => live && setAccount(null));
    load();
    window.addEventListener(ACCOUNT_CHANGED, load);
    return () => {
      live = false;
      window.removeEventListener(ACCOUNT_CHANGED, load);
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
