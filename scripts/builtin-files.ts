import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built-in scenario files read from disk, for Node tools that cannot import the
 * JSON modules of index.ts (the headless runner, Playwright's loader). The browser
 * and the server use BUILTIN_SCENARIOS instead.
 */
const BUILTIN_DIR = fileURLToPath(new URL('../server/engine/levels', import.meta.url));

/** The parsed JSON of the built-in file whose slug is `slug`, or undefined. */
export function readBuiltinFile(slug: string): { path: string; json: unknown } | undefined {
  for (const name of readdirSync(BUILTIN_DIR).filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(BUILTIN_DIR, name);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { slug?: unknown };
    if (json.slug === slug) return { path: file, json };
  }
  return undefined;
}
