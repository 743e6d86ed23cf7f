import { describe, expect, it } from 'vitest';
import { cpuViews, createGame, loadScenario, pinnedTasks, stepInPlace, summarize, scoreOf, type GameEvent } from '../../../server/engine';
import { recordFrame, viewModelFromFrame } from '../../../app/lib/frames';
import { Timeline } from '../../../app/lib/timeline';
import { viewModelOf } from '../../../app/lib/viewModel';
import { builtinBySlug } from '../../../server/engine/levels';

const scenario = loadScenario(builtinBySlug('pile-up'));

describe('server frames', () => {
  it('frames of one tick each give the same timeline as recording the engine directly', () => {
    const s = createGame(scenario, { bot: 'linux-rt-lazy' });
    const direct = new Timeline(scenario);
    const viaFrames = new Timeline(scenario);
    while (s.tick < scenario.duration) {
      stepInPlace(s, []);
      direct.record(s.tick - 1, s.events, cpuViews(s), pinnedTasks(s));
      const m = summarize(s);
      recordFrame(viaFrames, {
        tick: s.tick, cpus: cpuViews(s), pinned: pinnedTasks(s),
        events: s.events.map((e) => ({ ...e, tick: s.tick - 1 }) as GameEvent & { tick: number }),
        stats: { score: scoreOf(m), met: m.met, missed: m.missed, pending: m.pending, tardiness: m.tardiness, stranded: m.strandedCpuTicks, wasted: m.wastedCpuTicks, migrations: m.migrations, refused: m.refusedActions },
      });
    }
    expect(viaFrames.spans).toEqual(direct.spans);
    expect(viaFrames.md).toEqual(direct.md);
    expect(viaFrames.markers).toEqual(direct.markers);
    expect(viaFrames.strandedCpuTicks()).toBe(direct.strandedCpuTicks());
    expect(viaFrames.ticks).toBe(scenario.duration);
  });

  it('a frame becomes the same model as the local engine gives, minus what only the engine knows', () => {
    const s = createGame(scenario);
    for (let i = 0; i < 12; i++) stepInPlace(s, []);
    const local = viewModelOf(s);
    const remote = viewModelFromFrame(scenario, { tick: s.tick, cpus: cpuViews(s), pinned: pinnedTasks(s), stats: { ...local.stats } });
    const { progress: _p, incoming: _i, ...rest } = local;
    expect(remote).toEqual(rest);
  });
});
