/**
 * Accessibility checks with axe-core (through @axe-core/playwright) against WCAG 2.2
 * AA and axe's best practices, plus the experimental label-in-name rule (WCAG 2.5.3):
 * task chips and CPU targets carry long accessible names, and that rule is the one
 * that says whether those names still contain what the chip shows.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './index';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

export interface Finding {
  state: string;
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** Every axe violation on the page as it is now, labelled with `state` for the report. */
export async function axeFindings(page: Page, state: string): Promise<Finding[]> {
  const results = await new AxeBuilder({ page })
    .options({ runOnly: { type: 'tag', values: TAGS }, rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  return results.violations.map((v) => ({
    state,
    rule: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join('') ?? ''}`),
  }));
}

/**
 * Fails the test on any violation, whatever its impact: the pages are clean, and a
 * moderate finding (heading order, a page without an h1) is a regression worth seeing
 * too. Soft: the test goes on, so one run lists every state that fails.
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const findings = await axeFindings(page, state);
  expect.soft(findings, `axe violations in state "${state}"`).toEqual([]);
}

/**
 * Nothing sticks out sideways (tables and the timeline scroll inside their own box).
 * On failure the message names the outermost elements that reach past the right edge.
 */
export async function expectNoSideScroll(page: Page, state: string): Promise<void> {
  const { overflow, culprits } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main *, header *'))) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 0.5 || r.width === 0) continue;
      // Only the outermost: a child of an element already listed adds nothing.
      if (el.parentElement && el.parentElement.getBoundingClientRect().right > width + 0.5) continue;
      out.push(`${el.tagName.toLowerCase()}.${el.className.toString().split(' ').slice(0, 4).join('.')} (right ${Math.round(r.right)})`);
    }
    return { overflow: document.documentElement.scrollWidth - width, culprits: out.slice(0, 5) };
  });
  expect.soft(overflow, `sideways overflow (px) in state "${state}": ${culprits.join('; ')}`).toBeLessThanOrEqual(0);
}
