// What the production build was made from: a hash of the lockfile and of every file the
// web app is built from. `npm start` (start.mjs) rebuilds when it differs from the one
// recorded beside the last build, so an update never serves the old UI.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Inputs of `next build`, relative to the project root (folders are read recursively). */
export const BUILD_INPUTS = [
  'package-lock.json', 'package.json', 'next.config.js', 'postcss.config.mjs', 'tsconfig.json',
  'app', 'server', 'public',
];
/** Never inputs: generated or installed trees. */
const SKIP = new Set(['node_modules', '.next', 'generated']);

/** Where the fingerprint of the current build is kept (inside the build: a clean build has none). */
export const FINGERPRINT_FILE = path.join('.next', 'build-fingerprint.txt');

function files(root, rel, out) {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return;
  if (statSync(abs).isDirectory()) {
    for (const name of readdirSync(abs).sort()) if (!SKIP.has(name)) files(root, path.posix.join(rel, name), out);
  } else {
    out.push(rel);
  }
}

/**
 * SHA-256 over each input file's path and contents, in a fixed order. Contents, not
 * modification times: a checkout that rewrites files without changing them needs no build.
 * @param {string} root the project root
 * @returns {string} hex digest
 */
export function buildFingerprint(root) {
  const list = [];
  for (const input of BUILD_INPUTS) files(root, input, list);
  const hash = createHash('sha256');
  for (const rel of list) {
    hash.update(rel).update('\0').update(readFileSync(path.join(root, rel))).update('\0');
  }
  return hash.digest('hex');
}

/** @param {string} root @returns {string | null} the fingerprint recorded with the last build */
export function recordedFingerprint(root) {
  try {
    return readFileSync(path.join(root, FINGERPRINT_FILE), 'utf8').trim();
  } catch {
    return null;
  }
}

/** @param {string} root @param {string} fingerprint */
export function recordFingerprint(root, fingerprint) {
  writeFileSync(path.join(root, FINGERPRINT_FILE), fingerprint + '\n');
}

/**
 * Why a build is needed, or null when the last build is current.
 * @param {string} root
 * @param {{ rebuild?: boolean, fingerprint?: string }} [opts]
 * @returns {string | null}
 */
export function buildReason(root, opts = {}) {
  if (opts.rebuild) return 'rebuild asked for (--rebuild)';
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) return 'no production build yet';
  const recorded = recordedFingerprint(root);
  if (recorded === null) return 'the build does not say what it was built from';
  if (recorded !== (opts.fingerprint ?? buildFingerprint(root))) return 'the sources or the lockfile changed since the last build';
  return null;
}
