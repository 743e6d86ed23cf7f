/**
 * First-load JavaScript of one page: the scripts a fresh browser context (empty
 * cache) requests before the page's load event, each body gzipped at level 9. Shared
 * by `npm run bench:web` (prints it) and tests/e2e/weight.spec.ts (keeps it in budget).
 */
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';

export interface ScriptWeight {
  /** The script's path on the server. */
  url: string;
  raw: number;
  gzip: number;
}

export interface PageWeight {
  page: string;
  scripts: ScriptWeight[];
  /** Sum of the gzipped bodies, in bytes. */
  gzip: number;
  raw: number;
}

export async function firstLoadScripts(browser: Browser, base: string, pagePath: string): Promise<PageWeight> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    let loaded = false;
    const pending: Promise<ScriptWeight | null>[] = [];
    page.on('request', (req) => {
      if (loaded || req.resourceType() !== 'script') return;
      pending.push((async () => {
        const res = await req.response();
        if (!res) return null;
        const body = await res.body();
        return { url: req.url().replace(base, ''), raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
      })());
    });
    page.once('load', () => { loaded = true; });
    const res = await page.goto(base + pagePath, { waitUntil: 'load' });
    if (!res?.ok()) throw new Error(`${pagePath}: HTTP ${res?.status()}`);
    const scripts = (await Promise.all(pending)).filter((s): s is ScriptWeight => s !== null);
    return {
      page: pagePath,
      scripts,
      gzip: scripts.reduce((n, s) => n + s.gzip, 0),
      raw: scripts.reduce((n, s) => n + s.raw, 0),
    };
  } finally {
    await context.close();
  }
}
