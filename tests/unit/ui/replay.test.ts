import { describe, expect, it } from 'vitest';
import { generateScenario, hashState, loadScenario, Session, simulate, type Action } from '../../../server/engine';
import { ReplayTape } from '../../../app/lib/replay';
import { builtinBySlug } from '../../../server/engine/levels';

const scenario = generateScenario({ seed: 7, cpus: 4, tasks: 10, duration: 300, mdShare: 0.7 });

/**
 * A log with real moves: at a few ticks, the first move the engine accepts (a
 * queued, unpinned task to another CPU), played live; then one late action, which
 * replays as a refusal. Scrubbing must reproduce all of it.
 */
function playedLog(): { actions: Action[]; accepted: number } {
  const live = Session.start(scenario, { seed: 11 });
  let accepted = 0;
  for (const at of [3, 20, 40, 41, 60, 121, 180, 250]) {
    live.runTo(at);
    search: for (const task of scenario.tasks) {
      for (let cpu = 0; cpu < scenario.cpus; cpu++) {
        const r = live.submit(task.id, cpu);
        if (r.ok && r.type === 'migrate') {
          accepted++;
          break search;
        }
        if (r.ok) live.cancel(task.id);
      }
    }
  }
  live.runTo(scenario.duration);
  const late: Action = { tick: 100, type: 'migrate', task: scenario.tasks[0].id, cpu: 0 };
  const actions = [...live.log];
  actions.splice(actions.findIndex((a) => a.tick >= 121), 0, late);
  return { actions, accepted };
}

const { actions, accepted } = playedLog();

/** The reference: the state after `tick` ticks, simulated straight there (no snapshots). */
function straightHashAt(tick: number): string {
  return hashState(simulate(scenario, { seed: 11, actions, ticks: tick }).state);
}

describe('ReplayTape', () => {
  it('replays a log whose moves were applied (and a late one refused)', () => {
    expect(accepted).toBeGreaterThanOrEqual(4);
    const tape = new ReplayTape({ scenario, seed: 11, actions }, 37);
    expect(tape.final.metrics.playerMigrations).toBe(accepted);
    expect(tape.final.metrics.refusedActions).toBe(1);
  });

  it('scrubbing to any tick gives the same state as simulating straight there', () => {
    const tape = new ReplayTape({ scenario, seed: 11, actions }, 37);
    for (const t of [0, 1, 3, 4, 36, 37, 38, 41, 42, 74, 100, 101, 120, 121, 122, 199, 251, 299, 300]) {
      expect(hashState(tape.stateAt(t)), `tick ${t}`).toBe(straightHashAt(t));
    }
    // Backwards and repeated scrubs do not disturb the snapshots.
    expect(hashState(tape.stateAt(122))).toBe(straightHashAt(122));
    expect(hashState(tape.stateAt(5))).toBe(straightHashAt(5));
    // Moves happen at different ticks, so the states along the way differ.
    expect(new Set([3, 4, 42, 122].map((t) => hashState(tape.stateAt(t)))).size).toBe(4);
  });

  it('ends on the score and hash simulate() reports for the same run', () => {
    const tape = new ReplayTape({ scenario, seed: 11, actions }, 50);
    const { result } = simulate(scenario, { seed: 11, actions });
    expect(hashState(tape.final)).toBe(result.finalHash);
    expect(hashState(tape.stateAt(scenario.duration))).toBe(result.finalHash);
  });

  it('replays with an explicit bot', () => {
    const s = loadScenario(builtinBySlug('pinning'));
    const tape = new ReplayTape({ scenario: s, seed: 1, actions: [], bot: 'sticky' }, 10);
    const { result } = simulate(s, { seed: 1, bot: 'sticky' });
    expect(hashState(tape.final)).toBe(result.finalHash);
    expect(result.finalHash).not.toBe(simulate(s, { seed: 1, bot: 'linux-rt-511' }).result.finalHash);
  });
});

describe('ReplayTape cursors', () => {
  it('playing on from a scrubbed position matches simulating straight there', () => {
    const tape = new ReplayTape({ scenario, seed: 11, actions }, 25);
    const c = tape.cursorAt(30);
    c.advance(95);
    expect(c.state.tick).toBe(125);
    expect(hashState(c.state)).toBe(straightHashAt(125));
    c.advance(10_000); // stops at the end
    expect(hashState(c.state)).toBe(hashState(tape.final));
  });
});
