import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BOT_NAMES, generateScenario, hashState, liveStats, simulate, summarize, verifyRun,
  type BotName, type Scenario,
} from '../../server/engine';
import { Run } from '../../server/rooms/run';
import { LocalGame } from '../../app/lib/localGame';

/**
 * One path for a run: the same moves played in a room (server), in the browser's
 * solo game and re-simulated from the log (verification, replays, the runner) must
 * end on the same hash and figures, for random scenarios, bots and move scripts.
 */

interface Move {
  /** Submitted before this tick runs. */
  at: number;
  task: number;
  cpu: number;
  /** Co-op seat making the move (index into the seats). */
  seat: number;
}

interface Case {
  scenario: Scenario;
  bot: BotName;
  moves: Move[];
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  cpus: fc.integer({ min: 2, max: 4 }),
  tasks: fc.integer({ min: 2, max: 7 }),
  duration: fc.integer({ min: 30, max: 140 }),
  mdShare: fc.constantFrom(0, 0.5, 1),
  affinityShare: fc.constantFrom(0, 0.5),
  bot: fc.constantFrom(...BOT_NAMES),
}).chain((p) => fc.record({
  scenario: fc.constant(generateScenario({ seed: p.seed, cpus: p.cpus, tasks: p.tasks, duration: p.duration, mdShare: p.mdShare, affinityShare: p.affinityShare })),
  bot: fc.constant(p.bot),
  moves: fc.array(fc.record({
    at: fc.integer({ min: 0, max: p.duration - 1 }),
    task: fc.integer({ min: 0, max: p.tasks - 1 }),
    cpu: fc.integer({ min: 0, max: p.cpus }), // p.cpus itself is out of range: refusals are part of the test
    seat: fc.integer({ min: 0, max: 1 }),
  }), { maxLength: 40 }).map((ms) => [...ms].sort((a, b) => a.at - b.at)),
}));

function movesAt(c: Case, tick: number): Move[] {
  return c.moves.filter((m) => m.at === tick);
}

describe('one path for a run', () => {
  it('room, browser and verification give the same final hash and figures', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const { scenario, bot } = c;
      const run = new Run('r', scenario, scenario.seed, bot);
      const local = new LocalGame(scenario, { bot });
      let accepted = 0;
      for (let tick = 0; tick < scenario.duration; tick++) {
        for (const m of movesAt(c, tick)) {
          const id = scenario.tasks[m.task].id;
          const inRoom = run.submit({ task: id, cpu: m.cpu });
          const inBrowser = local.migrate(id, m.cpu);
          // The immediate answer is the same on both sides.
          expect(inRoom.ok ? null : inRoom.reason).toBe(inBrowser === null ? null : `action/${inBrowser}`);
          if (inRoom.ok) accepted++;
        }
        run.stepOnce();
        local.step();
      }
      expect(run.finished && local.finished).toBe(true);
      expect(run.log).toEqual(local.log);
      const replayed = simulate(scenario, { seed: scenario.seed, bot, actions: run.log });
      const room = run.result();
      expect(hashState(local.state)).toBe(room.finalHash);
      expect(replayed.result.finalHash).toBe(room.finalHash);
      expect(replayed.result.metrics).toEqual(room.metrics);
      expect(summarize(local.state)).toEqual(room.metrics);
      expect(run.stats()).toEqual(liveStats(replayed.state));
      expect(verifyRun(scenario, { seed: scenario.seed, bot, actions: local.log, finalHash: room.finalHash, score: room.score }).ok).toBe(true);
      // Accepted moves reach the log (a later choice for the same task may replace an earlier one).
      expect(run.log.length).toBeLessThanOrEqual(accepted);
      expect(run.log.length > 0).toBe(accepted > 0);
    }), { seed: 20261201, numRuns: 150 });
  });

  it('co-op: a wakeup placement accepted for a seat is never refused later for ownership, and the log replays', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const { scenario, bot } = c;
      // Two seats splitting the CPUs: even CPUs to seat 0, odd ones to seat 1.
      const owned = [0, 1].map((seat) => Array.from({ length: scenario.cpus }, (_, i) => i).filter((i) => i % 2 === seat));
      const run = new Run('r', scenario, scenario.seed, bot);
      let ownerRefusals = 0;
      for (let tick = 0; tick < scenario.duration; tick++) {
        for (const m of movesAt(c, tick)) run.submit({ task: scenario.tasks[m.task].id, cpu: m.cpu }, `P${m.seat}`, owned[m.seat]);
        run.stepOnce();
        for (const e of run.state.events) if (e.type === 'refused' && e.reason === 'not-owner' && e.action.type === 'place') ownerRefusals++;
      }
      expect(ownerRefusals).toBe(0);
      const replayed = simulate(scenario, { seed: scenario.seed, bot, actions: run.log }).result;
      expect(replayed.finalHash).toBe(run.result().finalHash);
    }), { seed: 20261202, numRuns: 150 });
  });
});
