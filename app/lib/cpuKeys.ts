/**
 * The CPU typed so far: digits gather while they can still grow into a CPU number of
 * this machine ("1" on 16 CPUs may become 10 to 15), and are complete as soon as they
 * cannot (any digit on up to 10 CPUs, "2" on 16, "12"). `cpu` is what they name now.
 */
export function typedCpu(digits: string, cpus: number): { cpu: number | null; complete: boolean } {
  const n = Number(digits);
  if (!/^[0-9]{1,2}$/.test(digits) || n >= cpus) return { cpu: null, complete: true };
  return { cpu: n, complete: n === 0 || n * 10 >= cpus || digits.length === 2 };
}
