import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';
import { openDatabase, PROJECT_ROOT } from '../../../server/db';
import { readMigrations } from '../../../server/db/migrate';
import { startPostgres, type PgCluster } from '../../helpers/postgres';
import { arenaContract } from './arena-contract';
import { authoredContract } from './authored-contract';
import { repositoryContract } from './contract';
import { teachContract } from './teach-contract';

// A throwaway cluster from the local binaries. If it cannot start, beforeAll throws with the
// reason and every test in this file fails: PostgreSQL is never skipped silently.
let cluster: PgCluster;
let n = 0;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

repositoryContract('PostgreSQL', async () => openDatabase(await cluster.createDatabase(`contract_${++n}`)));
authoredContract('PostgreSQL', async () => openDatabase(await cluster.createDatabase(`authored_${++n}`)));
arenaContract('PostgreSQL', async () => openDatabase(await cluster.createDatabase(`arena_${++n}`), { seed: false }));
teachContract('PostgreSQL', async () => openDatabase(await cluster.createDatabase(`teach_${++n}`)));

describe('PostgreSQL database lifecycle', () => {
  it('migrates an empty database, loads the built-ins; two servers starting at once and a reopen change nothing', async () => {
    const url = await cluster.createDatabase('lifecycle');
    const [a, b] = await Promise.all([openDatabase(url), openDatabase(url)]);
    expect(a.provider).toBe('postgres');
    expect((await a.scenarios.listPublic()).map((s) => s.slug)).toEqual(BUILTIN_SCENARIOS.map((s) => s.slug));
    await Promise.all([a.close(), b.close()]);
    const c = await openDatabase(url);
    expect((await c.scenarios.getBySlug('pile-up'))?.version).toBe(1);
    await c.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const applied = await client.query<{ migration_name: string; checksum: string }>('SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name');
      const committed = readMigrations(path.join(PROJECT_ROOT, 'prisma/postgres/migrations'));
      expect(applied.rows.map((r) => [r.migration_name, r.checksum])).toEqual(committed.map((m) => [m.name, m.checksum]));
      const versions = await client.query<{ c: string }>('SELECT COUNT(*)::text AS c FROM "ScenarioVersion"');
      expect(Number(versions.rows[0].c)).toBe(BUILTIN_SCENARIOS.length);
    } finally {
      await client.end();
    }
  });

  it('Prisma Migrate agrees: status is up to date and the committed migrations match the derived schema', async () => {
    const url = await cluster.createDatabase('cli');
    await (await openDatabase(url, { seed: false })).close();
    const cli = path.join(PROJECT_ROOT, 'node_modules/prisma/build/index.js');
    const env = { ...process.env, DATABASE_URL: url };
    const status = spawnSync(process.execPath, [cli, 'migrate', 'status'], { cwd: PROJECT_ROOT, encoding: 'utf8', env, timeout: 60_000 });
    expect(status.stdout + status.stderr).toContain('Database schema is up to date');
    expect(status.status).toBe(0);
    const diff = spawnSync(process.execPath, [cli, 'migrate', 'diff', '--from-migrations', 'prisma/postgres/migrations', '--to-schema-datamodel', 'prisma/postgres/schema.prisma', '--exit-code'], { cwd: PROJECT_ROOT, encoding: 'utf8', env, timeout: 60_000 });
    expect(diff.stdout + diff.stderr).toContain('No difference detected');
    expect(diff.status).toBe(0);
  });
});
