/**
 * Seeded PRNG whose whole state is four uint32 words kept inside the game state,
 * so a replay is the same fold over the same log (no hidden generator anywhere).
 *
 * Algorithm: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded
 * through splitmix32 so that nearby integer seeds give unrelated streams.
 * The exact outputs are pinned by tests/unit/engine/prng.test.ts: changing this file
 * changes every replay and every recorded score.
 */

/** The PRNG state: four uint32 words. Mutated in place by the draw functions. */
export type RngState = [number, number, number, number];

function splitmix32(x: number): [number, number] {
  const next = (x + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

export function seedRng(seed: number): RngState {
  let s = seed | 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(s);
    s = next;
    words.push(out);
  }
  const rng = words as RngState;
  // Warm up so the first outputs do not echo the seed mixing.
  for (let i = 0; i < 12; i++) nextU32(rng);
  return rng;
}

/** Next uint32; advances the state in place. */
export function nextU32(r: RngState): number {
  const a = r[0], b = r[1], c = r[2];
  const d = (r[3] + 1) | 0;
  const t = (((a + b) | 0) + d) | 0;
  r[0] = b ^ (b >>> 9);
  r[1] = (c + (c << 3)) | 0;
  r[2] = (((c << 21) | (c >>> 11)) + t) | 0;
  r[3] = d;
  return t >>> 0;
}

/** Uniform integer in [min, max], both inclusive. Exactly one draw when min < max, none otherwise. */
export function intInRange(r: RngState, min: number, max: number): number {
  if (max <= min) return min;
  const span = max - min + 1;
  // Multiply-shift keeps it to one draw; the bias (< span / 2^32) is irrelevant for tick counts.
  return min + Math.floor((nextU32(r) / 4294967296) * span);
}

export function cloneRng(r: RngState): RngState {
  return [r[0], r[1], r[2], r[3]];
}
