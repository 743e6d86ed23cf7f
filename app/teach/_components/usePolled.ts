'use client';

import { useEffect, useState } from 'react';
import type { ApiResult } from '../../lib/api';

/**
 * Fetches now and again every `everyMs` while the page is open (results arriving live),
 * keeping the last good answer on a failed poll; `reload` asks again at once.
 */
export function usePolled<T>(fetcher: () => Promise<ApiResult<T>>, everyMs: number) {
  const [answer, setAnswer] = useState<ApiResult<T> | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    const once = () => fetcher().then((r) => {
      if (live) setAnswer((old) => (r.ok || !old?.ok || r.kind === 'refused' ? r : old));
    });
    void once();
    const id = everyMs > 0 ? setInterval(() => void once(), everyMs) : undefined;
    return () => {
      live = false;
      if (id) clearInterval(id);
    };
  }, [fetcher, everyMs, tick]);
  return { answer, reload: () => setTick((n) => n + 1) };
}
