import type { z } from 'zod';

/**
 * localStorage with a schema: what comes back is checked (another tab, an old
 * version or a curious user may have written anything), and storage being
 * unavailable (private mode, quota, server rendering) is never an error.
 */
export function readStored<T>(key: string, schema: z.ZodType<T>): T | null {
  try {
    if (typeof window === 'undefined') return null;
    const raw = window.localStorage.getItem(key);
    if (raw === null) return null;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    if (typeof window !== 'undefined') window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: progress then lives for this page only.
  }
}
