import { describe, expect, it } from 'vitest';
import { createGame, generateScenario, hashState, loadScenario, simulate, stepInPlace, type Action } from '../../../server/engine';
import { ReplayTape } from '../../../app/lib/replay';
import { builtinBySlug } from '../../../server/engine/levels';
const pileUp = builtinBySlug('pinning');

const scenario = generateScenario({ seed: 7, cpus: 4, tasks: 10, duration: 300, mdShare: 0.7 });
// A log with real moves, late moves and refusals, so scrubbing must replay them exactly.
const actions: Action[] = [
  { tick: 3, type: 'migrate', task: 'T1', cpu: 2 },
  { tick: 40, type: 'migrate', task: 'T2', cpu: 0 },
  { tick: 40, type: 'migrate', task: 'T3', cpu: 1 },
  { tick: 121, type: 'migrate', task: 'T5', cpu: 3 },
  { tick: 250, type: 'migrate', task: 'T0', cpu: 1 },
];

function straightHashAt(tick: number): string {
  const s = createGame(scenario, { seed: 11 });
  let k = 0;
  while (s.tick < tick) {
    const batch: Action[] = [];
    while (k < actions.length && actions[k].tick <= s.tick) batch.push(actions[k++]);
    stepInPlace(s, batch);
  }
  return hashState(s);
}

describe('ReplayTape', () => {
  it('scrubbing to any tick gives the same state as simulating straight there', () => {
    const tape = new ReplayTape({ scenario, seed: 11, actions }, 37);
    for (const t of [0, 1, 36, 37, 38, 74, 120, 121, 122, 199, 299, 300]) {
      expect(hashState(tape.stateAt(t)), `tick ${t}`).toBe(straightHashAt(t));
    }
    // Backwards and repeated scrubs do not disturb the snapshots.
    expect(hashState(tape.stateAt(122))).toBe(straightHashAt(122));
    expect(hashState(tape.stateAt(5))).toBe(straightHashAt(5));
  });

  it('ends on the score and hash simulate() reports for the same run', () => {
    const tape = new ReplayTape({ scenario, seed: 11, actions }, 50);
    const { result } = simulate(scenario, { seed: 11, actions });
    expect(hashState(tape.final)).toBe(result.finalHash);
    expect(hashState(tape.stateAt(scenario.duration))).toBe(result.finalHash);
  });

  it('replays with an explicit bot', () => {
    const s = loadScenario(pileUp);
    const tape = new ReplayTape({ scenario: s, seed: 1, actions: [], bot: 'sticky' }, 10);
    const { result } = simulate(s, { seed: 1, bot: 'sticky' });
    expect(hashState(tape.final)).toBe(result.finalHash);
  });
});

describe('ReplayTape cursors', () => {
  it('playing on from a scrubbed position matches simulating straight there', () => {
    const tape = new ReplayTape({ scenario, seed: 11, actions }, 25);
    const c = tape.cursorAt(30);
    tape.advance(c, 95);
    expect(c.state.tick).toBe(125);
    expect(hashState(c.state)).toBe(straightHashAt(125));
    tape.advance(c, 10_000); // stops at the end
    expect(hashState(c.state)).toBe(hashState(tape.final));
  });
});
