/**
 * The simulation pool on real worker threads (loaded through tsx, as under `npm start`):
 * the same answers as on the calling thread, a bounded queue, a time budget, and a dead
 * worker that costs its own job only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hashState, loadScenario, simulate, type ScenarioInput } from '../../../server/engine';
import { SOLUTIONS } from '../../../server/engine/levels/solutions';
import { builtinBySlug } from '../../../server/engine/levels';
import {
  checkClaim, replayState, SimulationBusyError, SimulationFailedError, SimulationPool, SimulationTimeoutError, type ClaimInput,
} from '../../../server/sim';

const pools: SimulationPool[] = [];
function pool(options: ConstructorParameters<typeof SimulationPool>[0]): SimulationPool {
  const p = new SimulationPool(options);
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

const pileUp = builtinBySlug('pile-up')!;

function claimOf(scenario: ScenarioInput, actions = SOLUTIONS[scenario.slug] ?? []): ClaimInput {
  const { result } = simulate(loadScenario(scenario), { actions });
  return { scenario, builtin: true, inRoom: false, seed: result.seed, actions, finalHash: result.finalHash, score: result.score };
}

describe('the simulation pool', () => {
  it('verifies a claim on a worker thread with the same verdict as on this one', async () => {
    const p = pool({ workers: 1 });
    const claim = claimOf(pileUp);
    const onWorker = await p.run({ kind: 'verify', input: claim });
    expect(onWorker.verified).toBe(true);
    expect(onWorker).toEqual(checkClaim(claim));
    const forged = await p.run({ kind: 'verify', input: { ...claim, score: claim.score + 1 } });
    expect([forged.verified, forged.reason]).toEqual([false, 'score-mismatch']);
    expect(p.stats()).toMatchObject({ started: { verify: 2, replay: 0 }, completed: 2, failed: 0 });
  });

  it('replays a checkpoint on a worker thread to the very state replayed here', async () => {
    const p = pool({ workers: 1 });
    const input = { scenario: pileUp, seed: 1, bot: 'linux-rt-511' as const, log: SOLUTIONS['pile-up'], tick: 40 };
    const state = await p.run({ kind: 'replay', input });
    expect(state.tick).toBe(40);
    expect(hashState(state)).toBe(hashState(replayState(input)));
  });

  it('bounds the queue: past it a refusable job is refused with a retry time, a room\'s job still waits its turn', async () => {
    const p = pool({ workers: 1, maxQueue: 1 });
    const claim = claimOf(pileUp);
    const running = p.run({ kind: 'verify', input: claim }); // dispatched at once (the worker starts)
    const waiting = p.run({ kind: 'verify', input: claim }, { refuseWhenBusy: true }); // the one queued place
    const refused = p.run({ kind: 'verify', input: claim }, { refuseWhenBusy: true });
    await expect(refused).rejects.toBeInstanceOf(SimulationBusyError);
    await refused.catch((e: SimulationBusyError) => expect(e.retryAfterSeconds).toBeGreaterThanOrEqual(1));
    const patient = p.run({ kind: 'verify', input: claim }); // a room's run: never refused
    expect(p.stats()).toMatchObject({ queued: 2, running: 1, refused: 1 });
    for (const r of await Promise.all([running, waiting, patient])) expect(r.verified).toBe(true);
  });

  it('never refuses while a worker is free, even with no waiting room', async () => {
    const p = pool({ workers: 1, maxQueue: 0 });
    expect((await p.run({ kind: 'verify', input: claimOf(pileUp) }, { refuseWhenBusy: true })).verified).toBe(true);
    const first = p.run({ kind: 'verify', input: claimOf(pileUp) }, { refuseWhenBusy: true });
    await expect(p.run({ kind: 'verify', input: claimOf(pileUp) }, { refuseWhenBusy: true })).rejects.toBeInstanceOf(SimulationBusyError);
    expect((await first).verified).toBe(true);
  });

  it('stops a job past its time budget, replaces the worker, and carries on', async () => {
    // 1 ms: no job can finish that fast (loading the worker alone takes longer).
    const strict = pool({ workers: 1, timeBudgetMs: 1 });
    await expect(strict.run({ kind: 'verify', input: claimOf(pileUp) })).rejects.toBeInstanceOf(SimulationTimeoutError);
    expect(strict.stats()).toMatchObject({ timedOut: 1, running: 0 });
    // The same pool takes the next job on a fresh worker (and times it out the same way).
    await expect(strict.run({ kind: 'verify', input: claimOf(pileUp) })).rejects.toBeInstanceOf(SimulationTimeoutError);
    expect(strict.stats().timedOut).toBe(2);
  });

  it('a job that fails in the worker fails alone: the error comes back, the worker takes the next job', async () => {
    const p = pool({ workers: 1 });
    const broken = { scenario: { ...pileUp, cpus: 0 }, seed: 1, bot: 'sticky' as const, log: [], tick: 5 };
    await expect(p.run({ kind: 'replay', input: broken })).rejects.toThrow(SimulationFailedError);
    await expect(p.run({ kind: 'replay', input: broken })).rejects.toThrow(/cpus must be 1\.\.64/);
    expect((await p.run({ kind: 'verify', input: claimOf(pileUp) })).verified).toBe(true);
  });

  it('a worker out of memory fails its job, not the server: the next job gets a fresh worker', async () => {
    // A heap too small for any job: the worker dies (ERR_WORKER_OUT_OF_MEMORY) instead of this process.
    const tiny = pool({ workers: 1, memoryMb: 2 });
    await expect(tiny.run({ kind: 'verify', input: claimOf(pileUp) })).rejects.toBeInstanceOf(SimulationFailedError);
    await expect(tiny.run({ kind: 'verify', input: claimOf(pileUp) })).rejects.toBeInstanceOf(SimulationFailedError);
    expect(tiny.stats()).toMatchObject({ failed: 2, running: 0 });
  });

  it('refuses work once closed', async () => {
    const p = pool({ workers: 1 });
    await p.close();
    await expect(p.run({ kind: 'verify', input: claimOf(pileUp) })).rejects.toThrow(/closed/);
  });
});
