import { describe, expect, it } from 'vitest';
import { baselineScores, loadScenario, type Baselines, type ScenarioInput } from '../../../server/engine';
import { mapCatalog } from '../../../server/realtime/catalog';
import { ManualClock, MemoryRunSink, RoomRegistry, type BaselineInput } from '../../../server/rooms';
import { inlineSimulator } from '../../../server/sim';

const SCEN: ScenarioInput = {
  format: 1, slug: 'four', title: 'Four', cpus: 2, duration: 50, balancer: 'linux-rt-511', seed: 11,
  tasks: [
    { id: 'A', priority: 50, cpu: 0, release: { periodic: { period: 10 } }, deadline: 10, body: [{ run: 3 }, { md: 3 }] },
    { id: 'B', priority: 40, cpu: 0, release: { periodic: { period: 12, offset: 1 } }, deadline: 12, body: [{ run: [2, 5] }] },
    { id: 'C', priority: 30, cpu: 1, release: { sporadic: { minGap: 5, maxGap: 9 } }, deadline: 9, body: [{ md: 2 }, { run: 2 }] },
  ],
};
const scenario = loadScenario(SCEN);

/** A race of one player whose baselines come from `source`, started; `ticks` of play. */
function race(source: (input: BaselineInput) => Promise<Baselines>) {
  const clock = new ManualClock();
  const registry = new RoomRegistry({ clock, runSink: new MemoryRunSink(), scenarios: mapCatalog(new Map([['four', scenario]])), config: { spreadPhases: false }, baselines: source });
  const made = registry.createRoom({ kind: 'race', scenario: { slug: 'four' } });
  if (!made.ok) throw new Error(made.reason);
  const room = made.value.room;
  if (!registry.join(room.code, 'Ada').ok) throw new Error('join');
  expect(room.control(made.value.hostToken, { op: 'start' })).toEqual({ ok: true, value: {} });
  return { clock, room, hostToken: made.value.hostToken };
}

describe('a round\'s baselines, computed ahead off the event loop', () => {
  it('the pool\'s job gives what the engine gives, and a room asks for the whole round once, at its start', async () => {
    const asked: BaselineInput[] = [];
    const pool = inlineSimulator();
    const { clock, room } = race((input) => {
      asked.push(input);
      return pool.run({ kind: 'baselines', input });
    });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ seed: room.seed, ticks: SCEN.duration });
    await Promise.resolve();
    clock.advance(SCEN.duration * 100 + 100);
    expect(room.status).toBe('ended');
    expect(room.info().baselines).toEqual(baselineScores(scenario, room.seed, undefined, SCEN.duration));
    expect(asked).toHaveLength(1);
  });

  it('a round played to its end takes the answer as it is; one ended early is measured over the ticks it ran', async () => {
    const full = baselineScores(scenario, 0, undefined, SCEN.duration);
    // The source's answer is recognisable: were the end to compute its own, this would not show.
    const answer = { ...full, sticky: full.sticky + 1, none: full.none + 1 };
    const played = race(() => Promise.resolve(answer));
    await Promise.resolve();
    played.clock.advance(SCEN.duration * 100 + 100);
    expect(played.room.info().baselines).toEqual(answer);

    const early = race(() => Promise.resolve(answer));
    await Promise.resolve();
    early.clock.advance(20 * 100);
    expect(early.room.control(early.hostToken, { op: 'end' })).toEqual({ ok: true, value: {} });
    const ran = early.room.tick;
    expect(ran).toBeLessThan(SCEN.duration);
    expect(early.room.info().baselines).toEqual(baselineScores(scenario, early.room.seed, undefined, ran));
  });

  it('without an answer in time (or with a failure), the end computes them itself', async () => {
    const never = race(() => new Promise<Baselines>(() => {}));
    never.clock.advance(SCEN.duration * 100 + 100);
    expect(never.room.info().baselines).toEqual(baselineScores(scenario, never.room.seed, undefined, SCEN.duration));
    const failing = race(() => Promise.reject(new Error('pool gone')));
    await Promise.resolve();
    failing.clock.advance(SCEN.duration * 100 + 100);
    expect(failing.room.info().baselines).toEqual(baselineScores(scenario, failing.room.seed, undefined, SCEN.duration));
  });
});
