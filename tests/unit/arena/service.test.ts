/**
 * The arena's queue (server/arena/service.ts) on memory storage with the jobs run inline:
 * the bots are evaluated once per suite version, an evaluation a restart interrupted is done
 * again, the cap on waiting submissions, and per-set results that add up to the totals.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryRepositories } from '../../../server/db';
import { Arena, ArenaBusyError } from '../../../server/arena/service';
import { SUITE_V1 } from '../../../server/arena/suite';
import { inlineSimulator } from '../../../server/sim';

const SUITE = { ...SUITE_V1, utilisation: [0.9], mdShares: [0.5], setsPerCell: 2, duration: 60 };
const code = (i: number) => `export function balance() { return []; } // ${i}`;

describe('the arena service', () => {
  it('evaluates the bots once per suite version: reopening the same store runs nothing again', async () => {
    const repos = createMemoryRepositories();
    const first = inlineSimulator();
    const a = await Arena.open(repos, { suite: SUITE, secret: 's', simulator: first, bots: ['sticky', 'linux-rt-511'] });
    await a.idle();
    expect(first.stats().started['arena-eval']).toBe(2 * 2);
    const board = await a.board();
    expect(board.map((e) => [e.bot, e.status])).toEqual(expect.arrayContaining([['sticky', 'ranked'], ['linux-rt-511', 'ranked']]));
    await a.close();

    const again = inlineSimulator();
    const b = await Arena.open(repos, { suite: SUITE, secret: 's', simulator: again, bots: ['sticky', 'linux-rt-511'] });
    await b.idle();
    expect(again.stats().started['arena-eval']).toBe(0);
    expect((await b.board()).map((e) => e.id)).toEqual(board.map((e) => e.id));
    // Another suite version is another board: the bots are evaluated on it.
    const resized = inlineSimulator();
    const c = await Arena.open(repos, { suite: { ...SUITE, duration: 50 }, secret: 's', simulator: resized, bots: ['sticky'] });
    await c.idle();
    expect(resized.stats().started['arena-eval']).toBe(2);
  });

  it('an evaluation interrupted by a restart is done again from the start', async () => {
    const repos = createMemoryRepositories();
    const a = await Arena.open(repos, { suite: SUITE, secret: 's', simulator: inlineSimulator(), bots: [] });
    const { submission } = await repos.arena.create({ name: 'half', description: '', code: code(1), codeHash: 'x', bot: null, addressHash: 'a', suiteVersion: a.key });
    await repos.arena.startEvaluation(submission.id);
    await repos.arena.saveResult(submission.id, { setIndex: 0, missed: 99, wasted: 99, stranded: 99, migrations: 0, score: 0, finalHash: 'stale', fault: null });
    const b = await Arena.open(repos, { suite: SUITE, secret: 's', simulator: inlineSimulator(), bots: [] });
    await b.idle();
    const e = (await b.entry(submission.id))!;
    expect(e.submission.status).toBe('ranked');
    expect(e.results.map((r) => r.setIndex)).toEqual([0, 1]);
    expect(e.results.some((r) => r.finalHash === 'stale')).toBe(false);
    for (const k of ['missed', 'wasted', 'stranded', 'migrations', 'score'] as const) expect(e.submission.totals![k]).toBe(e.results.reduce((n, r) => n + r[k], 0));
  });

  it('refuses a submission past the cap on waiting ones, and counts the bots apart', async () => {
    const repos = createMemoryRepositories();
    const a = await Arena.open(repos, { suite: SUITE, secret: 's', simulator: inlineSimulator(), bots: ['sticky'], maxQueued: 1 });
    const first = await a.submit({ name: 'one', description: '', code: code(1), address: '10.0.0.1' });
    expect(first.created).toBe(true);
    await expect(a.submit({ name: 'two', description: '', code: code(2), address: '10.0.0.2' })).rejects.toBeInstanceOf(ArenaBusyError);
    await a.idle();
    expect((await a.submit({ name: 'two', description: '', code: code(2), address: '10.0.0.2' })).created).toBe(true);
    await a.idle();
    expect((await a.board()).map((e) => e.name).sort()).toEqual(['one', 'sticky', 'two']);
    // The address is stored only as a salted hash.
    expect(first.submission.addressHash).not.toContain('10.0.0.1');
    expect(first.submission.addressHash).toBe(a.addressHash('10.0.0.1'));
  });
});
