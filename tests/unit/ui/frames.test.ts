import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../server/engine';
import { Run } from '../../../server/rooms/run';
import { FrameAssembler, predictPicture } from '../../../server/protocol';
import { recordFrame, viewModelFromFrame } from '../../../app/lib/frames';
import { LocalGame } from '../../../app/lib/localGame';
import { Timeline } from '../../../app/lib/timeline';
import { viewModelOf } from '../../../app/lib/viewModel';
import { builtinBySlug } from '../../../server/engine/levels';

const scenario = loadScenario(builtinBySlug('pile-up'));

/** The same player in a room (server frames) and in the browser (local engine): T2 planned onto CPU 1, T3 moved at tick 7. */
function playBoth(ticks: number, onTick?: (run: Run, local: LocalGame) => void, moves = true): { run: Run; local: LocalGame } {
  const run = new Run('r', scenario, scenario.seed, 'linux-rt-lazy');
  const local = new LocalGame(scenario, { bot: 'linux-rt-lazy' });
  for (let t = 0; t < ticks; t++) {
    if (t === 1 && moves) {
      expect(run.submit({ task: 'T2', cpu: 1 }, undefined)).toEqual({ ok: true, value: { tick: 3, type: 'place' } });
      expect(local.migrate('T2', 1)).toBeNull();
    }
    if (t === 7 && moves) {
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
    const { local } = playBoth(scenario.duration, (run) => recordFrame(viaFrames, run.frame('room').full));
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
      const remote = viewModelFromFrame(scenario, run.frame('room').full);
      const here = viewModelOf(local.session);
      expect(here.tick).toBe(ticks);
      expect(remote).toEqual(here);
      // A view (join, reload, resync) carries it too.
      expect(viewModelFromFrame(scenario, { ...run.view(), pinned: run.view().pinned }).progress).toEqual(here.progress);
    }
    // Progress is not empty mid-run: at tick 12 T1 is inside its 30-tick migrate_disable() section.
    const mid = viewModelFromFrame(scenario, playBoth(12).run.frame('room').full);
    expect(mid.progress?.T1).toMatchObject({ lens: [1, 30, 1], seg: 1, deadline: 45, missed: false });
    // What was compared is not empty: at tick 5 T2 was placed and T3, T4 are announced; by 12 T3 was moved.
    const early = viewModelOf(playBoth(5).local.session);
    expect(early.incoming).toEqual([{ task: 'T3', at: 6 }, { task: 'T4', at: 9 }]);
    expect(early.cpus[1].running).toBe('T2');
    const later = playBoth(12).local;
    expect(later.log.map((a) => a.type)).toEqual(['place', 'migrate']);
    expect(viewModelOf(later.session).stats.migrations).toBe(1);
  });

  it.each([['with the moves', true], ['left to the balancer (long strandings)', false]])('frames sent only on news, made whole from the wire, give the same timeline as the local engine (%s)', (_, moves) => {
    const viaWire = new Timeline(scenario);
    const client = new FrameAssembler();
    let sent = 0;
    let wireBytes = 0;
    let wholeBytes = 0;
    const { run, local } = playBoth(scenario.duration, (r) => {
      // As a room does (RoomConfig.quietFrameEvery 5): a frame when the tick has news, else every 5 ticks.
      if (!r.hasNews() && r.ticksSinceFrame < 5 && !r.finished) return;
      const { wire, full } = r.frame('room');
      const whole = client.accept(wire);
      expect(whole).toEqual(full);
      recordFrame(viaWire, whole!);
      sent++;
      wireBytes += JSON.stringify(wire).length;
      wholeBytes += JSON.stringify(full).length;
    }, moves);
    // Quiet ticks were skipped, and the frames sent were smaller than whole ones...
    expect(sent).toBeLessThan(scenario.duration * 0.8);
    expect(wireBytes).toBeLessThan(wholeBytes / 2);
    // ...yet the picture is the same: every span, section, marker and stranded CPU-tick.
    expect(local.timeline.strandedCpuTicks()).toBeGreaterThan(0);
    expect(viaWire.spans).toEqual(local.timeline.spans);
    expect(viaWire.md).toEqual(local.timeline.md);
    expect(viaWire.markers).toEqual(local.timeline.markers);
    expect(viaWire.strands).toEqual(local.timeline.strands);
    expect(viaWire.ticks).toBe(scenario.duration);
    expect(run.finished).toBe(true);
  });

  it('between frames, the board runs the last picture on to what the engine shows at that tick; only a wakeup coming into view is news without an event', () => {
    const client = new FrameAssembler();
    let last: ReturnType<FrameAssembler['accept']> = null;
    let predictedTicks = 0;
    playBoth(scenario.duration, (r, l) => {
      if (r.hasNews() || r.ticksSinceFrame >= 5 || r.finished) {
        const { wire } = r.frame('room');
        // A frame without events: a heartbeat (nothing but its head) or a task announced (incoming).
        const parts = Object.keys(wire).filter((k) => !['roomId', 'runId', 'tick', 'version', 'events'].includes(k));
        if (wire.events.length === 0 && last) expect(parts.filter((k) => k !== 'incoming')).toEqual([]);
        last = client.accept(wire);
        return;
      }
      const ahead = predictPicture(last!, r.state.tick - last!.tick);
      const here = viewModelOf(l.session);
      expect(viewModelFromFrame(scenario, ahead)).toEqual(here);
      predictedTicks++;
    });
    expect(predictedTicks).toBeGreaterThan(10);
  });
});

