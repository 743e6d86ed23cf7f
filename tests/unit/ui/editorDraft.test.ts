import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRAFT_KEY, readDraft, writeDraft } from '../../../app/lib/editorDraft';
import { blankForm } from '../../../app/lib/editorForm';

/** A browser's localStorage, enough for storage.ts (the unit tests run in Node). */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(k: string): string | null { return this.items.get(k) ?? null; }
  setItem(k: string, v: string): void { this.items.set(k, v); }
}

describe('the editor draft in localStorage', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
    (globalThis as { window?: unknown }).window = { localStorage: storage };
  });
  afterEach(() => { delete (globalThis as { window?: unknown }).window; });

  it('comes back as it was written, mistakes included', () => {
    const form = blankForm();
    form.tasks[1].cpu = '3';
    form.tasks[0].affinity = [0];
    form.tasks[0].body.push({ md: true, length: '2-4' });
    writeDraft(form);
    expect(readDraft()).toEqual(form);
  });

  it('is refused when another version or tab wrote something else', () => {
    expect(readDraft()).toBeNull();
    storage.setItem(DRAFT_KEY, '{"slug": 1}');
    expect(readDraft()).toBeNull();
    storage.setItem(DRAFT_KEY, 'not json');
    expect(readDraft()).toBeNull();
  });
});
