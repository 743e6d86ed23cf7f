import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The architecture boundaries live in eslint.config.js; this proves they bite.
const root = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function ruleIds(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => m.ruleId ?? 'fatal');
}

describe('architecture boundaries', () => {
  it.each([
    ["import fs from 'node:fs'; export const a = fs;", 'server/engine/x.ts'],
    ["import { Server } from 'socket.io'; export const a = Server;", 'server/engine/x.ts'],
    ["import { a } from '../rooms/room'; export const b = a;", 'server/engine/x.ts'],
    ["import { a } from '../../db/index'; export const b = a;", 'server/engine/bots/x.ts'],
    ["import { PrismaClient } from '@prisma/client'; export const a = PrismaClient;", 'server/engine/x.ts'],
  ])('the engine may not import %s', async (code, file) => {
    expect(await ruleIds(code, file)).toContain('no-restricted-imports');
  });

  it('the engine may not read the clock or Math.random', async () => {
    expect(await ruleIds('export const a = Date.now();', 'server/engine/x.ts')).toContain('no-restricted-globals');
    expect(await ruleIds('export const a = Math.random();', 'server/engine/x.ts')).toContain('no-restricted-properties');
  });

  it('rooms know no transport and no driver; the UI never reaches the database', async () => {
    expect(await ruleIds("import { Server } from 'socket.io'; export const a = Server;", 'server/rooms/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import pg from 'pg'; export const a = pg;", 'server/rooms/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { openDatabase } from '@/server/db'; export const a = openDatabase;", 'app/x.tsx')).toContain('no-restricted-imports');
  });

  // Each case imports a whole module and uses it, so an empty answer means no rule at all objected.
  const importOf = (from: string) => `import * as m from '${from}'; export const z = m;`;

  it.each([
    ['../../server/rooms/room', 'app/lib/x.ts'],
    ['@/server/rooms/registry', 'app/x.tsx'],
    ['../../../server/db', 'app/room/[code]/x.tsx'],
    ['../server/http/api', 'app/x.ts'],
    ['@/server/realtime/socket', 'app/lib/x.ts'],
    ['../../server/app', 'app/lib/x.ts'],
    ['@/server', 'app/x.tsx'],
    ['../../server/engineering', 'app/lib/x.ts'], // a prefix of "engine" is not the engine
  ])('the UI takes only the engine and the protocol from server/: refuses %s', async (from, file) => {
    expect(await ruleIds(importOf(from), file)).toContain('no-restricted-imports');
  });

  it('the UI may not re-export a room either', async () => {
    expect(await ruleIds("export { Room } from '../../server/rooms/room';", 'app/lib/x.ts')).toContain('no-restricted-imports');
  });

  it.each([
    ['../../server/engine', 'app/lib/x.ts'],
    ['../../../server/engine/levels/solutions', 'app/campaign/[slug]/x.tsx'],
    ['@/server/engine', 'app/x.tsx'],
    ['../../server/protocol', 'app/lib/x.ts'],
    ['@/server/protocol/reasons', 'app/lib/x.ts'],
    ['./storage', 'app/lib/x.ts'],
  ])('the UI takes only the engine and the protocol from server/: accepts %s', async (from, file) => {
    expect(await ruleIds(importOf(from), file)).toEqual([]);
  });

  it.each([
    ['../db', 'server/rooms/x.ts'],
    ['../db/types', 'server/rooms/x.ts'],
    ['../../server/db/service', 'server/rooms/sub/x.ts'],
    ['@/server/db', 'server/rooms/x.ts'],
  ])('rooms never import server/db: refuses %s', async (from, file) => {
    expect(await ruleIds(importOf(from), file)).toContain('no-restricted-imports');
  });

  it.each([['./ports'], ['../engine'], ['../protocol']])('rooms may import %s', async (from) => {
    expect(await ruleIds(importOf(from), 'server/rooms/x.ts')).toEqual([]);
  });

  it('allows the engine its own modules and zod', async () => {
    expect(await ruleIds("import { z } from 'zod'; import { NONE } from './types'; export const a = [z, NONE];", 'server/engine/x.ts')).toEqual([]);
  });
});
