import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../helpers/cli';

const EXAMPLE = 'examples/policies/least-loaded.ts';

/** The headless runner exactly as `npm run sim -- ...` runs it. */
const sim = (...args: string[]) => runScript('sim.ts', args);

function policyFile(name: string, source: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sim-policy-')), name);
  writeFileSync(file, source);
  return file;
}

describe('npm run sim -- <scenario> --policy FILE', { timeout: 180_000 }, () => {
  it('runs the example policy through the sandbox, with the same hash every time', async () => {
    const [a, b] = await Promise.all([sim('pile-up', '--policy', EXAMPLE, '--json'), sim('pile-up', '--policy', EXAMPLE, '--json')]);
    expect(a.code).toBe(0);
    const out = JSON.parse(a.stdout);
    expect(out).toMatchObject({ scenario: 'pile-up', bot: 'none', policy: 'least-loaded', policyFault: null, finalHash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(JSON.parse(b.stdout).finalHash).toBe(out.finalHash);
    const none = JSON.parse((await sim('pile-up', '--bot', 'none', '--json')).stdout);
    expect(out.score).toBeGreaterThan(none.score);
  });

  it('reports a runaway policy as a typed fault, finishes the run and exits 3', async () => {
    const file = policyFile('spin.ts', 'export function balance(view: { tick: number }) { if (view.tick === 5) for (;;) {} return []; }');
    const r = await sim('pile-up', '--policy', file, '--json');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/policy spin stopped: budget in balance\(\) at tick 5/);
    expect(JSON.parse(r.stdout)).toMatchObject({ policy: 'spin', ticks: 120, policyFault: { kind: 'budget', call: 'balance', tick: 5 } });
  });

  it('passes console.log to stderr, keeping stdout for the JSON', async () => {
    const file = policyFile('chatty.ts', "export function balance(view: { tick: number }) { if (view.tick === 1) console.log('hello'); return []; }");
    const r = await sim('pile-up', '--policy', file, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('[chatty balance() tick 1] hello');
    expect(JSON.parse(r.stdout).policy).toBe('chatty');
  });

  it.each([
    [['--policy', 'no-such-file.ts'], /cannot read no-such-file\.ts/],
    [['--policy', EXAMPLE, '--bot', 'sticky'], /--policy replaces the bot/],
  ])('refuses %j with a usage error', async (args, message) => {
    const r = await sim('pile-up', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('refuses a policy that imports a module, before running anything', async () => {
    const file = policyFile('leaky.ts', "import { execSync } from 'node:child_process';\nexport function balance() { execSync('id'); return []; }");
    const r = await sim('pile-up', '--policy', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--policy: .*leaky\.ts: import: .*"node:child_process"/);
    expect(r.stdout).toBe('');
  });
});
