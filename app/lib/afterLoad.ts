/**
 * Runs `fn` just after the page's load event (at once when it has passed): for
 * fetching code the page needs later, so it never competes with the first load,
 * yet arrives as early as possible (a solo level must keep playing if the
 * connection drops while the player reads the lesson). Returns a cancel function
 * (a React effect's cleanup).
 */
export function afterLoad(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => { timer = setTimeout(fn, 0); };
  if (document.readyState === 'complete') run();
  else window.addEventListener('load', run, { once: true });
  return () => {
    window.removeEventListener('load', run);
    if (timer !== null) clearTimeout(timer);
  };
}
