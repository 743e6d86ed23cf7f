import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOT_NAMES, generateScenario, type BotName, type Scenario } from '../../server/engine';
import { FrameAssembler, predictPicture } from '../../server/protocol';
import { Run } from '../../server/rooms/run';

/**
 * Frames carry only what a client cannot predict (protocol/frames.ts). For random scenarios,
 * balancers and move scripts, played as a room plays them (a frame when a tick has news, else a
 * heartbeat every `quiet` ticks): every quiet tick is exactly what the prediction from the last
 * frame says, and a client that assembles the wire frames holds exactly the server's picture
 * after each one; a client that joins with a view between two frames agrees as well.
 */
interface Case {
  scenario: Scenario;
  bot: BotName;
  quiet: number;
  /** Moves submitted before the tick `at` runs (task and cpu indices; refused ones are fine). */
  moves: { at: number; task: number; cpu: number }[];
  /** A second client joins with a view after this many ticks. */
  joinAt: number;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  cpus: fc.integer({ min: 2, max: 4 }),
  tasks: fc.integer({ min: 2, max: 8 }),
  duration: fc.integer({ min: 30, max: 160 }),
  mdShare: fc.constantFrom(0, 0.5, 1),
  affinityShare: fc.constantFrom(0, 0.5),
  bot: fc.constantFrom(...BOT_NAMES),
  quiet: fc.integer({ min: 1, max: 10 }),
  migrationCost: fc.constantFrom(0, 2, 5),
}).chain((p) => fc.record({
  scenario: fc.constant(generateScenario({ seed: p.seed, cpus: p.cpus, tasks: p.tasks, duration: p.duration, mdShare: p.mdShare, affinityShare: p.affinityShare, migrationCost: p.migrationCost })),
  bot: fc.constant(p.bot),
  quiet: fc.constant(p.quiet),
  moves: fc.array(fc.record({ at: fc.integer({ min: 0, max: p.duration - 1 }), task: fc.nat(p.tasks - 1), cpu: fc.nat(p.cpus - 1) }), { maxLength: 30 }),
  joinAt: fc.integer({ min: 1, max: p.duration - 1 }),
}));

describe('frames: what a client predicts plus what the server sends is the run', () => {
  it('holds for random runs, balancers, moves and heartbeat spacings', () => {
    let quietTicks = 0;
    let sentParts = 0;
    const unforeseen: string[] = [];
    fc.assert(fc.property(caseArb, ({ scenario, bot, quiet, moves, joinAt }) => {
      const run = new Run('r', scenario, scenario.seed, bot);
      const player = new FrameAssembler();
      const late = new FrameAssembler();
      let lastSent: ReturnType<Run['picture']> | null = null;
      for (let t = 0; t < scenario.duration && !run.finished; t++) {
        for (const m of moves) if (m.at === t) run.submit({ task: scenario.tasks[m.task].id, cpu: m.cpu });
        run.stepOnce();
        if (t + 1 === joinAt) {
          const v = run.view();
          late.reset(v.runId, v.version, v);
        }
        if (run.hasNews() || run.ticksSinceFrame >= quiet) {
          const { wire, full } = run.frame('room');
          const mine = player.accept(wire);
          expect(mine).toEqual(full);
          expect(mine).toMatchObject(run.picture());
          const theirs = late.accept(wire);
          if (t + 1 > joinAt) expect(theirs).toEqual(full);
          sentParts += Object.keys(wire).length;
          // Without events, only a sleeping task coming into view (incoming) or a move planned (plans) is unforeseeable.
          if (wire.events.length === 0 && lastSent) {
            const parts = Object.keys(wire).filter((k) => !['roomId', 'runId', 'tick', 'version', 'events'].includes(k));
            if (parts.some((k) => k !== 'incoming' && k !== 'plans')) unforeseen.push(parts.join(','));
          }
          lastSent = run.picture();
        } else {
          // A quiet tick: the state is what the clients predict from the last frame.
          quietTicks++;
          expect(lastSent).not.toBeNull();
          expect(predictPicture(lastSent!, run.state.tick - lastSent!.tick)).toEqual(run.picture());
        }
      }
    }), { numRuns: 120 });
    // The property was exercised: quiet ticks were skipped, and frames were sent.
    expect(quietTicks).toBeGreaterThan(0);
    expect(sentParts).toBeGreaterThan(0);
    expect(unforeseen).toEqual([]);
  });
});
