import { describe, expect, it } from 'vitest';
import { loadScenario, type ScenarioInput } from '../../../server/engine';
import { mapCatalog } from '../../../server/realtime/catalog';
import { ManualClock, MemoryRunSink, RoomRegistry } from '../../../server/rooms';
import { evenPhases } from '../../../server/rooms/phases';

const SCEN: ScenarioInput = {
  format: 1, slug: 'one', title: 'One', cpus: 1, duration: 50, balancer: 'linux-rt-511', seed: 1,
  tasks: [{ id: 'A', priority: 50, cpu: 0, release: { periodic: { period: 10 } }, deadline: 10, body: [{ run: 3 }] }],
};

/** The circular gaps between n phases in [0, 1), smallest and largest, in units of an even share (1/n). */
function gaps(phases: number[]): { min: number; max: number } {
  const xs = [...phases].sort((a, b) => a - b);
  let min = Infinity;
  let max = 0;
  xs.forEach((x, i) => {
    const gap = (i + 1 < xs.length ? xs[i + 1] : xs[0] + 1) - x;
    min = Math.min(min, gap * xs.length);
    max = Math.max(max, gap * xs.length);
  });
  return { min, max };
}

describe('room clock phases', () => {
  it('stay in [0, 1)', () => {
    const next = evenPhases(0.999);
    for (let i = 0; i < 1000; i++) {
      const x = next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('spread any number of rooms started one after another evenly over the period, from any start', () => {
    for (const start of [0, 0.25, 0.618, 0.999]) {
      for (let n = 2; n <= 300; n++) {
        const next = evenPhases(start);
        const { min, max } = gaps(Array.from({ length: n }, next));
        // An even spread has every gap 1; no two rooms tick within 0.4 of a share, no hole exceeds 2 shares.
        expect(min, `n=${n} start=${start}`).toBeGreaterThan(0.4);
        expect(max, `n=${n} start=${start}`).toBeLessThan(2);
      }
    }
  });

  it('the registry gives rooms started together phases from it: their first ticks spread over the period', () => {
    const clock = new ManualClock();
    const registry = new RoomRegistry({ clock, runSink: new MemoryRunSink(), scenarios: mapCatalog(new Map([['one', loadScenario(SCEN)]])) });
    const firstTick: number[] = [];
    registry.listener = {
      frame: (room, f) => {
        if (f.tick === 1) firstTick.push(clock.now());
      },
      roomState() {}, standings() {}, runEnded() {}, kicked() {},
    };
    const n = 20;
    for (let i = 0; i < n; i++) {
      const made = registry.createRoom({ kind: 'race', scenario: { slug: 'one' } });
      if (!made.ok) throw new Error(made.reason);
      if (!registry.join(made.value.room.code, 'Ada').ok) throw new Error('join');
      expect(made.value.room.control(made.value.hostToken, { op: 'start' }).ok).toBe(true);
    }
    // 10 ticks/s: each first tick is due one period (100 ms) plus the room's phase after the start.
    for (let t = 0; t < 250; t++) clock.advance(1);
    expect(firstTick).toHaveLength(n);
    const { min, max } = gaps(firstTick.map((at) => (at - 100) / 100));
    expect(min).toBeGreaterThan(0.4);
    expect(max).toBeLessThan(2);
  });
});
