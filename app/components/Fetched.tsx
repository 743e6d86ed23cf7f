'use client';
/**
 * Data fetched for a panel (a leaderboard, a room's results): the fetch with its abort
 * and a "try again", and the loading, missing and error panels every such view shows
 * the same way (a status while waiting, an alert with a retry button on failure).
 */
import { useCallback, useEffect, useState } from 'react';

/**
 * Runs `load` whenever `key` changes or `retry` is called; `result` is null while it runs.
 * An answer that arrives after the key changed (or the view left) is dropped.
 */
export function useRetryableFetch<T>(load: (signal: AbortSignal) => Promise<T>, key: string): { result: T | null; retry: () => void } {
  const [result, setResult] = useState<T | null>(null);
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  useEffect(() => {
    const ctl = new AbortController();
    setResult(null);
    void load(ctl.signal).then((r) => {
      if (!ctl.signal.aborted) setResult(r);
    });
    return () => ctl.abort();
    // `load` is recreated on every render by its callers; `key` says when it means something else.
  }, [key, attempt]);
  return { result, retry };
}

export function LoadingPanel({ text }: { text: string }) {
  return (
    <div role="status" aria-busy="true" className="rounded-lg border border-line bg-panel p-5 text-muted">
      <span aria-hidden="true" className="mr-2 inline-block h-3 w-3 animate-pulse rounded-full bg-oi-sky" />
      {text}
    </div>
  );
}

export function NoticePanel({ text }: { text: string }) {
  return <div role="status" className="rounded-lg border border-line bg-panel p-5 text-muted">{text}</div>;
}

export function ErrorPanel({ message, retry }: { message: string; retry: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-oi-vermillion/60 bg-oi-vermillion/10 p-5">
      <p>{message}</p>
      <button type="button" onClick={retry} className="mt-3 rounded-md border border-line px-3 py-1.5 hover:bg-panel2">Try again</button>
    </div>
  );
}
