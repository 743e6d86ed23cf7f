#!/usr/bin/env node
/**
 * postinstall: generates both Prisma clients (SQLite and PostgreSQL) into
 * server/db/generated/ (git-ignored). Works offline: the clients use the WebAssembly
 * query compiler and the CLI the JavaScript schema engine (see prisma.config.ts).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'node_modules/prisma/build/index.js');
if (!fs.existsSync(cli)) {
  // Installed without dependencies (e.g. `npm install --omit=...` in a tool): nothing to do.
  console.warn('prisma-generate: prisma CLI not installed, skipping client generation');
  process.exit(0);
}

const derive = spawnSync(process.execPath, [path.join(root, 'scripts/prisma-derive.mjs')], { cwd: root, stdio: 'inherit' });
if (derive.status !== 0) process.exit(derive.status ?? 1);

for (const schema of ['prisma/schema.prisma', 'prisma/postgres/schema.prisma']) {
  const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
  // The config picks schema and adapter from DATABASE_URL; generation needs no database.
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [cli, 'generate', '--schema', schema], { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`prisma-generate: prisma generate --schema ${schema} failed`);
    process.exit(r.status ?? 1);
  }
}
