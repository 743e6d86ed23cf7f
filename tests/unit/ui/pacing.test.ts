import { describe, expect, it } from 'vitest';
import { baselineScores, loadScenario, RULE_NAMES, simulate, verifyRun } from '../../../server/engine';
import { BUILTIN_SCENARIOS, CAMPAIGN_IDEAS } from '../../../server/engine/levels';
import { LocalGame } from '../../../app/lib/localGame';
import { movesOf } from '../../../app/lib/timeline';
import { verdictOf } from '../../../app/lib/verdict';
import { formatCpuSet, parseCpuSet } from '../../../app/lib/cpuSet';
import { RULE_GLOSSARY, ruleCodesIn, splitRuleCodes } from '../../../app/lib/glossary';

const level = (slug: string) => loadScenario(BUILTIN_SCENARIOS.find((s) => s.slug === slug));

describe('pacing in solo play', () => {
  it('level 1 runs to its first decision (H wakes where L runs), then "next decision" goes on to the idle CPU', () => {
    const g = new LocalGame(level('preemption'));
    expect(g.toNextDecision({ includeNow: true })).toBe(10);
    expect(g.state.tick).toBe(10);
    expect(g.newDecisions).toEqual([{ kind: 'wake', tick: 10, task: 'H', cpu: 0, busyWith: 'L' }]);
    // Staying put: the current state already is a decision.
    expect(g.toNextDecision({ includeNow: true })).toBe(0);
    g.toNextDecision();
    expect(g.state.tick).toBe(11);
    expect(g.newDecisions.map((d) => d.kind)).toEqual(['idle']);
  });

  it('a decision the player took is no reason to stop: after placing H, auto-play runs to the end', () => {
    const g = new LocalGame(level('preemption'));
    g.toNextDecision({ includeNow: true });
    expect(g.migrate('H', 1)).toBeNull();
    expect(g.newDecisions).toEqual([]);
    g.advance(1000, { stopAtDecision: true });
    expect(g.finished).toBe(true);
    expect(g.result().metrics.missed).toBe(0);
  });

  it('standing orders in a LocalGame: the moves join the log, replay to the same hash and do not stop the clock', () => {
    const sc = level('open-problem');
    const g = new LocalGame(sc);
    g.setOrders([{ rule: 'wake-idle' }, { rule: 'rescue-pinned' }, { rule: 'spread-queued' }]);
    g.advance(sc.duration);
    const r = g.result();
    expect(g.log.length).toBeGreaterThan(30);
    expect(verifyRun(sc, { seed: sc.seed, actions: g.log, finalHash: r.finalHash, score: r.score }).ok).toBe(true);
    expect(r.score).toBeGreaterThan(simulate(sc).result.score);
    const moves = movesOf(g.timeline.markers);
    expect(moves.byOrders).toBe(moves.placements + moves.migrations);
    expect(moves.placements + moves.migrations).toBe(g.log.length - r.metrics.refusedActions);
  });
});

describe('moves counted with placements', () => {
  it('three decisions (two placements, one migration) are three moves', () => {
    // A runs on CPU 0; B and C wake there at 5 and 8. The player wakes them on CPUs 1 and 2, then moves A.
    const sc = loadScenario({
      format: 1, slug: 'moves', title: 'moves', cpus: 3, duration: 40, balancer: 'none',
      tasks: [
        { id: 'A', priority: 10, cpu: 0, release: { at: [0] }, deadline: 39, body: [{ run: 30 }] },
        { id: 'B', priority: 50, cpu: 0, release: { at: [5] }, deadline: 20, body: [{ run: 5 }] },
        { id: 'C', priority: 60, cpu: 0, release: { at: [8] }, deadline: 20, body: [{ run: 5 }] },
      ],
    });
    const g = new LocalGame(sc);
    g.advance(1);
    expect(g.migrate('B', 1)).toBeNull();
    expect(g.migrate('C', 2)).toBeNull();
    g.advance(14);
    expect(g.migrate('A', 1)).toBeNull();
    g.advance(sc.duration);
    const moves = movesOf(g.timeline.markers);
    expect(moves).toEqual({ placements: 2, migrations: 1, byOrders: 0 });
    // The engine's own count has the migration only: placements are decisions it does not call migrations.
    expect(g.result().metrics.playerMigrations).toBe(1);
    const v = verdictOf(sc, g.result(), baselineScores(sc), g.timeline.strands, null, moves);
    expect(v.good.find((t) => t.startsWith('You made'))).toBe('You made 3 moves (2 wakeup placements, 1 migration); the kernel made 0.');
  });
});

describe('CPU sets (cpulist)', () => {
  it('reads ranges and lists, refuses CPUs that do not exist', () => {
    expect(parseCpuSet('', 8)).toEqual({ ok: true, cpus: null });
    expect(parseCpuSet('0-3, 6', 8)).toEqual({ ok: true, cpus: [0, 1, 2, 3, 6] });
    expect(parseCpuSet('5,1,1', 8)).toEqual({ ok: true, cpus: [1, 5] });
    expect(parseCpuSet('8', 8)).toMatchObject({ ok: false });
    expect(parseCpuSet('3-1', 8)).toMatchObject({ ok: false });
    expect(parseCpuSet('a', 8)).toMatchObject({ ok: false });
    expect(formatCpuSet([6, 0, 1, 2, 3])).toBe('0-3,6');
  });
});

describe('rule glossary', () => {
  it('every kernel rule code (R, P, C) has plain words', () => {
    const codes = RULE_NAMES.filter((r) => /^[RPC]\d$/.test(r));
    expect(codes.length).toBeGreaterThan(15);
    for (const c of codes) {
      const plain = RULE_GLOSSARY[c]?.plain ?? '';
      // Words a newcomer can read: a sentence, not the code again.
      expect(plain.length, c).toBeGreaterThan(20);
      expect(plain, c).not.toContain(c);
    }
  });

  it('every code a lesson, summary, goal or level idea names is explained', () => {
    for (const s of BUILTIN_SCENARIOS) {
      const texts = [s.lesson ?? '', s.summary ?? '', ...(s.goals?.text ?? []), CAMPAIGN_IDEAS[s.slug] ?? ''];
      for (const t of texts) for (const m of t.matchAll(/\b[RPC]\d\b/g)) expect(RULE_GLOSSARY[m[0]], `${s.slug}: ${m[0]}`).toBeDefined();
    }
  });

  it('cuts text around the codes, "R2/R3" into two', () => {
    expect(splitRuleCodes('pushes it (R6, R4): then R2/R3.')).toEqual([
      { text: 'pushes it (' }, { code: 'R6' }, { text: ', ' }, { code: 'R4' }, { text: '): then ' }, { code: 'R2' }, { text: '/' }, { code: 'R3' }, { text: '.' },
    ]);
    expect(splitRuleCodes('CPU 1 and T12')).toEqual([{ text: 'CPU 1 and T12' }]);
    expect(ruleCodesIn(['R4 then R2', 'R2'])).toEqual(['R2', 'R4']);
  });
});
