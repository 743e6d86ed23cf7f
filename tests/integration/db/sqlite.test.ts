import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';
import { openDatabase, PROJECT_ROOT } from '../../../server/db';
import { readMigrations } from '../../../server/db/migrate';
import { toScenarioDocOrThrow } from '../../../server/db/scenarios';
import { dailyScenarioRecord } from '../../../server/db/service';
import { arenaContract } from './arena-contract';
import { authoredContract } from './authored-contract';
import { repositoryContract } from './contract';
import { teachContract } from './teach-contract';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-sqlite-'));
let n = 0;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

repositoryContract('SQLite', () => openDatabase(`file:${path.join(dir, `contract-${++n}.db`)}`));
authoredContract('SQLite', () => openDatabase(`file:${path.join(dir, `authored-${++n}.db`)}`));
arenaContract('SQLite', () => openDatabase(`file:${path.join(dir, `arena-${++n}.db`)}`, { seed: false }));
teachContract('SQLite', () => openDatabase(`file:${path.join(dir, `teach-${++n}.db`)}`));

describe('SQLite database lifecycle', () => {
  it('a row an older version stored under a daily\'s slug is moved aside on the daily\'s first use', async () => {
    const file = path.join(dir, 'squatted.db');
    const db = await openDatabase(`file:${file}`);
    const pile = (await db.scenarios.getBySlug('pile-up'))!;
    const ref = await db.scenarios.resolve(toScenarioDocOrThrow({ ...pile.json, slug: 'daily-2026-11-20', duration: 77 }));
    await db.close();
    // What the old resolve did: a room's file took the slug as an authored scenario.
    const raw = new Database(file);
    raw.prepare("UPDATE Scenario SET slug = 'daily-2026-11-20', kind = 'authored' WHERE id = ?").run(ref.scenarioId);
    raw.close();
    const again = await openDatabase(`file:${file}`);
    const daily = await dailyScenarioRecord(again, '2026-11-20');
    expect([daily.slug, daily.kind]).toEqual(['daily-2026-11-20', 'daily']);
    expect((await again.scenarios.getById(ref.scenarioId))?.slug).toBe(ref.slug);
    await again.close();
  });

  it('creates the folder and the file, migrates, loads the built-ins; reopening changes nothing', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'game.db');
    const db = await openDatabase(`file:${file}`);
    expect(db.provider).toBe('sqlite');
    expect((await db.scenarios.listPublic()).map((s) => s.slug)).toEqual(BUILTIN_SCENARIOS.map((s) => s.slug));
    await db.close();
    const raw = new Database(file, { readonly: true });
    const applied = raw.prepare('SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name').all() as { migration_name: string; checksum: string; finished_at: string | null }[];
    const versions = raw.prepare('SELECT COUNT(*) AS c FROM ScenarioVersion').get() as { c: number };
    expect((raw.pragma('journal_mode', { simple: true }) as string).toLowerCase()).toBe('wal');
    raw.close();
    const committed = readMigrations(path.join(PROJECT_ROOT, 'prisma/migrations'));
    expect(applied.map((a) => [a.migration_name, a.checksum])).toEqual(committed.map((m) => [m.name, m.checksum]));
    expect(applied.every((a) => a.finished_at)).toBe(true);

    const again = await openDatabase(`file:${file}`);
    const s = (await again.scenarios.getBySlug('pile-up'))!;
    expect(s.version).toBe(1);
    await again.close();
    const raw2 = new Database(file, { readonly: true });
    expect((raw2.prepare('SELECT COUNT(*) AS c FROM ScenarioVersion').get() as { c: number }).c).toBe(versions.c);
    expect((raw2.prepare('SELECT COUNT(*) AS c FROM _prisma_migrations').get() as { c: number }).c).toBe(committed.length);
    raw2.close();
  });

  it('Prisma Migrate agrees: migrate status reports the database up to date', () => {
    const file = path.join(dir, 'status.db');
    return openDatabase(`file:${file}`).then(async (db) => {
      await db.close();
      const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/prisma/build/index.js'), 'migrate', 'status'], {
        cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: `file:${file}` }, timeout: 60_000,
      });
      expect(r.stdout + r.stderr).toContain('Database schema is up to date');
      expect(r.status).toBe(0);
    });
  });

  it('the committed migrations produce exactly the schema in prisma/schema.prisma, and the PostgreSQL schema is derived from it', async () => {
    // Prisma's shadow database for SQLite runs a whole migration through one prepared
    // statement, which better-sqlite3 refuses; so compare with what `db push` builds instead.
    const cli = path.join(PROJECT_ROOT, 'node_modules/prisma/build/index.js');
    const migrated = path.join(dir, 'migrated.db');
    const pushed = path.join(dir, 'pushed.db');
    await (await openDatabase(`file:${migrated}`, { seed: false })).close();
    const r = spawnSync(process.execPath, [cli, 'db', 'push', '--skip-generate'], {
      cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: `file:${pushed}` }, timeout: 60_000,
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const schemaOf = (file: string) => {
      const raw = new Database(file, { readonly: true });
      const rows = raw.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations' ORDER BY type, name").all() as { type: string; name: string; sql: string | null }[];
      raw.close();
      return rows.map((x) => `${x.type} ${x.name}: ${(x.sql ?? '').replace(/\s+/g, ' ')}`);
    };
    const want = schemaOf(pushed);
    expect(want.length).toBeGreaterThan(10);
    expect(schemaOf(migrated)).toEqual(want);
    const check = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/prisma-derive.mjs'), '--check'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
