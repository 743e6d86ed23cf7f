/** `npm start` rebuilds exactly when what the web app is built from changed (scripts/build-fingerprint.mjs). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFingerprint, buildReason, recordFingerprint } from '../../../scripts/build-fingerprint.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A small project: a lockfile, a page, an engine file, and a finished build. */
function project(): { root: string; write: (rel: string, text: string) => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'fingerprint-'));
  dirs.push(root);
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  write('package-lock.json', '{"lockfileVersion":3}');
  write('app/page.tsx', 'export default function Page() { return null; }');
  write('server/engine/step.ts', 'export const x = 1;');
  write('.next/BUILD_ID', 'abc');
  return { root, write };
}

describe('build fingerprint', () => {
  it('a fresh build with its fingerprint needs nothing; a change to a page, the engine, the lockfile or public/ does', () => {
    for (const [rel, text] of [
      ['app/page.tsx', 'export default function Page() { return 1; }'],
      ['server/engine/step.ts', 'export const x = 2;'],
      ['package-lock.json', '{"lockfileVersion":3,"packages":{}}'],
      ['app/new-page/page.tsx', 'export default 1;'],
      ['public/robots.txt', 'User-agent: *'],
    ]) {
      const p = project();
      recordFingerprint(p.root, buildFingerprint(p.root));
      expect(buildReason(p.root), 'before').toBeNull();
      p.write(rel, text);
      expect(buildReason(p.root), rel).toMatch(/changed since the last build/);
    }
  });

  it('the same contents give the same fingerprint (rewriting a file unchanged does not rebuild); generated and build folders are ignored', () => {
    const p = project();
    const before = buildFingerprint(p.root);
    p.write('app/page.tsx', 'export default function Page() { return null; }');
    p.write('node_modules/next/index.js', 'changed');
    p.write('server/db/generated/sqlite/client.ts', 'regenerated');
    p.write('.next/server/page.js', 'built');
    p.write('tests/unit/x.test.ts', 'not an input of the build');
    expect(buildFingerprint(p.root)).toBe(before);
  });

  it('says why it builds: no build, a build that recorded nothing, --rebuild', () => {
    const p = project();
    expect(buildReason(p.root)).toMatch(/does not say what it was built from/);
    rmSync(path.join(p.root, '.next'), { recursive: true });
    expect(buildReason(p.root)).toMatch(/no production build/);
    p.write('.next/BUILD_ID', 'abc');
    recordFingerprint(p.root, buildFingerprint(p.root));
    expect(buildReason(p.root, { rebuild: true })).toMatch(/--rebuild/);
  });
});
