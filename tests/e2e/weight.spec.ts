/**
 * The first-load JavaScript budget (issue 11): at most 160 KiB gzipped on the landing
 * page and on a level page, counting the scripts requested before the load event
 * (scripts/web-weight.ts, the same measure `npm run bench:web` prints). A size, not
 * a speed: it does not depend on the machine.
 */
import { expect, test } from './helpers';
import { firstLoadScripts } from '../../scripts/web-weight';

const BUDGET_KIB = 160;

for (const path of ['/', '/campaign/pinning']) {
  test(`first-load JavaScript of ${path} stays within ${BUDGET_KIB} KiB gzip`, async ({ browser, baseURL }) => {
    const w = await firstLoadScripts(browser, baseURL!, path);
    expect(w.scripts.length).toBeGreaterThan(0);
    const list = w.scripts.map((s) => `${s.url} ${(s.gzip / 1024).toFixed(1)}`).join(', ');
    expect(w.gzip / 1024, `scripts before load: ${list}`).toBeLessThanOrEqual(BUDGET_KIB);
  });
}
