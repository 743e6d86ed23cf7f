import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SignInForm } from '../account/_components/SignInForm';

export const metadata: Metadata = { title: 'Sign in' };

export default function SignInPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-3xl font-bold tracking-tight">Teacher sign in</h1>
      <p className="mt-2 text-muted">Students: no account needed, <a href="/join" className="underline">join with a code</a>.</p>
      {/* useSearchParams (?next=) needs a boundary for the static build. */}
      <div className="mt-6"><Suspense><SignInForm /></Suspense></div>
    </div>
  );
}
