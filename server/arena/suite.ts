/**
 * The arena's hidden suite (README "Arena"): generated task sets whose parameters are
 * published and whose seeds are not. Each set's seed is derived from a server secret and
 * the suite's version (HMAC-SHA256), so nobody can tune a policy to the exact sets, yet the
 * same server always evaluates every entry, built-in bots included, on the same sets.
 */
import { createHmac } from 'node:crypto';
import type { LabSet } from '../engine/experiment';

/** What is published of a suite version: everything but the seeds. */
export interface SuiteParams {
  version: number;
  cpus: number;
  tasks: number;
  /** Machine utilisations swept (fractions). */
  utilisation: readonly number[];
  /** Shares of jobs with a migrate_disable() section swept. */
  mdShares: readonly number[];
  /** Sets per (utilisation, share) cell. */
  setsPerCell: number;
  /** Ticks per run. */
  duration: number;
}

/**
 * Version 1. A new version (new parameters, or new seeds) is a new board: entries are stored
 * per suite version and the bots are evaluated again on it.
 */
export const SUITE_V1: Readonly<SuiteParams> = Object.freeze({
  version: 1,
  cpus: 4,
  tasks: 12,
  utilisation: [0.8, 0.95],
  mdShares: [0.25, 0.75],
  setsPerCell: 3,
  duration: 2000,
});

/**
 * The suite a server evaluates on: the published one, unless ARENA_SUITE_SETS (sets per cell)
 * or ARENA_SUITE_DURATION (ticks) make it smaller (tests and demos: README "Arena"). A
 * changed size is a different suite (its key says so), never mixed with the published one.
 */
export function suiteFromEnv(env: Record<string, string | undefined> = process.env): SuiteParams {
  const int = (v: string | undefined, name: string, hi: number): number | undefined => {
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > hi) throw new Error(`${name} must be a whole number from 1 to ${hi} (got "${v}")`);
    return n;
  };
  const sets = int(env.ARENA_SUITE_SETS, 'ARENA_SUITE_SETS', SUITE_V1.setsPerCell);
  const duration = int(env.ARENA_SUITE_DURATION, 'ARENA_SUITE_DURATION', SUITE_V1.duration);
  return { ...SUITE_V1, ...(sets ? { setsPerCell: sets } : {}), ...(duration ? { duration } : {}) };
}

/** The key entries are stored under: "1" for the published v1, longer for a resized one. */
export function suiteKey(p: SuiteParams): string {
  const base = SUITE_V1;
  const resized = p.setsPerCell !== base.setsPerCell || p.duration !== base.duration;
  return resized ? `${p.version}~sets${p.setsPerCell}~d${p.duration}` : String(p.version);
}

export function setCount(p: SuiteParams): number {
  return p.utilisation.length * p.mdShares.length * p.setsPerCell;
}

/** The seed of set `index`: HMAC-SHA256(secret, "arena:v<version>:<index>"), first 32 bits. */
export function setSeed(secret: string, version: number, index: number): number {
  return createHmac('sha256', secret).update(`arena:v${version}:${index}`).digest().readUInt32BE(0);
}

/** One set of the suite: its index (what the pages show) and the generator's parameters (never sent: they hold the seed). */
export interface SuiteSet {
  index: number;
  utilisation: number;
  mdShare: number;
  set: LabSet;
}

/** Every set, in order: utilisation, then share, then the cell's sets. */
export function suiteSets(p: SuiteParams, secret: string): SuiteSet[] {
  const out: SuiteSet[] = [];
  for (const utilisation of p.utilisation) {
    for (const mdShare of p.mdShares) {
      for (let k = 0; k < p.setsPerCell; k++) {
        const index = out.length;
        out.push({
          index, utilisation, mdShare,
          set: {
            cpus: p.cpus, tasks: p.tasks, utilisation, mdShare, duration: p.duration, setSeed: setSeed(secret, p.version, index),
            class: 'fifo', mdMode: 'migrate_disable', migrationCost: 0, affinityShare: 0, sporadicShare: 0.25,
          },
        });
      }
    }
  }
  return out;
}
