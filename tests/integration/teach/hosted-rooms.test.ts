/**
 * Rooms a signed-in teacher hosts are kept under the account: the socket handshake's session
 * cookie is resolved in server/realtime, only the account id goes into the room, and the
 * rooms' checkpoint sink stores it on the room row (class history). Real Socket.IO clients
 * on a real port; the session lookup is a stand-in (tests/helpers/test-accounts.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import { createMemoryRepositories, seedBuiltins, type Db } from '../../../server/db';
import { createCheckpointSink, settleWrites } from '../../../server/db/sinks';
import { PROTOCOL_VERSION } from '../../../server/protocol';
import { startServer, type Client, type TestServer } from '../realtime/harness';
import { cookieAccounts } from '../../helpers/test-accounts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function connect(url: string, cookie?: string): Promise<Client> {
  const socket: Client = connectClient(url, {
    auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });
  server!.clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function hostAndStart(host: Client): Promise<string> {
  const created = await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'pile-up' } });
  if (!created.ok) throw new Error(created.reason);
  const started = await host.emitWithAck('room:control', { roomId: created.roomId, hostToken: created.hostToken, command: { op: 'start' } });
  expect(started.ok).toBe(true);
  return created.code;
}

describe('rooms hosted by a signed-in teacher', () => {
  it('are stored with the account id from the handshake cookie; an anonymous host\'s are not', async () => {
    const db: Db = createMemoryRepositories();
    await seedBuiltins(db);
    server = await startServer({ accounts: cookieAccounts, checkpoints: createCheckpointSink(db) });

    const teacherCode = await hostAndStart(await connect(server.url, 'theme=dark; test-session=teacher-z'));
    const anonCode = await hostAndStart(await connect(server.url));
    expect(server.app.registry.byCode(teacherCode)?.ownerAccountId).toBe('teacher-z');
    expect(server.app.registry.byCode(anonCode)?.ownerAccountId).toBeNull();

    await server.app.registry.flushCheckpoints();
    await settleWrites(db);
    expect((await db.rooms.getByCode(teacherCode))?.ownerAccountId).toBe('teacher-z');
    expect((await db.rooms.getByCode(anonCode))?.ownerAccountId).toBeNull();
    expect((await db.classes.listRooms('teacher-z')).map((r) => r.code)).toEqual([teacherCode]);
  });

  it('a failing session lookup hosts anonymously: the game goes on', async () => {
    server = await startServer({ accounts: { current: () => Promise.reject(new Error('auth store down')) } });
    const host = await connect(server.url, 'test-session=teacher-z');
    const code = await hostAndStart(host);
    expect(server.app.registry.byCode(code)?.ownerAccountId).toBeNull();
  });
});
