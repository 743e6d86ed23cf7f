import { describe, expect, it } from 'vitest';
import { loadScenario, simulate, type ScenarioInput } from '../../../server/engine';
import { mapCatalog } from '../../../server/realtime/catalog';
import { ManualClock, MemoryCheckpointSink, MemoryRunSink, MAIN_RUN, RoomRegistry, type Room } from '../../../server/rooms';

// W sleeps until tick 8 (announced from the start: the horizon is 30 ticks), on CPU 0 of three.
const WAKER: ScenarioInput = {
  format: 1, slug: 'waker', title: 'Waker', cpus: 3, duration: 30, balancer: 'none', seed: 5,
  tasks: [
    { id: 'W', priority: 60, cpu: 0, release: { at: [8] }, deadline: 20, body: [{ run: 4 }] },
    { id: 'X', priority: 20, cpu: 0, release: { at: [0] }, deadline: 30, body: [{ run: 20 }] },
  ],
};

function registryWith(checkpoints = new MemoryCheckpointSink()) {
  return new RoomRegistry({
    clock: new ManualClock(), runSink: new MemoryRunSink(), checkpoints, config: { spreadPhases: false },
    scenarios: mapCatalog(new Map([['waker', loadScenario(WAKER)]])),
  });
}

function coopRoom() {
  const registry = registryWith();
  const made = registry.createRoom({ kind: 'coop', scenario: { slug: 'waker' } });
  if (!made.ok) throw new Error(made.reason);
  const { room, hostToken } = made.value;
  const seat = (nick: string) => {
    const j = registry.join(room.code, nick);
    if (!j.ok) throw new Error(j.reason);
    return j.value.seat.id;
  };
  const ada = seat('Ada');
  const bob = seat('Bob');
  const cara = seat('Cara');
  // Dealt round-robin: Ada 0, Bob 1, Cara 2. Paused at tick 1, so moves and plans wait.
  expect(room.control(hostToken, { op: 'step' })).toEqual({ ok: true, value: {} });
  return { registry, room, hostToken, ada, bob, cara };
}

const plans = (room: Room) => room.runs.get(MAIN_RUN)!.view().plans;

function playOut(room: Room, hostToken: string, ticks: number): void {
  for (let i = 0; i < ticks; i++) expect(room.control(hostToken, { op: 'step' })).toMatchObject({ ok: true });
}

describe('co-op wakeup plans follow who owns the CPU', () => {
  it("a kicked player's plan is withdrawn: the task wakes where it would have without it", () => {
    const { room, hostToken, bob } = coopRoom();
    expect(room.act(bob, { task: 'W', cpu: 1 })).toEqual({ ok: true, value: { tick: 8, type: 'place' } });
    expect(plans(room)).toEqual([{ task: 'W', cpu: 1 }]);
    expect(room.control(hostToken, { op: 'kick', seatId: bob })).toEqual({ ok: true, value: {} });
    expect(plans(room)).toEqual([]);
    playOut(room, hostToken, 9);
    const run = room.runs.get(MAIN_RUN)!;
    expect(run.log.filter((a) => a.type === 'place')).toEqual([]);
    expect(run.state.tasks[0].cpu).toBe(0);
  });

  it('a plan for a CPU its author no longer owns is withdrawn; a plan for a CPU still owned survives with the new ownership', () => {
    const { room, hostToken, ada, bob, cara } = coopRoom();
    expect(room.act(bob, { task: 'W', cpu: 1 })).toMatchObject({ ok: true });
    // The host gives CPU 1 to Cara: Bob decides nothing there any more.
    expect(room.control(hostToken, { op: 'assign', cpu: 1, seatId: cara })).toEqual({ ok: true, value: {} });
    expect(plans(room)).toEqual([]);
    // Cara (CPUs 1 and 2) plans W onto 2; then CPU 1 goes to Ada: Cara's plan for CPU 2 stays, and carries [2].
    expect(room.act(cara, { task: 'W', cpu: 2 })).toMatchObject({ ok: true });
    expect(room.control(hostToken, { op: 'assign', cpu: 1, seatId: ada })).toEqual({ ok: true, value: {} });
    expect(plans(room)).toEqual([{ task: 'W', cpu: 2 }]);
    expect(room.runs.get(MAIN_RUN)!.queued).toEqual([{ tick: 8, type: 'place', task: 'W', cpu: 2, player: 'Cara', owned: [2] }]);
    playOut(room, hostToken, 9);
    expect(room.runs.get(MAIN_RUN)!.state.tasks[0].cpu).toBe(2);
  });

  it("after a kick the others' plans stay and carry the CPUs dealt to them", () => {
    const { room, hostToken, ada, cara } = coopRoom();
    // Ada's plan: W onto her CPU 0. Cara is kicked; her CPU 2 goes to Ada (round-robin over who is left).
    expect(room.act(ada, { task: 'W', cpu: 0 })).toMatchObject({ ok: true });
    expect(room.control(hostToken, { op: 'kick', seatId: cara })).toEqual({ ok: true, value: {} });
    expect(room.seats.get(ada)!.cpus).toEqual([0, 2]);
    expect(room.runs.get(MAIN_RUN)!.queued).toEqual([{ tick: 8, type: 'place', task: 'W', cpu: 0, player: 'Ada', owned: [0, 2] }]);
  });

  it('a move waiting for the next tick is withdrawn too when the CPU it decides on changes hands', () => {
    const { room, hostToken, ada, bob } = coopRoom();
    expect(room.act(ada, { task: 'X', cpu: 1 })).toEqual({ ok: true, value: { tick: 1, type: 'migrate' } });
    expect(room.control(hostToken, { op: 'assign', cpu: 0, seatId: bob })).toEqual({ ok: true, value: {} });
    expect(room.runs.get(MAIN_RUN)!.queued).toEqual([]);
    playOut(room, hostToken, 1);
    expect(room.runs.get(MAIN_RUN)!.log).toEqual([]);
  });

  it('keeps accepted plans in checkpoints: a restart puts them back, and the resumed run ends like the uninterrupted one', () => {
    const a = coopRoom();
    expect(a.room.act(a.bob, { task: 'W', cpu: 1 })).toMatchObject({ ok: true });
    const cp = a.room.checkpoint();
    // Stored as JSON by the database sink: only what survives JSON counts.
    const stored = JSON.parse(JSON.stringify(cp)) as typeof cp;
    stored.savedAt = new Date(stored.savedAt);
    expect(stored.queued).toEqual({ [MAIN_RUN]: [{ tick: 8, type: 'place', task: 'W', cpu: 1, player: 'Bob', owned: [1] }] });

    // "Restart": a new registry brings the room back; the plan is there and applies on its tick.
    const back = registryWith().resumeFromCheckpoint(stored);
    if (!back.ok) throw new Error(back.reason);
    const again = back.value;
    expect(plans(again)).toEqual([{ task: 'W', cpu: 1 }]);
    playOut(again, a.hostToken, 29);
    playOut(a.room, a.hostToken, 29);
    const resumed = again.runs.get(MAIN_RUN)!;
    const uninterrupted = a.room.runs.get(MAIN_RUN)!;
    expect(resumed.log.filter((x) => x.type === 'place')).toEqual([{ tick: 8, type: 'place', task: 'W', cpu: 1, player: 'Bob', owned: [1] }]);
    expect(resumed.result().finalHash).toBe(uninterrupted.result().finalHash);
    expect(resumed.result().finalHash).toBe(simulate(loadScenario(WAKER), { seed: again.seed, bot: again.bot, actions: resumed.log }).result.finalHash);
  });

  it('a plan accepted while the room is paused is checkpointed at once (no periodic checkpoint runs then)', () => {
    const checkpoints = new MemoryCheckpointSink();
    const registry = registryWith(checkpoints);
    const made = registry.createRoom({ kind: 'coop', scenario: { slug: 'waker' } });
    if (!made.ok) throw new Error(made.reason);
    const joined = registry.join(made.value.room.code, 'Ada');
    if (!joined.ok) throw new Error(joined.reason);
    const { room, hostToken } = made.value;
    expect(room.control(hostToken, { op: 'step' })).toMatchObject({ ok: true });
    expect(room.act(joined.value.seat.id, { task: 'W', cpu: 2 })).toMatchObject({ ok: true });
    expect(checkpoints.latest.get(room.code)?.queued).toEqual({ [MAIN_RUN]: [expect.objectContaining({ task: 'W', cpu: 2, player: 'Ada' })] });
  });

  it('loads a checkpoint written before plans were kept (no queued field)', () => {
    const a = coopRoom();
    expect(a.room.act(a.bob, { task: 'W', cpu: 1 })).toMatchObject({ ok: true });
    const { queued: _dropped, ...old } = a.room.checkpoint();
    const back = registryWith().resumeFromCheckpoint(old);
    if (!back.ok) throw new Error(back.reason);
    expect(back.value.tick).toBe(1);
    expect(plans(back.value)).toEqual([]);
  });
});
