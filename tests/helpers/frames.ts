import { FrameAssembler, type Frame, type RunView, type WireFrame } from '../../server/protocol';

/** Any Socket.IO client whose server sends `frame` (the tests' several typed clients). */
interface FrameSource {
  on(event: 'frame', cb: (f: WireFrame) => void): unknown;
}

/**
 * A socket's frames made whole, as the browser makes them (protocol/frames.ts): a run's first
 * frame is whole, later ones are applied to it; `base` adds a view as a base (a join mid-round).
 * A frame that cannot be made whole (a gap) reaches no listener, so a test reading frames fails
 * rather than reading half a frame.
 */
export class WholeFrames {
  private readonly assembler = new FrameAssembler();
  private readonly listeners = new Set<(f: Frame) => void>();
  /** Every whole frame so far, in order. */
  readonly frames: Frame[] = [];
  /** Wire frames that could not be made whole (no base, or a gap). */
  unread = 0;

  constructor(socket: FrameSource) {
    socket.on('frame', (w) => {
      const f = this.assembler.accept(w);
      if (!f) {
        this.unread++;
        return;
      }
      this.frames.push(f);
      for (const l of [...this.listeners]) l(f);
    });
  }

  base(run: RunView): void {
    this.assembler.reset(run.runId, run.version, run);
  }

  on(cb: (f: Frame) => void): void {
    this.listeners.add(cb);
  }

  off(cb: (f: Frame) => void): void {
    this.listeners.delete(cb);
  }

  /** The next whole frame that passes `pred`. */
  next(pred: (f: Frame) => boolean = () => true): Promise<Frame> {
    return new Promise((resolve) => {
      const h = (f: Frame) => {
        if (!pred(f)) return;
        this.off(h);
        resolve(f);
      };
      this.on(h);
    });
  }
}

const bySocket = new WeakMap<object, WholeFrames>();

/** The socket's one WholeFrames (one assembler per socket, however many listeners). */
export function wholeFrames(socket: FrameSource): WholeFrames {
  let w = bySocket.get(socket);
  if (!w) {
    w = new WholeFrames(socket);
    bySocket.set(socket, w);
  }
  return w;
}

type AckingSocket = FrameSource & { emit(event: string, ...args: unknown[]): unknown; emitWithAck: unknown };

/**
 * Makes the socket's frames whole from its first frame on, and takes the run of every view an
 * answer carries (join, resume, resync, watch) as a base, as the answer arrives: before any frame
 * sent after it (an awaited promise would see those first).
 */
export function trackViews<S extends AckingSocket>(socket: S): S {
  const frames = wholeFrames(socket);
  socket.emitWithAck = (event: string, ...args: unknown[]) =>
    new Promise((resolve) => {
      socket.emit(event, ...args, (answer: { view?: { run?: RunView } } | undefined) => {
        const run = answer?.view?.run;
        if (run) frames.base(run);
        resolve(answer);
      });
    });
  return socket;
}
