'use client';

import dynamic from 'next/dynamic';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { baselineScores, type Action, type Baselines, type RunResult, type Scenario } from '../../server/engine';
import { movesOf } from '../lib/timeline';
import { useLocalGame } from '../lib/useLocalGame';
import { parViewOf, verdictOf, type ParInfo } from '../lib/verdict';
import { DecisionBanner } from './DecisionBanner';
import { GameView } from './GameView';
import type { SubmitState } from './ResultScreen';
import type { ApiResult, RunClaim, SubmitAnswer } from '../lib/api';
import { SoloControls } from './SoloControls';
import { loadApi, loadProgress, loadReplayViewer, loadResultScreen } from './soloParts';
import { StandingOrders } from './StandingOrders';

// Needed only once a run ends, fetched with the game itself by SoloLevel (soloParts.ts).
const ResultScreen = dynamic(() => loadResultScreen().then((m) => m.ResultScreen), { ssr: false });
const ReplayViewer = dynamic(() => loadReplayViewer().then((m) => m.ReplayViewer), { ssr: false });

export interface SoloGameProps {
  scenario: Scenario;
  /** Campaign levels record stars in the player's progress under this slug. */
  progressSlug?: string;
  next?: { href: string; label: string };
  /** Submit the finished run to the server (default true). */
  submit?: boolean;
  /** A worked solution (an action log) the result screen can replay. */
  solution?: readonly Action[];
  /** Ticks per second at 1x (default 10). */
  ticksPerSecond?: number;
  /**
   * Par of this scenario and seed, where known (stars.ts): the stored par of a built-in
   * level, or the daily challenge's (a search of a few seconds, hence a function run
   * after the first paint). Without it, 3 stars ask for the level's goals.
   */
  parOf?: () => ParInfo | null;
  /** Where the finished run goes instead of POST /api/runs (an assignment's attempt); answered the same way. */
  submitWith?: (claim: RunClaim) => Promise<ApiResult<SubmitAnswer>>;
  /** Called once the server accepted (or refused) the run, e.g. to refresh a leaderboard. */
  onSubmitted?: (verified: boolean) => void;
  /**
   * Pacing for newcomers: `startAtDecision` runs to the first decision point when the
   * level starts and waits there; `autoPause` is the "Pause at decisions" toggle's
   * initial state (the toggle is always offered).
   */
  pacing?: { startAtDecision?: boolean; autoPause?: boolean };
  /** Offer standing orders (long levels: the open problem, the daily, free play); `'open'` shows the panel unfolded. */
  orders?: boolean | 'open';
  /** The player pressed a Start button that is now gone: the keyboard focus goes to the CPU lanes. */
  started?: boolean;
}

/**
 * One solo run in the browser: play (pause, speed, step), result, replay. Pages show it
 * through SoloLevel (the lesson and a Start button first), which loads it after the page.
 */
export function SoloGame({ scenario, progressSlug, next, submit = true, solution, ticksPerSecond = 10, parOf, submitWith, onSubmitted, pacing, orders, started = false }: SoloGameProps) {
  const [replay, setReplay] = useState<false | 'mine' | 'solution'>(false);
  const h = useLocalGame(scenario, { ticksPerSecond, autoPause: pacing?.autoPause ?? false });
  const startAtDecision = pacing?.startAtDecision ?? false;
  // The level opens on its first decision point (SoloLevel mounts the game when Start is pressed).
  const { toFirstDecision } = h;
  const paced = useRef(false);
  useEffect(() => {
    if (!startAtDecision || paced.current) return;
    paced.current = true;
    toFirstDecision();
  }, [startAtDecision, toFirstDecision]);
  const [yardstick, setYardstick] = useState<{ baselines: Baselines; par: ParInfo | null } | null>(null);
  const baselines = yardstick?.baselines ?? null;
  const [submitState, setSubmitState] = useState<SubmitState>({ state: 'sending' });

  // The bots' scores (four quick simulations) and par, after the first paint.
  useEffect(() => {
    const id = setTimeout(() => setYardstick({ baselines: baselineScores(scenario, scenario.seed), par: parOf?.() ?? null }), 0);
    return () => clearTimeout(id);
  }, [scenario, parOf]);

  const verdict = useMemo(() => {
    if (!h.result || !yardstick) return null;
    return verdictOf(scenario, h.result, yardstick.baselines, h.game.timeline.strands, yardstick.par, movesOf(h.game.timeline.markers));
  }, [h.result, yardstick, scenario, h.game]);
  const parView = useMemo(() => (yardstick ? parViewOf(scenario, yardstick.baselines, yardstick.par) : null), [yardstick, scenario]);

  const send = useCallback(async (result: RunResult, actions: readonly Action[]) => {
    if (!submit) return;
    setSubmitState({ state: 'sending' });
    let mods;
    try {
      mods = await Promise.all([loadApi(), loadProgress()]);
    } catch {
      // Their code never arrived (the connection dropped first): as offline as a failed request.
      setSubmitState({ state: 'offline' });
      return;
    }
    const [{ submitRun }, { recordLevel }] = mods;
    const r = await (submitWith ?? submitRun)({ scenario: scenario.slug, seed: result.seed, actions: [...actions], finalHash: result.finalHash, score: result.score });
    if (r.ok) {
      setSubmitState(r.value.verified ? { state: 'verified', runId: r.value.id } : { state: 'unverified', runId: r.value.id, reason: r.value.reason });
      if (progressSlug && verdict) recordLevel(progressSlug, { stars: verdict.stars, bestScore: result.score, runId: r.value.id });
      onSubmitted?.(r.value.verified);
    } else if (r.kind === 'offline') setSubmitState({ state: 'offline' });
    else setSubmitState({ state: 'error', message: r.message });
  }, [submit, scenario.slug, progressSlug, verdict, onSubmitted, submitWith]);

  // On finishing: keep the progress locally, then submit once.
  const [sentFor, setSentFor] = useState<RunResult | null>(null);
  useEffect(() => {
    if (!h.result || !verdict || sentFor === h.result) return;
    setSentFor(h.result);
    const result = h.result;
    const stars = verdict.stars;
    // Kept locally before the submission, which may fail.
    if (progressSlug) loadProgress().then(({ recordLevel }) => recordLevel(progressSlug, { stars, bestScore: result.score }), () => {});
    void send(result, h.game.log);
  }, [h.result, verdict, sentFor, progressSlug, send, h.game.log]);

  // Offline at the end of a run: send again as soon as the browser is back online.
  useEffect(() => {
    if (submitState.state !== 'offline' || !h.result) return;
    const result = h.result;
    const retry = () => void send(result, h.game.log);
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [submitState.state, h.result, h.game.log, send]);

  const replayInput = useMemo(
    () => (h.result ? { scenario, seed: h.game.seed, actions: [...h.game.log] } : null),
    [h.result, scenario, h.game],
  );
  const solutionInput = useMemo(() => (solution ? { scenario, seed: scenario.seed, actions: solution } : null), [solution, scenario]);

  const finishBtn = !h.finished && (
    <button type="button" className="rounded-md border border-line bg-panel2 px-3 py-1.5 text-sm font-semibold hover:bg-line"
      onClick={h.skipToEnd} data-testid="finish">
      Skip to end ⇥
    </button>
  );

  return (
    <div className="flex flex-col gap-4">
      {/* The lesson's h1 went with it: the page keeps one while the level plays. */}
      <h1 className="text-xl font-bold">{scenario.title}</h1>
      {h.result && verdict && baselines && (
        replay === 'mine' && replayInput ? (
          <div className="flex flex-col gap-2">
            <button type="button" className="self-start text-sm underline" onClick={() => setReplay(false)}>← Back to the result</button>
            <ReplayViewer input={replayInput} claimedScore={h.result.score} title={`Your run: ${scenario.title}`} />
          </div>
        ) : replay === 'solution' && solutionInput ? (
          <div className="flex flex-col gap-2">
            <button type="button" className="self-start text-sm underline" onClick={() => setReplay(false)}>← Back to the result</button>
            <ReplayViewer input={solutionInput} title={`A worked solution: ${scenario.title}`} />
          </div>
        ) : (
          <ResultScreen
            title={scenario.title}
            verdict={verdict}
            baselines={baselines}
            submit={submit ? submitState : { state: 'none' }}
            onReplay={() => setReplay('mine')}
            {...(solutionInput ? { onSolution: () => setReplay('solution') } : {})}
            onRetry={() => { setReplay(false); setSentFor(null); h.restart(); if (startAtDecision) h.toFirstDecision(); }}
            {...(submit ? { onRetrySubmit: () => void send(h.result!, h.game.log) } : {})}
            {...(next ? { next } : {})}
          />
        )
      )}
      {!(h.result && replay) && (
        <GameView
          model={h.model}
          timeline={h.game.timeline}
          timelineVersion={h.version}
          {...(h.finished ? {} : { onMigrate: h.migrate })}
          pending={h.game.queued}
          baselines={baselines}
          par={parView}
          // After Start (the button is gone), not when the view comes back from a replay.
          focusOnMount={started && !h.result}
          controls={
            <div className="flex flex-col gap-2">
              <SoloControls
                playing={h.playing} finished={h.finished} speed={h.speed} onToggle={h.toggle} onStep={h.stepOnce} onSpeed={h.setSpeed}
                onNextEvent={h.nextEvent} autoPause={h.autoPause} onAutoPause={h.setAutoPause}
                onRestart={() => { setSentFor(null); h.restart(); if (startAtDecision) h.toFirstDecision(); }}
              >
                {finishBtn}
              </SoloControls>
              {orders && !h.finished && <StandingOrders cpus={scenario.cpus} orders={h.orders} onChange={h.setOrders} open={orders === 'open'} />}
              {!h.finished && h.waitingOnDecision && <DecisionBanner tick={h.model.tick} decisions={h.decisions} playing={h.playing} />}
            </div>
          }
        />
      )}
    </div>
  );
}
