import { z } from 'zod';
import { readStored, writeStored } from './storage';
import type { EditorForm } from './editorForm';

/** The editor's draft in localStorage, checked on the way back (an old version or another tab may have written anything). */
export const DRAFT_KEY = 'pileup.editor.draft.v1';

const text = z.string().max(20_000);
const draftSchema: z.ZodType<EditorForm> = z.object({
  slug: text, title: text, summary: text, lesson: text, cpus: text, duration: text,
  class: z.enum(['fifo', 'edf']),
  mdMode: z.enum(['migrate_disable', 'preempt_disable']),
  migrationCost: text, balancer: text, seed: text, stopperDelay: text,
  goals: z.object({ parShare: text, maxMissed: text, maxStranded: text, text }),
  tasks: z.array(z.object({
    id: text, priority: text, cpu: text,
    affinity: z.array(z.number().int().min(0)).nullable(),
    release: z.object({ kind: z.enum(['at', 'periodic', 'sporadic']), at: text, period: text, minGap: text, maxGap: text, offset: text }),
    deadline: text,
    body: z.array(z.object({ md: z.boolean(), length: text })).max(200),
    note: text,
  })).max(1000),
});

export function readDraft(): EditorForm | null {
  return readStored(DRAFT_KEY, draftSchema);
}

export function writeDraft(form: EditorForm): void {
  writeStored(DRAFT_KEY, form);
}
