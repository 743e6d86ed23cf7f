import { asKernelState, KERNEL_LEGACY_KEYS } from './bots/kernel-state';
import { walkJson } from './policy/json';
import type { Json } from './policy/types';
import type { GameState } from './types';

/**
 * State hash: two independent 32-bit FNV-1a lanes over a canonical walk of the
 * physics state (not the scenario text, not the events, not derived caches), printed
 * as 16 hex digits. Same scenario + seed + action log => same hash on every machine.
 *
 * The balancing policy's private state is hashed too. The kernel models keep theirs
 * (bots/kernel-state.ts) where these fields sat before policies were objects: MDF_PUSH
 * per task, push_busy per CPU, then the stopper queue and the spread cursor, so every
 * hash recorded before is still the same. Any other part of a policy's state is walked
 * canonically (policy/json.ts) after the metrics; an empty list hashes as if absent.
 */
class Hasher {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x5bd1e995;

  num(n: number): void {
    // Every value in the state is a safe integer: low word, then the high word when it matters.
    const hi = Math.floor(n / 4294967296) | 0;
    this.word(n | 0);
    if (hi !== 0 && hi !== -1) this.word(hi);
  }

  bool(x: boolean): void {
    this.word(x ? 1 : 0);
  }

  str(x: string): void {
    this.word(x.length);
    for (let i = 0; i < x.length; i++) this.word(x.charCodeAt(i));
  }

  word(w: number): void {
    for (let k = 0; k < 4; k++) {
      const byte = (w >>> (k * 8)) & 0xff;
      this.a = Math.imul(this.a ^ byte, 0x01000193);
      this.b = Math.imul(this.b ^ byte, 0x01000193) ^ (this.b >>> 15);
    }
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}

export function hashState(s: GameState): string {
  const h = new Hasher();
  const k = asKernelState(s.policy, s.cpus.length, s.tasks.length);
  h.num(s.v);
  h.str(s.scenario.slug);
  h.num(s.seed);
  h.str(s.cfg.bot);
  // Only when there is one, so every built-in bot's hashes stay as they were.
  if (s.userPolicy) h.str(`policy:${s.userPolicy.name}`);
  h.num(s.tick);
  for (const w of s.rng) h.num(w);
  h.num(s.seq);
  h.num(s.jobSeq);
  for (let i = 0; i < s.tasks.length; i++) {
    const t = s.tasks[i];
    h.num(t.cpu);
    h.bool(t.runnable);
    h.num(t.seq);
    h.num(t.key);
    h.num(t.nextRelease);
    h.num(t.costLeft);
    h.bool(k !== null && k.mdfPush[i]);
    h.bool(t.mdSwitchedOut);
    h.num(t.missedPrefix);
    h.num(t.jobs.length);
    for (const j of t.jobs) {
      h.num(j.id);
      h.num(j.release);
      h.num(j.deadline);
      h.num(j.seg);
      h.num(j.done);
      h.bool(j.missed);
      for (const l of j.lens) h.num(l);
    }
  }
  for (let c = 0; c < s.cpus.length; c++) {
    h.num(s.cpus[c].running);
    h.num(s.cpus[c].queue.length);
    h.bool(k !== null && k.pushBusy[c]);
  }
  for (const w of k?.stoppers ?? []) {
    h.num(w.cpu);
    h.num(w.task);
    h.num(w.due);
  }
  h.num(k?.distribute ?? -1);
  const m = s.metrics;
  for (const v of [m.jobs, m.met, m.missed, m.completed, m.tardiness, m.responseSum, m.strandedCpuTicks, m.wastedCpuTicks, m.idleCpuTicks, m.inversionTicks, m.migrations, m.preemptions, m.contextSwitches, m.refusedActions]) h.num(v);
  hashPolicyRest(h, s, k !== null);
  return h.hex();
}

/** The policy state beyond the kernel's legacy fields, canonically, after everything else. */
function hashPolicyRest(h: Hasher, s: GameState, kernel: boolean): void {
  const p = s.policy;
  const word = (w: number) => h.word(w);
  const str = (x: string) => h.str(x);
  const num = (n: number) => h.num(n);
  if (!kernel) {
    if (p !== null) walkJson(p, word, str, num);
    return;
  }
  const rest = p as Record<string, Json>;
  for (const key of Object.keys(rest).sort()) {
    const v = rest[key];
    if (KERNEL_LEGACY_KEYS.includes(key) || (Array.isArray(v) && v.length === 0)) continue;
    h.str(key);
    walkJson(v, word, str, num);
  }
}
