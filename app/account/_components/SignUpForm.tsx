'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { signUp, type AccountField } from '@/app/lib/account';
import { Field, FormError } from './Field';

export function SignUpForm() {
  const router = useRouter();
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<AccountField, string>>>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const local: Partial<Record<AccountField, string>> = {};
    if (!/^[A-Za-z0-9_.]{3,30}$/.test(username.trim())) local.username = '3 to 30 letters, digits, underscores or dots.';
    if (password.length < 8) local.password = 'A password has at least 8 characters.';
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    const r = await signUp({ username, email, password });
    setBusy(false);
    if (!r.ok) return setErrors({ [r.field === 'login' ? 'username' : r.field]: r.message });
    router.push('/account');
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5 rounded-xl border border-line bg-panel p-5">
      <FormError message={errors.form} />
      <Field id="username" label="Username" hint="Shown on your scenarios and rooms. 3 to 30 letters, digits, _ or ." value={username} onChange={setUsername} autoComplete="username" required error={errors.username} />
      <Field id="email" label="E-mail (optional)" hint="Lets you sign in with it instead of the username." type="email" value={email} onChange={setEmail} autoComplete="email" error={errors.email} />
      <Field id="password" label="Password" hint="At least 8 characters." type="password" value={password} onChange={setPassword} autoComplete="new-password" required error={errors.password} />
      <button type="submit" disabled={busy} className="rounded bg-oi-sky px-4 py-2 font-semibold text-black disabled:opacity-60">{busy ? 'Creating…' : 'Create account'}</button>
      <p className="text-sm text-muted">Already have one? <Link href="/signin" className="underline">Sign in</Link></p>
    </form>
  );
}
