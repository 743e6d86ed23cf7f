import { previewBots, quickPar, runBot, type PreviewReply, type PreviewRequest } from '../lib/editorPreview';

/**
 * The editor's preview, off the main thread. A newer draft supersedes the running one:
 * the page terminates this worker and starts a fresh one, so no stale run competes for
 * the CPU (the id still guards against a reply already in flight).
 */
// The project's lib is the DOM's; a worker's global needs only these two members here.
const ctx = self as unknown as { onmessage: ((e: MessageEvent<PreviewRequest>) => void) | null; postMessage(m: PreviewReply): void };

ctx.onmessage = (e: MessageEvent<PreviewRequest>) => {
  const { id, scenario, par } = e.data;
  const post = (m: PreviewReply) => ctx.postMessage(m);
  try {
    for (const bot of previewBots(scenario)) post({ id, kind: 'bot', run: runBot(scenario, bot) });
    if (par) post({ id, kind: 'par', ...quickPar(scenario) });
    post({ id, kind: 'done' });
  } catch (err) {
    post({ id, kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
