/** public/: the web manifest parses, says what the install prompt needs, and every icon it or the layout names exists. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { metadata, viewport } from '../../../app/layout';

const publicDir = path.resolve(__dirname, '../../../public');
const fileOf = (url: string) => path.join(publicDir, new URL(url, 'http://x').pathname);

const manifestSchema = z.object({
  name: z.string().min(1),
  short_name: z.string().min(1).max(12),
  start_url: z.string().startsWith('/'),
  display: z.enum(['standalone', 'fullscreen', 'minimal-ui', 'browser']),
  background_color: z.string(),
  theme_color: z.string(),
  icons: z.array(z.object({ src: z.string().startsWith('/'), sizes: z.string(), type: z.string(), purpose: z.string().optional() })).min(1),
});

describe('public/', () => {
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(path.join(publicDir, 'manifest.webmanifest'), 'utf8')));

  it('every manifest icon exists, is the type it claims, and there is one for any use and one maskable', () => {
    for (const icon of manifest.icons) {
      expect(existsSync(fileOf(icon.src)), icon.src).toBe(true);
      const text = readFileSync(fileOf(icon.src), 'utf8');
      expect(icon.type).toBe('image/svg+xml');
      // A square drawing, so it scales to every size the manifest says ("any").
      expect(text).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
      expect(icon.sizes).toBe('any');
    }
    expect(manifest.icons.map((i) => i.purpose ?? 'any').sort()).toEqual(['any', 'maskable']);
  });

  it('the layout links the manifest and an icon that exist, with the manifest theme colour', () => {
    expect(metadata.manifest).toBe('/manifest.webmanifest');
    const icons = (metadata.icons as { icon: { url: string }[] }).icon;
    expect(icons.length).toBeGreaterThan(0);
    for (const i of icons) expect(existsSync(fileOf(i.url)), i.url).toBe(true);
    expect(viewport.themeColor).toBe(manifest.theme_color);
  });

  it('robots.txt lets crawlers read the game and keeps them out of the API and the classroom rooms', () => {
    const rules = readFileSync(path.join(publicDir, 'robots.txt'), 'utf8').split('\n')
      .map((l) => /^(Allow|Disallow):\s*(\S+)/.exec(l)).filter((m) => m !== null)
      .map((m) => ({ allow: m[1] === 'Allow', prefix: m[2] }));
    // RFC 9309: the longest matching rule decides; no rule allows.
    const allowed = (p: string) => rules.filter((r) => p.startsWith(r.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0]?.allow ?? true;
    for (const p of ['/', '/campaign/pinning', '/daily', '/leaderboard/scenario/pile-up', '/replay?run=x', '/lab', '/join', '/manifest.webmanifest']) expect(allowed(p), p).toBe(true);
    for (const p of ['/api/runs', '/api/leaderboard/campaign', '/room/ABC234', '/host/ABC234', '/join/ABC234']) expect(allowed(p), p).toBe(false);
  });
});
