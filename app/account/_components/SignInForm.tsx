'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { nextPath, signIn, type AccountField } from '@/app/lib/account';
import { Field, FormError } from './Field';

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<AccountField, string>>>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const local: Partial<Record<AccountField, string>> = {};
    if (!login.trim()) local.login = 'Your username or e-mail.';
    if (!password) local.password = 'Your password.';
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    const r = await signIn({ login, password });
    setBusy(false);
    if (!r.ok) return setErrors({ [r.field === 'username' || r.field === 'email' ? 'login' : r.field]: r.message });
    router.push(nextPath(params.get('next')));
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5 rounded-xl border border-line bg-panel p-5">
      <FormError message={errors.form} />
      <Field id="login" label="Username or e-mail" value={login} onChange={setLogin} autoComplete="username" required error={errors.login} />
      <Field id="password" label="Password" type="password" value={password} onChange={setPassword} autoComplete="current-password" required error={errors.password} />
      <button type="submit" disabled={busy} className="rounded bg-oi-sky px-4 py-2 font-semibold text-black disabled:opacity-60">{busy ? 'Signing in…' : 'Sign in'}</button>
      <p className="text-sm text-muted">New teacher? <Link href="/signup" className="underline">Create an account</Link></p>
    </form>
  );
}
