/**
 * PostgreSQL driver adapter for the Prisma CLI only (prisma.config.ts).
 * - Prisma issue 27403: the CLI's introspection queries return `name` and `"char"` columns,
 *   which adapter-pg cannot deserialize; they are reported as text here.
 * - The shadow database is opened with discrete host/port/user/database (pg lets a
 *   connectionString override `database`), and its pool is closed before it is dropped.
 */
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

const PG_NAME = 19;
const PG_CHAR = 18;
const PG_TEXT = 25;

let patched = false;
function patchNameColumns(): void {
  if (patched) return;
  patched = true;
  const proto = (pg as unknown as { Result: { prototype: { addFields(f: { dataTypeID: number }[]): void } } }).Result.prototype;
  const addFields = proto.addFields;
  proto.addFields = function (fields) {
    for (const f of fields) if (f.dataTypeID === PG_NAME || f.dataTypeID === PG_CHAR) f.dataTypeID = PG_TEXT;
    return addFields.call(this, fields);
  };
}

function discrete(url: string, database?: string): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: database ?? (decodeURIComponent(u.pathname.slice(1)) || undefined),
    // Idle pooled connections would keep the CLI alive for pg's idle timeout (10 s).
    allowExitOnIdle: true,
  };
}

export function cliPgAdapterFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  patchNameColumns();
  const main = new PrismaPg(discrete(url));
  return {
    provider: 'postgres',
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async connectToShadowDb() {
      const admin = await main.connect();
      const database = `prisma_shadow_${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
      await admin.executeScript(`CREATE DATABASE "${database}"`);
      const shadow = await new PrismaPg(discrete(url, database)).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
        await admin.dispose();
      };
      return shadow;
    },
  };
}
