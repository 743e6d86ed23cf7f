import { describe, expect, it } from 'vitest';
import { typedCpu } from '../../../app/lib/cpuKeys';

describe('typedCpu: the CPU named by the digits typed so far', () => {
  it('is complete at the first digit on machines of up to 10 CPUs', () => {
    expect(typedCpu('1', 4)).toEqual({ cpu: 1, complete: true });
    expect(typedCpu('9', 10)).toEqual({ cpu: 9, complete: true });
    expect(typedCpu('0', 2)).toEqual({ cpu: 0, complete: true });
  });

  it('waits for a second digit while one could still follow (CPU 10 to 15 on 16 CPUs)', () => {
    expect(typedCpu('1', 16)).toEqual({ cpu: 1, complete: false });
    expect(typedCpu('12', 16)).toEqual({ cpu: 12, complete: true });
    expect(typedCpu('15', 16)).toEqual({ cpu: 15, complete: true });
    // No CPU 20 on 16: "2" is CPU 2 at once; "0" never starts a two-digit number.
    expect(typedCpu('2', 16)).toEqual({ cpu: 2, complete: true });
    expect(typedCpu('0', 16)).toEqual({ cpu: 0, complete: true });
  });

  it('names no CPU beyond the machine', () => {
    expect(typedCpu('17', 16)).toEqual({ cpu: null, complete: true });
    expect(typedCpu('3', 2)).toEqual({ cpu: null, complete: true });
    expect(typedCpu('64', 64)).toEqual({ cpu: null, complete: true });
  });

  it('reaches every CPU of a 64-CPU machine', () => {
    const reached = new Set<number>();
    for (let a = 0; a <= 9; a++) {
      const one = typedCpu(String(a), 64);
      if (one.cpu !== null && one.complete) reached.add(one.cpu);
      if (one.cpu !== null && !one.complete) {
        reached.add(one.cpu); // alone, by Enter or the pause
        for (let b = 0; b <= 9; b++) {
          const two = typedCpu(`${a}${b}`, 64);
          if (two.cpu !== null) reached.add(two.cpu);
        }
      }
    }
    expect([...reached].sort((x, y) => x - y)).toEqual(Array.from({ length: 64 }, (_, i) => i));
  });
});
