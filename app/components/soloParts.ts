/**
 * The parts of a solo level that are not needed to read its lesson, each its own
 * chunk: the game (engine, lanes, timeline), and what only the end of a run needs
 * (result screen, replay viewer, the API client and the progress store, which bring
 * zod). SoloLevel fetches them all just after the page has loaded.
 */
export const loadSoloGame = () => import('./SoloGame');
export const loadResultScreen = () => import('./ResultScreen');
export const loadReplayViewer = () => import('./ReplayViewer');
export const loadApi = () => import('../lib/api');
export const loadProgress = () => import('../lib/progress');

/** Starts every fetch; a failure (offline) is reported where the part is used. */
export function preloadSoloParts(): void {
  for (const load of [loadSoloGame, loadResultScreen, loadReplayViewer, loadApi, loadProgress]) load().catch(() => {});
}
