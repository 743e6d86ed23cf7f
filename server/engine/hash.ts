import type { GameState } from './types';

/**
 * State hash: two independent 32-bit FNV-1a lanes over a canonical walk of the
 * physics state (not the scenario text, not the events, not derived caches), printed
 * as 16 hex digits. Same scenario + seed + action log => same hash on every machine.
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

  private word(w: number): void {
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
  h.num(s.v);
  h.str(s.scenario.slug);
  h.num(s.seed);
  h.str(s.cfg.bot);
  h.num(s.tick);
  for (const w of s.rng) h.num(w);
  h.num(s.seq);
  h.num(s.jobSeq);
  for (const t of s.tasks) {
    h.num(t.cpu);
    h.bool(t.runnable);
    h.num(t.seq);
    h.num(t.key);
    h.num(t.nextRelease);
    h.num(t.costLeft);
    h.bool(t.mdfPush);
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
  for (const c of s.cpus) {
    h.num(c.running);
    h.num(c.queue.length);
    h.bool(c.pushBusy);
  }
  for (const w of s.bot.stoppers) {
    h.num(w.cpu);
    h.num(w.task);
    h.num(w.due);
  }
  h.num(s.bot.distribute);
  const m = s.metrics;
  for (const v of [m.jobs, m.met, m.missed, m.completed, m.tardiness, m.responseSum, m.strandedCpuTicks, m.wastedCpuTicks, m.idleCpuTicks, m.inversionTicks, m.migrations, m.preemptions, m.contextSwitches, m.refusedActions]) h.num(v);
  return h.hex();
}
