import { z } from 'zod';
import { BOT_NAMES } from '../../server/engine';
import { DEFAULT_POLICY_BOTS } from '../../server/protocol';
import { readStored, writeStored } from '../lib/storage';

/** The editor's draft, kept in this browser across reloads (localStorage). */
export const draftSchema = z.object({
  source: z.string().max(256 * 1024),
  filename: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  scenarioMode: z.enum(['level', 'paste']),
  slug: z.string().max(80),
  pasted: z.string().max(1024 * 1024),
  bots: z.array(z.enum(BOT_NAMES)),
  par: z.boolean(),
  /** Digits, or empty for the scenario's own seed. */
  seed: z.string().regex(/^\d{0,10}$/).default(''),
});
export type Draft = z.infer<typeof draftSchema>;

const KEY = 'mdb.policy-draft.v1';

/** What a new draft starts from: a policy that does what sticky does, with the interface's shape spelled out. */
export const STARTER = `/**
 * Your balancer, run by the server in its sandbox. Export balance(view, state) and/or
 * selectCpu(view, task, state); optionally name, summary, init(view) and
 * migrateEnable(view, task, endsJob, state). The interface is shown beside the editor.
 * Anything you want to remember between calls goes in \`state\` (plain JSON).
 */
import type { Decision, Placement, PolicyView } from '../../server/engine';

export const name = 'my-policy';

/** Where a waking task goes: here, the CPU it last ran on. */
export function selectCpu(view: PolicyView, task: number): Placement {
  return { cpu: view.tasks[task].cpu, rule: 'policy' };
}

/** Moves once per tick, after the wakeups: here, none. */
export function balance(view: PolicyView): Decision[] {
  return [];
}
`;

export function newDraft(): Draft {
  return { source: STARTER, filename: 'my-policy.ts', scenarioMode: 'level', slug: 'pile-up', pasted: '', bots: [...DEFAULT_POLICY_BOTS], par: true, seed: '' };
}

export function readDraft(): Draft | null {
  return readStored(KEY, draftSchema);
}

export function writeDraft(d: Draft): void {
  writeStored(KEY, d);
}
