import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGame, simulate, stepInPlace, type GameEvent, type GameState, type Scenario } from '../../../server/engine';
import { faultOf, loadPolicy, LoadError, type FaultKind, type LoadErrorKind, type SandboxedPolicy } from '../../../server/sandbox';
import { scenario, task } from '../../helpers/scenario';

const root = path.resolve(__dirname, '../../..');
const EXAMPLE = 'examples/policies/least-loaded.ts';

/** Two CPUs, three tasks piling up on CPU 0 at tick 2: a balancer has something to do. */
const pile: Scenario = scenario({
  cpus: 2,
  duration: 40,
  tasks: [
    task('a', 50, 0, [2, 20], [{ run: 4 }]),
    task('b', 40, 0, [2, 20], [{ run: 4 }]),
    task('c', 30, 0, [2, 20], [{ run: 4 }]),
  ],
});

const live: SandboxedPolicy[] = [];
afterEach(() => {
  for (const p of live.splice(0)) p.dispose();
});

async function instance(source: string, filename = 'policy.ts'): Promise<SandboxedPolicy> {
  const p = (await loadPolicy(source, filename, { limits: { budget: 50, memoryBytes: 1024 * 1024, wallMs: 120_000 } })).create();
  live.push(p);
  return p;
}

/** Runs the scenario under the policy, keeping every tick's events. */
function run(policy: SandboxedPolicy, s: Scenario = pile): { state: GameState; events: GameEvent[]; hash: string } {
  const events: GameEvent[] = [];
  const { state, result } = simulate(s, { policy, onTick: (st) => events.push(...st.events) });
  return { state, events, hash: result.finalHash };
}

const refusals = (events: GameEvent[]) => events.flatMap((e) => (e.type === 'policy-refused' ? [e.reason] : []));
const notes = (events: GameEvent[]) => events.flatMap((e) => (e.type === 'kernel' && e.rule === 'policy' ? [e.note] : []));

async function loadError(source: string): Promise<LoadError> {
  const e: unknown = await loadPolicy(source, 'bad.ts').then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(LoadError);
  return e as LoadError;
}

/** A policy whose balance() runs `body` (after a clean first tick), to see how the sandbox stops it. */
const balancing = (body: string) => `
export function init() { return { calls: 0 }; }
export function balance(view: any, state: { calls: number }) {
  state.calls++;
  if (view.tick >= 3) { ${body} }
  return [];
}`;

describe('a TypeScript policy in the sandbox', () => {
  it('runs the example policy, moves tasks through the engine and keeps its state as JSON', async () => {
    const p = await instance(readFileSync(path.join(root, EXAMPLE), 'utf8'), EXAMPLE);
    const { state, events } = run(p);
    expect(p.name).toBe('least-loaded');
    expect(faultOf(state.policy)).toBeNull();
    // The pile is spread at wakeup, and the policy's own count of moves is the engine's.
    expect(events.some((e) => e.type === 'release' && e.cpu === 1 && e.rule === 'policy')).toBe(true);
    expect(state.metrics.botMigrations).toBe((state.policy as { user: { moves: number } }).user.moves);
    expect(refusals(events)).toEqual([]);
    expect(state.metrics.responseSum).toBeLessThan(simulate(pile, { bot: 'none' }).state.metrics.responseSum);
  });

  it('gives the same final hash on two runs, Math.random included, and a different one from the none bot', async () => {
    const src = `
      export const name = 'dice';
      export function selectCpu(view: any, t: number) { return { cpu: view.tasks[t].affinity[Math.floor(Math.random() * view.tasks[t].affinity.length)], rule: 'policy' }; }
      export function balance() { return []; }`;
    const a = run(await instance(src));
    const b = run(await instance(src));
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(simulate(pile, { bot: 'none' }).result.finalHash);
  });

  it('keeps nothing between calls but the state: module variables start afresh and globals are frozen', async () => {
    const counter = await instance(`
      let calls = 0;
      export function init() { return { seen: [] as number[] }; }
      export function balance(view: any, state: { seen: number[] }) { calls++; if (state.seen.length < 3) state.seen.push(calls); return []; }`);
    expect((run(counter).state.policy as { user: { seen: number[] } }).user.seen).toEqual([1, 1, 1]);
    const global = await instance(`export function balance() { (globalThis as any).kept = 1; return []; }`);
    expect(faultOf(run(global).state.policy)).toMatchObject({ kind: 'threw', call: 'balance', tick: 0 });
  });

  it('hands console.log lines to the host', async () => {
    const lines: string[] = [];
    const factory = await loadPolicy(`export function balance(view: any) { if (view.tick === 1) console.log('tick', view.tick, { n: 1 }); return []; }`, 'log.ts');
    const p = factory.create({ onLog: (line, call, tick) => lines.push(`${call}@${tick}: ${line}`) });
    live.push(p);
    run(p);
    expect(lines).toEqual(['balance@1: tick 1 {"n":1}']);
  });
});

describe('a misbehaving policy is stopped with a typed fault and the run goes on as bot none', () => {
  it.each<[string, string, FaultKind, RegExp]>([
    ['loops forever', 'while (true) {}', 'budget', /budget of 50 interrupt checks/],
    ['allocates without end', 'const a: number[][] = []; for (;;) a.push([1, 2, 3, 4, 5, 6, 7, 8]);', 'memory', /out of memory/],
    ['recurses without end', 'const f = (n: number): number => f(n + 1) + 1; f(0);', 'stack', /stack overflow/],
    ['throws', "throw new RangeError('no idea');", 'threw', /RangeError: no idea/],
    ['reaches for process', 'globalThis.process.exit(1);', 'host-access', /process: the host process is out of reach/],
    ['reaches for process, and catches the error', 'try { (globalThis as any).process.exit(1); } catch { /* hidden */ }', 'host-access', /process/],
    ['reaches for require', "const r = (globalThis as any)['req' + 'uire']; r('fs');", 'host-access', /require: a policy loads no modules/],
    ['reaches for fetch', "fetch('http://example.com');", 'host-access', /fetch: no network/],
    ['reads the clock', 'Date.now();', 'host-access', /Date: no clock/],
    ['sets a timer', 'setTimeout(() => 0, 1);', 'host-access', /setTimeout: no timers/],
    ['observes the garbage collector', 'new WeakRef({});', 'host-access', /WeakRef/],
    ['makes a typed array (left out: their buffers escape the memory cap)', 'new Float64Array(1 << 20);', 'threw', /ReferenceError: 'Float64Array' is not defined/],
    ['answers a cycle', 'const o: any = {}; o.o = o; return [o];', 'bad-output', /not JSON/],
    ['leaves a BigInt in its state', '(state as any).big = 10n;', 'bad-state', /BigInt/],
    ['answers too much', "return [{ note: 'x'.repeat(300000), rule: 'policy', cpu: 0 }];", 'bad-output', /over the limit/],
  ])('%s', async (_what, body, kind, message) => {
    const { state, events } = run(await instance(balancing(body)));
    const fault = faultOf(state.policy);
    expect(fault).toMatchObject({ kind, call: 'balance', tick: 3 });
    expect(fault?.message).toMatch(message);
    // The run reached its end, reported the fault once in the trace, and moved nothing after it.
    expect(state.tick).toBe(pile.duration);
    expect(notes(events)).toEqual([expect.stringMatching(new RegExp(`^policy policy stopped: ${kind} in balance\\(\\) at tick 3`))]);
    expect((state.policy as { user: { calls: number } }).user.calls).toBe(3);
  });

  it('stops a runaway loop at the same point on every run (the budget counts, it does not time)', async () => {
    const src = balancing('let n = 0; while (true) { n++; (state as any).n = n; }');
    const a = run(await instance(src));
    const b = run(await instance(src));
    expect(faultOf(a.state.policy)?.kind).toBe('budget');
    expect(a.hash).toBe(b.hash);
  });

  it('faults in selectCpu and init too; a fault in init is noted at the first call', async () => {
    const wake = run(await instance(`export function selectCpu(): any { for (;;) {} }`));
    expect(faultOf(wake.state.policy)).toMatchObject({ kind: 'budget', call: 'selectCpu', tick: 2 });
    expect(notes(wake.events)).toHaveLength(1);
    const init = run(await instance(`export function init() { throw new Error('bad start'); }\nexport function balance() { return []; }`));
    expect(faultOf(init.state.policy)).toMatchObject({ kind: 'threw', call: 'init', tick: 0, message: 'Error: bad start' });
    expect(notes(init.events)).toEqual([expect.stringContaining('threw in init() at tick 0')]);
  });

  it('gives the same result as bot none once faulted in init', async () => {
    const p = await instance(`export function init() { while (true) {} }\nexport function balance() { return []; }`);
    const { state } = run(p);
    expect(state.metrics).toEqual(simulate(pile, { bot: 'none' }).state.metrics);
  });
});

describe('garbage answers are refused by the engine, typed', () => {
  it.each<[string, string, string[]]>([
    ['a number from balance', 'export function balance() { return 42; }', Array<string>(40).fill('not-a-list')],
    ['nothing from balance', 'export function balance() {}', Array<string>(40).fill('not-a-list')],
    ['a promise from balance (no event loop in the sandbox)', 'export async function balance() { return []; }', Array<string>(40).fill('not-a-list')],
    ['junk moves', "export function balance(view: any) { return view.tick === 2 ? ['x', { task: 99, cpu: 0 }, { task: 0, cpu: 7 }, { task: 0, cpu: 1, rule: 'magic' }] : []; }", ['malformed', 'unknown-task', 'unknown-cpu', 'unknown-rule']],
    ['a CPU that does not exist from selectCpu', "export function selectCpu() { return { cpu: 5, rule: 'policy' }; }", ['unknown-cpu', 'unknown-cpu', 'unknown-cpu', 'unknown-cpu', 'unknown-cpu', 'unknown-cpu']],
    ['a function from selectCpu', 'export function selectCpu() { return () => 1; }', ['malformed', 'malformed', 'malformed', 'malformed', 'malformed', 'malformed']],
  ])('%s', async (_what, src, reasons) => {
    const { state, events } = run(await instance(src));
    expect(refusals(events)).toEqual(reasons);
    expect(faultOf(state.policy)).toBeNull();
    expect(state.tick).toBe(pile.duration);
  });

  it('an import() smuggled through eval loads nothing', async () => {
    const { events, state } = run(await instance(`
      export function init() { return { loaded: false }; }
      export function balance(view: any, state: any) { (0, eval)("import('node:fs')").then(() => { state.loaded = true; }); return []; }`));
    expect((state.policy as { user: { loaded: boolean } }).user.loaded).toBe(false);
    expect(refusals(events)).toEqual([]);
  });
});

describe('sources that cannot be a policy are refused at load, typed', () => {
  it.each<[string, string, LoadErrorKind, RegExp]>([
    ['a syntax error', 'export function balance( { return [] }', 'syntax', /line 1/],
    ['a static import', "import { readFileSync } from 'node:fs';\nexport function balance() { readFileSync('/etc/passwd'); return []; }", 'import', /"node:fs"/],
    ['a require', "const fs = require('fs');\nexport function balance() { return [fs]; }", 'import', /"fs"/],
    ['a dynamic import', "export function balance() { import('node:child_process'); return []; }", 'import', /"node:child_process"/],
    ['no balance nor selectCpu', 'export const name = "idle";', 'exports', /neither balance/],
    ['a name that is not a string', 'export const name = 3;\nexport function balance() { return []; }', 'exports', /must be strings/],
    ['a top level that loops', 'while (true) {}\nexport function balance() { return []; }', 'evaluation', /budget/],
    ['a top level that reads the clock', 'const t = Date.now();\nexport function balance() { return [t]; }', 'evaluation', /host-access/],
  ])('%s', async (_what, src, kind, message) => {
    const e = await loadError(src);
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(message);
  });

  it('accepts type-only imports and a default export object', async () => {
    const p = await instance(`
      import type { PolicyView, Decision } from '../server/engine';
      export default { name: 'obj', balance(view: PolicyView): Decision[] { return []; } };`);
    expect(p.name).toBe('obj');
    expect(faultOf(run(p).state.policy)).toBeNull();
  });
});

describe('the process after a runaway policy', () => {
  it('still runs every bot and other policies exactly as before', async () => {
    const before = simulate(pile, { bot: 'linux-rt-lazy' }).result.finalHash;
    const example = readFileSync(path.join(root, EXAMPLE), 'utf8');
    const good = run(await instance(example)).hash;
    for (const body of ['while (true) {}', 'const a: number[][] = []; for (;;) a.push([1, 2, 3, 4, 5, 6, 7, 8]);', 'const f = (n: number): number => f(n) + 1; f(0);']) {
      run(await instance(balancing(body)));
    }
    expect(simulate(pile, { bot: 'linux-rt-lazy' }).result.finalHash).toBe(before);
    expect(run(await instance(example)).hash).toBe(good);
  });

  it('steps a game with the policy by hand, as a room would, and stays usable after the fault', async () => {
    const p = await instance(balancing('while (true) {}'));
    const s = createGame(pile, { policy: p });
    while (s.tick < pile.duration) stepInPlace(s);
    expect(faultOf(s.policy)?.kind).toBe('budget');
    expect(p.fault).toMatchObject({ kind: 'budget', tick: 3 });
  });
});
