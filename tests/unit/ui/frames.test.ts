import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../server/engine';
import { Run } from '../../../server/rooms/run';
import { recordFrame, viewModelFromFrame } from '../../../app/lib/frames';
import { LocalGame } from '../../../app/lib/localGame';
import { Timeline } from '../../../app/lib/timeline';
import { viewModelOf } from '../../../app/lib/viewModel';
import { builtinBySlug } from '../../../server/engine/levels';

const scenario = loadScenario(builtinBySlug('pile-up'));

/** The same player in a room (server frames) and in the browser (local engine): T2 planned onto CPU 1, T3 moved at tick 7. */
function playBoth(ticks: number, onTick?: (run: Run, local: LocalGame) => void): { run: Run; local: LocalGame } {
  const run = new Run('r', scenario, scenario.seed, 'linux-rt-lazy');
  const local = new LocalGame(scenario, { bot: 'linux-rt-lazy' });
  for (let t = 0; t < ticks; t++) {
    if (t === 1) {
      expect(run.submit({ task: 'T2', cpu: 1 }, undefined)).toEqual({ ok: true, value: { tick: 3, type: 'place' } });
      expect(local.migrate('T2', 1)).toBeNull();
    }
    if (t === 7) {
      expect(run.submit({ task: 'T3', cpu: 2 })).toEqual({ ok: true, value: { tick: 7, type: 'migrate' } });
      expect(local.migrate('T3', 2)).toBeNull();
    }
    run.stepOnce();
    local.step();
    onTick?.(run, local);
  }
  return { run, local };
}

describe('server frames', () => {
  it('frames of one tick each give the same timeline as the browser recording its own engine', () => {
    const viaFrames = new Timeline(scenario);
    const { local } = playBoth(scenario.duration, (run) => recordFrame(viaFrames, run.frame('room')));
    expect(local.state.metrics.playerMigrations).toBe(1);
    expect(viaFrames.spans).toEqual(local.timeline.spans);
    expect(viaFrames.md).toEqual(local.timeline.md);
    expect(viaFrames.markers).toEqual(local.timeline.markers);
    expect(viaFrames.strandedCpuTicks()).toBe(local.timeline.strandedCpuTicks());
    expect(viaFrames.ticks).toBe(scenario.duration);
  });

  it('a frame becomes the same model as the local engine gives: stats, announced wakeups and job progress (the chips\' due-in, bar and hatching)', () => {
    for (const ticks of [5, 12, scenario.duration]) {
      const { run, local } = playBoth(ticks);
      const remote = viewModelFromFrame(scenario, run.frame('room'));
      const here = viewModelOf(local.session);
      expect(here.tick).toBe(ticks);
      expect(remote).toEqual(here);
      // A view (join, reload, resync) carries it too.
      expect(viewModelFromFrame(scenario, { ...run.view(), pinned: run.view().pinned }).progress).toEqual(here.progress);
    }
    // Progress is not empty mid-run: at tick 12 T1 is inside its 30-tick migrate_disable() section.
    const mid = viewModelFromFrame(scenario, playBoth(12).run.frame('room'));
    expect(mid.progress?.T1).toMatchObject({ lens: [1, 30, 1], seg: 1, deadline: 45, missed: false });
    // What was compared is not empty: at tick 5 T2 was placed and T3, T4 are announced; by 12 T3 was moved.
    const early = viewModelOf(playBoth(5).local.session);
    expect(early.incoming).toEqual([{ task: 'T3', at: 6 }, { task: 'T4', at: 9 }]);
    expect(early.cpus[1].running).toBe('T2');
    const later = playBoth(12).local;
    expect(later.log.map((a) => a.type)).toEqual(['place', 'migrate']);
    expect(viewModelOf(later.session).stats.migrations).toBe(1);
  });
});
