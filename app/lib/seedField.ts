/**
 * A host's seed field (the room creation form and the "another round" form): empty for
 * the scenario's own seed, else a 32-bit whole number.
 */
export function parseSeedField(text: string): { ok: true; seed: number | undefined } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, seed: undefined };
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) return { ok: false, message: 'The seed is a whole number from 0 to 4294967295, or empty for the scenario’s own.' };
  return { ok: true, seed: n };
}
