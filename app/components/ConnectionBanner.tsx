'use client';

import { useEffect, useState } from 'react';

/**
 * Says when the browser is offline. Solo play goes on (the engine runs here);
 * finished runs are sent when the connection returns (SoloGame retries on "online").
 */
export function ConnectionBanner() {
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    const update = () => setOffline(!navigator.onLine);
    update();
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  if (!offline) return null;
  return (
    <div role="status" className="border-b border-oi-orange bg-oi-orange/15 px-4 py-2 text-center text-sm" data-testid="offline-banner">
      You are offline. Solo levels still play here; your results are sent when the connection is back.
    </div>
  );
}
