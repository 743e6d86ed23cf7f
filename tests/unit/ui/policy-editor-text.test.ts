/**
 * The policy editor's texts (app/policies/generated.ts) are the sources themselves: the
 * interface it shows beside the editor is server/engine/policy/types.ts as it is now,
 * and every example it offers is a file of examples/policies/ that loads in the sandbox
 * and runs a level to its end without a fault.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { POLICY_EXAMPLES, POLICY_TYPES_SOURCE } from '../../../app/policies/generated';
import { loadScenario, simulate } from '../../../server/engine';
import { builtinBySlug } from '../../../server/engine/levels';
import { loadPolicy } from '../../../server/sandbox';
import { policyEditorText, GENERATED } from '../../../scripts/policy-editor-text';

describe('policy editor texts', () => {
  it('generated.ts is up to date (else: npx tsx scripts/policy-editor-text.ts)', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(policyEditorText());
  });

  it('shows the interface source itself, Policy and PolicyView included', () => {
    expect(POLICY_TYPES_SOURCE).toBe(readFileSync('server/engine/policy/types.ts', 'utf8'));
    expect(POLICY_TYPES_SOURCE).toMatch(/export interface Policy</);
    expect(POLICY_TYPES_SOURCE).toMatch(/export interface PolicyView/);
  });

  it.each(POLICY_EXAMPLES.map((e) => [e.file, e.source] as const))('example %s loads and runs pile-up to its end without a fault', async (file, source) => {
    const factory = await loadPolicy(source, file);
    expect(factory.name).toBe(file.replace(/\.ts$/, ''));
    const policy = factory.create();
    try {
      const scenario = loadScenario(builtinBySlug('pile-up')!);
      const { result } = simulate(scenario, { policy });
      expect([policy.fault, result.ticks]).toEqual([null, scenario.duration]);
    } finally {
      policy.dispose();
    }
  }, 60_000);
});
