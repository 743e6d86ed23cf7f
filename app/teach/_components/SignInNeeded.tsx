'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ApiFailure } from '../../lib/api';

/** A teacher's page refused: not signed in (a link to sign in and come back), not theirs (404 tells nothing more), or the server is away. */
export function Refused({ failure, what }: { failure: ApiFailure; what: string }) {
  const path = usePathname();
  const signIn = failure.kind === 'refused' && failure.code === 'unauthenticated';
  const text = signIn ? 'This page is for teachers: '
    : failure.kind === 'refused' && failure.status === 404 ? `There is no ${what} here (or it is not yours).` : failure.message;
  return (
    <p role="alert" className="rounded border border-oi-vermillion bg-oi-vermillion/10 px-3 py-2 text-sm" data-testid="teach-refused">
      {text}
      {signIn && <><Link className="underline" href={`/signin?next=${encodeURIComponent(path)}`}>sign in</Link> with your teacher account.</>}
    </p>
  );
}
