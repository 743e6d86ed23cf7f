/**
 * The process-level guard of a cluster process (server/cluster/redis.ts): a Redis command lost
 * with its connection, rejected where nobody awaits it, is logged and the process lives on; any
 * other unhandled rejection still ends the process, as Node would. Real child processes.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../server/db';

function run(rejectWith: string) {
  const script = `
    import { surviveRedisConnectionLoss } from ${JSON.stringify(path.join(PROJECT_ROOT, 'server/cluster/redis.ts'))};
    import { SocketClosedUnexpectedlyError } from 'redis';
    surviveRedisConnectionLoss({ info() {}, error: (msg, data) => console.log('logged:', msg, data.error) });
    void Promise.reject(${rejectWith});
    setTimeout(() => console.log('still alive'), 200);
  `;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
}

it('a Redis connection error rejected unhandled is logged and the process lives on', () => {
  const r = run('new SocketClosedUnexpectedlyError()');
  expect(r.stdout).toContain('logged: redis command lost with its connection');
  expect(r.stdout).toContain('still alive');
  expect(r.status).toBe(0);
});

it('any other unhandled rejection still ends the process', () => {
  const r = run("new Error('a real bug')");
  expect(r.stdout).not.toContain('still alive');
  expect(r.stderr).toContain('a real bug');
  expect(r.status).not.toBe(0);
});
