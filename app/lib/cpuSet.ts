/**
 * CPU sets as people write them (the kernel's cpulist format, as in `taskset -c`):
 * "0-3,6" is CPUs 0, 1, 2, 3 and 6. Empty text means every CPU.
 */
export type CpuSetParse = { ok: true; cpus: number[] | null } | { ok: false; message: string };

export function parseCpuSet(text: string, cpus: number): CpuSetParse {
  const t = text.trim();
  if (t === '') return { ok: true, cpus: null };
  const out = new Set<number>();
  for (const part of t.split(',')) {
    const m = /^\s*(\d{1,2})\s*(?:-\s*(\d{1,2})\s*)?$/.exec(part);
    if (!m) return { ok: false, message: `“${part.trim()}” is not a CPU or a range like 0-3` };
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) return { ok: false, message: `${a}-${b}: a range goes up` };
    if (b >= cpus) return { ok: false, message: `CPU ${b} does not exist (CPUs 0 to ${cpus - 1})` };
    for (let c = a; c <= b; c++) out.add(c);
  }
  return { ok: true, cpus: [...out].sort((x, y) => x - y) };
}

/** The shortest cpulist for a set: [0,1,2,3,6] is "0-3,6". */
export function formatCpuSet(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(',');
}
