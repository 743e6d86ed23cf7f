// `npm start`: builds the web app when there is no production build or when the sources or
// the lockfile changed since the last one (or with --rebuild), then runs the single server
// process (Next.js + Socket.IO on one port, SQLite by default).
import { spawnSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFingerprint, buildReason, recordFingerprint } from './build-fingerprint.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NODE_ENV: 'production' };

const reason = buildReason(root, { rebuild: process.argv.includes('--rebuild') });
if (reason) {
  console.log(`start: ${reason}; running \`next build\` (about a minute on 2 cores)`);
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // Taken after the build, in case the build itself touches an input (Next may rewrite tsconfig.json).
  recordFingerprint(root, buildFingerprint(root));
}

const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'main.ts')], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
