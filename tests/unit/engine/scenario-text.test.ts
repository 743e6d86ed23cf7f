/**
 * Scenario validation reports every error at once, each with its line and column
 * (issue 13: the editor shows each error next to its field; the runner names places).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonText, parseScenario, parseScenarioText, positionAt } from '../../../server/engine';

const task = (over: Record<string, unknown> = {}) => ({ id: 'A', priority: 10, cpu: 0, release: { at: [0] }, deadline: 10, body: [{ run: 2 }], ...over });
const scenario = (over: Record<string, unknown> = {}) => ({ format: 1, slug: 'ok', title: 'T', cpus: 2, duration: 50, tasks: [task()], ...over });

describe('parseScenario reports every error at once', () => {
  it('runs the cross-field checks even when another field fails the schema', () => {
    const r = parseScenario(scenario({
      slug: 'Not A Slug',
      tasks: [task({ cpu: 3 }), task({ affinity: [1] }), task({ priority: undefined })],
    }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.errors.map((e) => e.path);
    expect(paths).toContain('slug');
    expect(paths).toContain('tasks[0].cpu');
    expect(paths).toContain('tasks[1].id');
    expect(paths).toContain('tasks[1].affinity');
    expect(paths).toContain('tasks[2].priority');
    expect(r.errors.find((e) => e.path === 'tasks[1].id')?.message).toMatch(/duplicate task id "A" \(also tasks\[0\]\)/);
  });

  it('does not judge a field twice: a CPU the schema refused gets no cross-field message', () => {
    const r = parseScenario(scenario({ tasks: [task({ cpu: -1 })] }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.filter((e) => e.path === 'tasks[0].cpu')).toHaveLength(1);
  });

  it('still checks the size budget when a title is missing', () => {
    const r = parseScenario(scenario({ title: undefined, cpus: 64, duration: 100_000, tasks: Array.from({ length: 64 }, (_, i) => task({ id: `T${i}` })) }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['title', 'duration']));
    expect(r.errors.find((e) => e.path === 'duration')?.message).toMatch(/MAX_SCENARIO_COST/);
  });

  it('accepts a valid file exactly as before', () => {
    const r = parseScenario(scenario());
    expect(r.ok).toBe(true);
  });
});

describe('scenario text: places', () => {
  it('counts lines and columns from 1', () => {
    expect(positionAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });

  it('gives broken JSON its line and column, every mistake, once each', () => {
    const r = parseJsonText('{\n  "a": 1\n  "b": [1, 2,]\n}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ path: '(json)', line: 3, column: 3 });
    expect(r.errors[0]!.message).toMatch(/"," was expected/);
    expect(r.errors.some((e) => e.line === 3 && e.column === 14)).toBe(true);
    expect(new Set(r.errors.map((e) => `${e.line}:${e.column}`)).size).toBe(r.errors.length);
  });

  it('refuses empty text and comments', () => {
    for (const text of ['', '   ', '{ // no\n}']) {
      const r = parseJsonText(text);
      expect(r.ok, text).toBe(false);
    }
  });

  it('puts each validation error at the value it names, a missing field at its object', () => {
    const text = JSON.stringify(scenario({ slug: 'Bad', tasks: [task({ cpu: 5 }), { id: 'B', deadline: 5, body: [{ run: 1 }] }] }), null, 2);
    const r = parseScenarioText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = text.split('\n');
    const at = (path: string) => r.errors.find((e) => e.path === path)!;
    const slug = at('slug');
    expect(lines[slug.line! - 1]!.slice(slug.column! - 1)).toMatch(/^"Bad"/);
    const cpu = at('tasks[0].cpu');
    expect(lines[cpu.line! - 1]!.slice(cpu.column! - 1)).toMatch(/^5/);
    // tasks[1] has no release: the error points at the task's object.
    const release = at('tasks[1].release');
    expect(lines[release.line! - 1]!.slice(release.column! - 1)).toMatch(/^\{/);
  });

  it('parses a valid file to the same scenario as parseScenario', () => {
    const input = scenario();
    const a = parseScenarioText(JSON.stringify(input));
    const b = parseScenario(input);
    expect(a).toEqual(b);
  });
});
