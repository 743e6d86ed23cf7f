'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { BotName, RunResult, Scenario } from '../../server/engine';
import type { DecisionPoint, StandingOrder } from '../../server/engine/orders';
import { LocalGame } from './localGame';
import { viewModelOf, type GameViewModel } from './viewModel';

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;

export interface LocalGameHandle {
  game: LocalGame;
  model: GameViewModel;
  version: number;
  playing: boolean;
  speed: number;
  finished: boolean;
  result: RunResult | null;
  play: () => void;
  pause: () => void;
  toggle: () => void;
  stepOnce: () => void;
  setSpeed: (s: number) => void;
  restart: () => void;
  /** Runs the rest of the scenario at once (the balancer plays the remaining ticks). */
  skipToEnd: () => void;
  migrate: (task: string, cpu: number) => string | null;
  /** Pause by itself when a new decision point comes up (a task wakes where another runs, a CPU idles beside a waiting task). */
  autoPause: boolean;
  setAutoPause: (on: boolean) => void;
  /** Runs to the next decision point and pauses there (at least one tick). */
  nextEvent: () => void;
  /** Runs to the first decision point from here, staying put if this is one (the start of a paced level). */
  toFirstDecision: () => void;
  /** The decision points that came up at the current tick and are still open. */
  decisions: DecisionPoint[];
  /** The game stopped by itself on a decision point (auto-pause, next decision, a paced start), and waits there. */
  waitingOnDecision: boolean;
  orders: readonly StandingOrder[];
  setOrders: (orders: readonly StandingOrder[]) => void;
}

/**
 * Drives a LocalGame in real time: `ticksPerSecond` at 1x, times the speed. Wall
 * time is turned into whole ticks here, at the edge; the engine only sees ticks.
 * React re-renders at most once per animation frame, however many ticks ran.
 */
export function useLocalGame(scenario: Scenario, options: { seed?: number; bot?: BotName; ticksPerSecond?: number; autoplay?: boolean; autoPause?: boolean } = {}): LocalGameHandle {
  const tps = options.ticksPerSecond ?? 10;
  const make = useCallback(() => new LocalGame(scenario, { ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.bot ? { bot: options.bot } : {}) }),
    [scenario, options.seed, options.bot]);
  const gameRef = useRef<LocalGame | null>(null);
  if (gameRef.current === null) gameRef.current = make();
  const [model, setModel] = useState<GameViewModel>(() => viewModelOf(gameRef.current!.session));
  const [version, setVersion] = useState(0);
  const [playing, setPlaying] = useState(options.autoplay ?? false);
  const [speed, setSpeed] = useState(1);
  const [result, setResult] = useState<RunResult | null>(null);
  const [autoPause, setAutoPause] = useState(options.autoPause ?? false);
  const [decisions, setDecisions] = useState<DecisionPoint[]>(() => gameRef.current!.newDecisions);
  const [orders, setOrdersState] = useState<readonly StandingOrder[]>([]);
  const [stopped, setStopped] = useState(false);
  const ordersRef = useRef(orders);
  const carry = useRef(0);

  const publish = useCallback(() => {
    const g = gameRef.current!;
    setModel(viewModelOf(g.session));
    setVersion(g.timeline.version);
    setDecisions(g.newDecisions);
    if (g.finished) {
      setPlaying(false);
      setResult((r) => r ?? g.result());
    }
  }, []);

  // A new scenario (or seed, or bot) starts a new game.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    gameRef.current = make();
    gameRef.current.setOrders(ordersRef.current);
    setResult(null);
    carry.current = 0;
    publish();
  }, [make, publish]);

  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    let last = performance.now();
    const frame = (now: number) => {
      const dt = Math.min(250, now - last); // a background tab does not fast-forward on return
      last = now;
      carry.current += (dt / 1000) * tps * speed;
      const n = Math.floor(carry.current);
      if (n > 0) {
        carry.current -= n;
        const g = gameRef.current!;
        const ran = g.advance(n, { stopAtDecision: autoPause });
        publish();
        if (autoPause && g.newDecisions.length > 0 && !g.finished) {
          // Stopped on a decision: the time left over this frame is dropped, not run on Play.
          carry.current = 0;
          if (ran > 0) {
            setPlaying(false);
            setStopped(true);
            return;
          }
        }
      }
      if (!gameRef.current!.finished) raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(raf);
  }, [playing, speed, tps, publish, autoPause]);

  const stepOnce = useCallback(() => {
    setPlaying(false);
    setStopped(false);
    gameRef.current!.step();
    publish();
  }, [publish]);

  const nextEvent = useCallback(() => {
    setPlaying(false);
    setStopped(true);
    gameRef.current!.toNextDecision();
    publish();
  }, [publish]);

  const toFirstDecision = useCallback(() => {
    setPlaying(false);
    setStopped(true);
    gameRef.current!.toNextDecision({ includeNow: true });
    publish();
  }, [publish]);

  const setOrders = useCallback((next: readonly StandingOrder[]) => {
    ordersRef.current = next;
    setOrdersState(next);
    gameRef.current!.setOrders(next);
    publish();
  }, [publish]);

  const restart = useCallback(() => {
    gameRef.current = make();
    gameRef.current.setOrders(ordersRef.current);
    carry.current = 0;
    setResult(null);
    setPlaying(false);
    setStopped(false);
    publish();
  }, [make, publish]);

  const skipToEnd = useCallback(() => {
    setPlaying(false);
    gameRef.current!.advance(scenario.duration);
    publish();
  }, [publish, scenario.duration]);

  const migrate = useCallback((task: string, cpu: number) => {
    const reason = gameRef.current!.migrate(task, cpu);
    publish();
    return reason;
  }, [publish]);

  const game = gameRef.current;
  return {
    game,
    model,
    version,
    playing,
    speed,
    finished: game.finished,
    result,
    play: () => { if (!gameRef.current!.finished) { setStopped(false); setPlaying(true); } },
    pause: () => setPlaying(false),
    toggle: () => { setStopped(false); setPlaying((p) => !p && !gameRef.current!.finished); },
    stepOnce,
    setSpeed,
    restart,
    skipToEnd,
    migrate,
    autoPause,
    setAutoPause,
    nextEvent,
    toFirstDecision,
    decisions,
    waitingOnDecision: stopped && !playing && decisions.length > 0,
    orders,
    setOrders,
  };
}
