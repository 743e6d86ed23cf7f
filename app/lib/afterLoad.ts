/**
 * Runs `fn` once the page has finished loading (the window's load event), then
 * in an idle moment: for fetching code the page needs later, so it never competes
 * with the first load. Returns a cancel function (a React effect's cleanup).
 */
export function afterLoad(fn: () => void): () => void {
  let cancelled = false;
  let idle: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    if (cancelled) return;
    if (typeof window.requestIdleCallback === 'function') idle = window.requestIdleCallback(() => { if (!cancelled) fn(); }, { timeout: 2000 });
    else timer = setTimeout(() => { if (!cancelled) fn(); }, 0);
  };
  if (document.readyState === 'complete') run();
  else window.addEventListener('load', run, { once: true });
  return () => {
    cancelled = true;
    window.removeEventListener('load', run);
    if (idle !== null) window.cancelIdleCallback(idle);
    if (timer !== null) clearTimeout(timer);
  };
}
