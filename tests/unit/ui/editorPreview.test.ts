import { describe, expect, it } from 'vitest';
import { baselineScores, parseScenario, simulate, starsFor } from '../../../server/engine';
import { levelBySlug } from '../../../app/lib/campaign';
import { blankForm, formToJson } from '../../../app/lib/editorForm';
import { baselinesOf, previewBots, quickPar, runBot, starLine, timelineFrom } from '../../../app/lib/editorPreview';
import { parseInline, parseLesson } from '../../../app/lib/lessonMarkdown';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';

describe('the editor preview (what the worker computes)', () => {
  const scenario = levelBySlug('pinning')!.scenario;

  it('runs every baseline bot and the level\'s own balancer, with the engine\'s figures', () => {
    const bots = previewBots({ balancer: 'linux-rt-eager' });
    expect(bots).toEqual(['sticky', 'linux-rt-lazy', 'linux-rt-511', 'greedy-global', 'linux-rt-eager']);
    for (const bot of previewBots(scenario)) {
      const run = runBot(scenario, bot);
      const { result } = simulate(scenario, { seed: scenario.seed, bot });
      expect(run).toMatchObject({ bot, score: result.score, missed: result.metrics.missed, wasted: result.metrics.wastedCpuTicks, stranded: result.metrics.strandedCpuTicks });
      expect(run.timeline.ticks).toBe(scenario.duration);
    }
  });

  it('sends a timeline as plain data that becomes a Timeline again', () => {
    const run = runBot(scenario, 'linux-rt-511');
    const copy = JSON.parse(JSON.stringify(run.timeline)) as typeof run.timeline;
    const t = timelineFrom(copy, scenario, 7);
    expect(t.version).toBe(7);
    expect(t.spans).toEqual(run.timeline.spans);
    expect(t.markers).toEqual(run.timeline.markers);
    expect(t.strandedCpuTicks()).toBe(run.stranded);
  });

  it('states the star thresholds the engine\'s stars follow', () => {
    const runs = previewBots(scenario).map((b) => runBot(scenario, b));
    const baselines = baselinesOf(scenario, runs)!;
    expect(baselines).toEqual(baselineScores(scenario));
    expect(baselinesOf(scenario, runs.slice(1))).toBeNull();
    const line = starLine(scenario, baselines, null);
    const m = { missed: 0, strandedCpuTicks: 0 };
    expect(starsFor(scenario, { ...m, score: line.one }, baselines, null)).toBe(0);
    expect(starsFor(scenario, { ...m, score: line.one + 1 }, baselines, null)).toBeGreaterThanOrEqual(1);
    expect(starsFor(scenario, { ...m, score: line.two }, baselines, null)).toBeLessThanOrEqual(1);
    expect(starsFor(scenario, { ...m, score: Math.max(line.one, line.two) + 1 }, baselines, null)).toBe(3);
    const withPar = starLine(scenario, baselines, line.two + 100);
    expect(withPar.three).toEqual({ score: line.two + 100 - Math.floor((scenario.goals?.parShare ?? 0.1) * 100 + 1e-9) });
  });

  it('finds a quick par no bot beats (the engine\'s own search, small budget)', () => {
    const par = quickPar(scenario);
    const best = Math.max(...previewBots(scenario).map((b) => runBot(scenario, b).score));
    expect(par.score).toBeGreaterThanOrEqual(best);
  });

  it('previews a blank draft', () => {
    const r = parseScenario(formToJson(blankForm()));
    if (!r.ok) throw new Error('blank draft invalid');
    expect(runBot(r.value, 'sticky').timeline.spans).toHaveLength(2);
  });
});

describe('lesson Markdown (a safe subset, as data)', () => {
  it('reads headings, paragraphs, lists and inline marks', () => {
    expect(parseLesson('# Pinned\n\nA task in **migrate_disable()**\nwaits.\n\n- one\n- `two`\n\n1. first\n2) second')).toEqual([
      { kind: 'heading', level: 1, content: [{ kind: 'text', text: 'Pinned' }] },
      { kind: 'paragraph', content: [{ kind: 'text', text: 'A task in ' }, { kind: 'strong', text: 'migrate_disable()' }, { kind: 'text', text: ' waits.' }] },
      { kind: 'list', ordered: false, items: [[{ kind: 'text', text: 'one' }], [{ kind: 'code', text: 'two' }]] },
      { kind: 'list', ordered: true, items: [[{ kind: 'text', text: 'first' }], [{ kind: 'text', text: 'second' }]] },
    ]);
  });

  it('keeps markup as text: nothing becomes HTML', () => {
    expect(parseInline('<script>alert(1)</script> *x*')).toEqual([{ kind: 'text', text: '<script>alert(1)</script> ' }, { kind: 'em', text: 'x' }]);
    expect(parseLesson('[a](javascript:alert(1))')).toEqual([{ kind: 'paragraph', content: [{ kind: 'text', text: '[a](javascript:alert(1))' }] }]);
  });

  it('emphasises with _ only between word boundaries: identifiers keep their underscores', () => {
    expect(parseInline('kmap_local, spinlock_t and migrate_disable()')).toEqual([{ kind: 'text', text: 'kmap_local, spinlock_t and migrate_disable()' }]);
    expect(parseInline('on the _same_ CPU')).toEqual([{ kind: 'text', text: 'on the ' }, { kind: 'em', text: 'same' }, { kind: 'text', text: ' CPU' }]);
  });

  it('renders every built-in lesson (the game now shows lessons through it) as one paragraph that keeps every word', () => {
    for (const level of BUILTIN_SCENARIOS) {
      if (!level.lesson) continue;
      const blocks = parseLesson(level.lesson);
      expect(blocks, level.slug).toHaveLength(1);
      const b = blocks[0];
      if (b.kind !== 'paragraph') throw new Error(`${level.slug}: not a paragraph`);
      // Only the email's quoted _same_ is marked up; every other character is text as written.
      expect(b.content.map((p) => (p.kind === 'em' ? `_${p.text}_` : p.text)).join(''), level.slug).toBe(level.lesson.trim());
    }
  });
});
