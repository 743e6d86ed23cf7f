import {
  cpuViews, liveRates, pinnedTasks, Session, taskProgress,
  type Action, type BotName, type GameState, type Scenario,
} from '../engine';
import {
  actionReason, diffPicture, fullFrame, predictPicture,
  type Frame, type FrameEvent, type RunPicture, type RunStats, type RunView, type WireFrame,
} from '../protocol';
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
 * A frame carries only what the clients cannot predict from the last one
 * (protocol/frames.ts); `sent` is the picture they hold.
 */
export class Run {
  private session: Session;
  private eventBuffer: FrameEvent[] = [];
  /** Frames sent so far; a client seeing anything but last+1 resyncs. */
  version = 0;
  /** Ticks run since the last frame. */
  ticksSinceFrame = 0;
  /** The picture as of the last frame: what every client of this run holds (null: none sent, the next frame is whole). */
  private sent: RunPicture | null = null;
  /** A move or a co-op seat change altered the plans since the last frame (plans change between ticks, without events). */
  private plansTouched = false;

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
    this.plansTouched = true;
    return { ok: true, value: { tick: r.tick, type: r.type } };
  }

  /** Moves and wakeup plans accepted but not applied yet (kept in checkpoints). */
  get queued(): readonly Action[] {
    return this.session.queued;
  }

  /** A co-op seat's CPUs changed (undefined: it was kicked): its waiting moves and plans follow. */
  reown(player: string, owned?: readonly number[]): void {
    this.session.reown(player, owned);
    this.plansTouched = true;
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
    this.sent = null;
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
    this.sent = null;
  }

  stats(): RunStats {
    return this.session.stats();
  }

  /** Everything a frame updates, as the state is now. */
  picture(): RunPicture {
    const s = this.state;
    return {
      tick: s.tick,
      cpus: cpuViews(s),
      pinned: pinnedTasks(s),
      incoming: this.session.incoming(),
      plans: this.session.planned(),
      progress: taskProgress(s),
      stats: this.stats(),
      rates: liveRates(s),
    };
  }

  /**
   * The next frame: the events since the last one and what differs from the clients'
   * prediction, on the wire; the whole frame for the room's history. Bumps the version.
   */
  frame(roomId: string): { wire: WireFrame; full: Frame } {
    const picture = this.picture();
    const diff = diffPicture(this.sent && predictPicture(this.sent, picture.tick - this.sent.tick), picture);
    this.version++;
    this.ticksSinceFrame = 0;
    this.plansTouched = false;
    const events = this.eventBuffer;
    this.eventBuffer = [];
    this.sent = picture;
    const head = { roomId, runId: this.id, tick: picture.tick, version: this.version, events };
    return { wire: { ...head, ...diff }, full: fullFrame(head, picture) };
  }

  /**
   * Something the clients cannot foresee happened since the last frame. Without events the
   * machine stands as predicted (tests/property/frames.test.ts holds the engine to it), so only
   * the plans and the sleeping tasks coming into view are looked at: building and comparing
   * the whole picture of every run on every tick would cost more than the frames it saves.
   * Anything else would still reach the clients with the next heartbeat (frame() compares all).
   */
  hasNews(): boolean {
    if (this.eventBuffer.length > 0 || !this.sent || this.plansTouched) return true;
    return !this.session.incomingIs(this.sent.incoming);
  }

  /** The run as it is now: a base for the frames that follow (frames.ts's invariant). */
  view(): RunView {
    return {
      runId: this.id,
      ...(this.seatId !== undefined ? { seatId: this.seatId } : {}),
      version: this.version,
      finished: this.finished,
      ...this.picture(),
    };
  }

  result(): ReturnType<Session['result']> {
    return this.session.result();
  }
}
