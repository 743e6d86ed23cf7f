'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { fetchAccount, signOut, signOutEverywhere, type AccountView } from '@/app/lib/account';
import { FormError } from './Field';

export function AccountPanel() {
  const router = useRouter();
  const [account, setAccount] = useState<AccountView | null | undefined>(undefined);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void fetchAccount().then(setAccount, () => setError('Could not reach the server. Reload to try again.'));
  }, []);

  async function leave(everywhere: boolean) {
    setBusy(true);
    const r = await (everywhere ? signOutEverywhere() : signOut());
    setBusy(false);
    if (!r.ok) return setError(r.message);
    router.push('/signin');
  }

  if (account === undefined) return error ? <FormError message={error} /> : <p className="text-muted">Loading…</p>;
  if (account === null) {
    return <p>You are not signed in. <Link href="/signin?next=/account" className="underline">Sign in</Link> or <Link href="/signup" className="underline">create a teacher account</Link>.</p>;
  }
  return (
    <div className="space-y-5 rounded-xl border border-line bg-panel p-5">
      <FormError message={error} />
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
        <dt className="text-muted">Name</dt><dd data-testid="account-name">{account.name}</dd>
        {account.username && <><dt className="text-muted">Username</dt><dd>{account.username}</dd></>}
        <dt className="text-muted">E-mail</dt><dd>{account.email ?? <span className="text-muted">none</span>}</dd>
        <dt className="text-muted">Role</dt><dd data-testid="account-role">{account.role}</dd>
      </dl>
      <p><Link href="/teach" className="text-oi-sky underline" data-testid="account-teach">My teaching</Link>: classes, assignments and the rooms you hosted.</p>
      <div className="flex flex-wrap gap-3">
        <button type="button" disabled={busy} onClick={() => void leave(false)} className="rounded bg-oi-sky px-4 py-2 font-semibold text-black disabled:opacity-60">Sign out</button>
        <button type="button" disabled={busy} onClick={() => void leave(true)} className="rounded border border-line px-4 py-2 disabled:opacity-60">Sign out everywhere</button>
      </div>
      <p className="text-sm text-muted">“Sign out everywhere” ends every session of this account, on every browser (a lost laptop, a shared classroom computer).</p>
    </div>
  );
}
