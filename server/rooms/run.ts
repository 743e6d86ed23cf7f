import {
  cpuViews, pinnedTasks, Session, taskProgress,
  type Action, type BotName, type GameState, type Scenario,
} from '../engine';
import { actionReason, type Frame, type FrameEvent, type RunStats, type RunView } from '../protocol';
import type { Result } from './result';

/** At most this many moves wait for one tick of one run (the rate limit catches floods earlier). */
export const MAX_ACTIONS_PER_TICK = 32;

/** A player's move: which task, to which CPU. The session decides whether it is a migration or a wakeup placement. */
export interface PlayerMove {
  task: string;
  cpu: number;
}

/**
 * One simulation the room owns: an engine Session (state, action log, queued moves,
 * planned wakeups) plus what the room sends about it: frames with the events since
 * the last one, stamped with their tick, and a frame version for gap detection.
 */
export class Run {
  private session: Session;
  private eventBuffer: FrameEvent[] = [];
  /** Frames sent so far; a client seeing anything but last+1 resyncs. */
  version = 0;
  /** Ticks run since the last frame. */
  ticksSinceFrame = 0;

  constructor(
    readonly id: string,
    private readonly scenario: Scenario,
    private readonly seed: number,
    private readonly bot: BotName,
    readonly seatId?: string,
  ) {
    this.session = Session.start(scenario, { seed, bot });
  }

  get state(): GameState {
    return this.session.state;
  }

  /** Everything passed to step(): simulate(scenario, {seed, bot, actions: log}) reproduces the run. */
  get log(): readonly Action[] {
    return this.session.log;
  }

  get finished(): boolean {
    return this.session.finished;
  }

  /**
   * Hands a move to the session, which checks it against the state now (the
   * player's immediate answer) and stamps it with the tick it will apply at; the
   * authoritative answer is what step() does on that tick (a refused event in the
   * frame if the tick's earlier actions changed the picture).
   */
  submit(move: PlayerMove, player?: string, owned?: readonly number[]): Result<{ tick: number; type: Action['type'] }> {
    if (this.session.pendingMoves >= MAX_ACTIONS_PER_TICK) return { ok: false, reason: 'rate/limited', detail: 'too many actions this tick' };
    const r = this.session.submit(move.task, move.cpu, { ...(player !== undefined ? { player } : {}), ...(owned ? { owned } : {}) });
    if (!r.ok) return { ok: false, reason: actionReason(r.reason) };
    return { ok: true, value: { tick: r.tick, type: r.type } };
  }

  /** Moves and wakeup plans accepted but not applied yet (kept in checkpoints). */
  get queued(): readonly Action[] {
    return this.session.queued;
  }

  /** A co-op seat's CPUs changed (undefined: it was kicked): its waiting moves and plans follow. */
  reown(player: string, owned?: readonly number[]): void {
    this.session.reown(player, owned);
  }

  /** Runs one tick with the queued moves, and keeps its events for the next frame. */
  stepOnce(): void {
    if (!this.session.step()) return;
    this.ticksSinceFrame++;
    const tick = this.state.tick - 1;
    // step() starts a fresh events array every tick, so these objects are ours now: stamp them in place (no copy).
    for (const e of this.state.events) {
      (e as FrameEvent).tick = tick;
      this.eventBuffer.push(e as FrameEvent);
    }
  }

  /** Checkpoint resume: replays a logged action list up to `tick`, puts back what was queued, then plays on live. */
  replayTo(log: readonly Action[], tick: number, queued: readonly Action[] = []): void {
    this.session = Session.replay(this.scenario, { seed: this.seed, bot: this.bot }, log);
    this.session.runTo(tick);
    this.session.requeue(queued);
    this.eventBuffer = [];
    this.ticksSinceFrame = 0;
  }

  /**
   * Checkpoint resume from a state replayed elsewhere (a worker thread: replayTo's result,
   * computed off the event loop), then plays on live like replayTo.
   */
  adopt(state: GameState, log: readonly Action[], queued: readonly Action[] = []): void {
    // The state crossed a thread as a copy: give it back the room's own scenario object.
    state.scenario = this.scenario;
    this.session = Session.continueFrom(state, log);
    this.session.requeue(queued);
    this.eventBuffer = [];
    this.ticksSinceFrame = 0;
  }

  stats(): RunStats {
    return this.session.stats();
  }

  private upcoming(): Pick<RunView, 'incoming' | 'plans' | 'progress'> {
    return { incoming: this.session.incoming(), plans: this.session.planned(), progress: taskProgress(this.state) };
  }

  /** The next frame: everything since the last one. Bumps the version. */
  frame(roomId: string): Frame {
    this.version++;
    this.ticksSinceFrame = 0;
    const events = this.eventBuffer;
    this.eventBuffer = [];
    return {
      roomId,
      runId: this.id,
      tick: this.state.tick,
      version: this.version,
      cpus: cpuViews(this.state),
      pinned: pinnedTasks(this.state),
      ...this.upcoming(),
      events,
      stats: this.stats(),
    };
  }

  hasNews(): boolean {
    return this.eventBuffer.length > 0;
  }

  view(): RunView {
    return {
      runId: this.id,
      ...(this.seatId !== undefined ? { seatId: this.seatId } : {}),
      tick: this.state.tick,
      version: this.version,
      finished: this.finished,
      cpus: cpuViews(this.state),
      pinned: pinnedTasks(this.state),
      ...this.upcoming(),
      stats: this.stats(),
    };
  }

  result(): ReturnType<Session['result']> {
    return this.session.result();
  }
}
