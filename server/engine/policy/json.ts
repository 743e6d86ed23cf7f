import type { Json } from './types';

/** A deep copy of a policy's private state (cloneState, checkpoints). */
export function cloneJson<T extends Json>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<Json>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = cloneJson(v[i]);
    return out as T;
  }
  const out: { [key: string]: Json } = {};
  for (const k of Object.keys(v)) out[k] = cloneJson(v[k]);
  return out as T;
}

/** Is this plain JSON (no functions, undefined, non-finite numbers, cycles or class instances)? */
export function isJson(v: unknown, depth = 0): v is Json {
  if (depth > 64) return false;
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isJson(x, depth + 1));
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(v).every((x) => isJson(x, depth + 1));
  }
  return false;
}

/**
 * Feeds a JSON value to a hash as words, canonically: a type tag first, object keys
 * sorted, so equal values hash equal whatever their key order.
 */
export function walkJson(v: Json, word: (w: number) => void, str: (s: string) => void, num: (n: number) => void): void {
  if (v === null) word(0);
  else if (typeof v === 'boolean') word(v ? 2 : 1);
  else if (typeof v === 'number') {
    // The hash takes safe integers as words; any other number by its (spec-exact) shortest text.
    if (Number.isSafeInteger(v)) {
      word(3);
      num(v);
    } else {
      word(7);
      str(String(v));
    }
  } else if (typeof v === 'string') {
    word(4);
    str(v);
  } else if (Array.isArray(v)) {
    word(5);
    word(v.length);
    for (const x of v) walkJson(x, word, str, num);
  } else {
    const keys = Object.keys(v).sort();
    word(6);
    word(keys.length);
    for (const k of keys) {
      str(k);
      walkJson(v[k], word, str, num);
    }
  }
}
