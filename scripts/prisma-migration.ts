/**
 * Creates a new migration for both databases after prisma/schema.prisma was edited:
 *   npx tsx scripts/prisma-migration.ts <name>
 * It derives prisma/postgres/schema.prisma, diffs the schema committed at HEAD against the
 * working copy for each provider (Prisma's SQLite shadow database cannot apply multi-statement
 * migrations through better-sqlite3, so `migrate dev` is not used), and writes
 * prisma/migrations/<stamp>_<name>/ and prisma/postgres/migrations/<stamp>_<name>/.
 * The PostgreSQL diff needs a server: a throwaway cluster is started for it.
 * Then `node scripts/prisma-generate.mjs` regenerates the clients.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../tests/helpers/postgres';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'node_modules/prisma/build/index.js');

class Failure extends Error {}

/** Throws (never exits here): the finally blocks must stop the PostgreSQL cluster. */
function fail(msg: string): never {
  throw new Failure(msg);
}

function headVersion(file: string, tmp: string): string {
  const out = path.join(tmp, file.replaceAll('/', '_'));
  try {
    fs.writeFileSync(out, execFileSync('git', ['show', `HEAD:${file}`], { cwd: root }));
  } catch {
    fail(`cannot read ${file} at HEAD`);
  }
  return out;
}

function diff(from: string, to: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync(process.execPath, [cli, 'migrate', 'diff', '--from-schema-datamodel', from, '--to-schema-datamodel', to, '--script'], { cwd: root, encoding: 'utf8', env });
  if (r.status !== 0) fail(`migrate diff failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) fail('usage: npx tsx scripts/prisma-migration.ts <name: a-z, 0-9, _>');
  const derive = spawnSync(process.execPath, [path.join(root, 'scripts/prisma-derive.mjs')], { cwd: root, stdio: 'inherit' });
  if (derive.status !== 0) fail('prisma-derive failed');

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-migration-'));
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const folder = `${stamp}_${name}`;
  const base = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
  const cluster = await startPostgres();
  try {
    const sqlite = diff(headVersion('prisma/schema.prisma', tmp), 'prisma/schema.prisma', { ...base, DATABASE_URL: `file:${path.join(tmp, 'scratch.db')}` });
    const postgres = diff(headVersion('prisma/postgres/schema.prisma', tmp), 'prisma/postgres/schema.prisma', { ...base, DATABASE_URL: cluster.url });
    const empty = (sql: string) => !sql.replace(/--.*$/gm, '').trim();
    if (empty(sqlite) && empty(postgres)) fail('no schema change since HEAD: nothing to do');
    for (const [dir, sql] of [['prisma/migrations', sqlite], ['prisma/postgres/migrations', postgres]] as const) {
      fs.mkdirSync(path.join(root, dir, folder), { recursive: true });
      fs.writeFileSync(path.join(root, dir, folder, 'migration.sql'), sql);
      console.log(`prisma-migration: wrote ${dir}/${folder}/migration.sql`);
    }
  } finally {
    await cluster.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`prisma-migration: ${e instanceof Failure ? e.message : String((e as Error)?.stack ?? e)}`);
  process.exit(1);
});
