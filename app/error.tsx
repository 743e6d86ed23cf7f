'use client';

import Link from 'next/link';
import { useEffect } from 'react';

/** Any page that throws while rendering lands here: say so plainly and offer a way on. */
export default function RouteError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    // Kept for whoever looks at the browser console; the page itself explains.
    console.warn('page error', error.digest ?? error.message);
  }, [error]);
  return (
    <section role="alert" className="mx-auto max-w-xl rounded-xl border border-oi-vermillion bg-panel p-6">
      <h1 className="text-2xl font-bold">Something went wrong on this page</h1>
      <p className="mt-2 text-muted">The game hit an unexpected problem. Your campaign progress is safe in this browser.</p>
      <div className="mt-4 flex gap-3">
        <button type="button" onClick={reset} className="rounded-md bg-oi-sky px-4 py-2 font-semibold text-black">Try again</button>
        <Link href="/" className="rounded-md border border-line bg-panel2 px-4 py-2 font-semibold">Home</Link>
      </div>
    </section>
  );
}
