import { describe, expect, it } from 'vitest';
import { asCpuId, asTaskIndex, asTick, isPinned, NONE, type CpuId, type GameState, type Tick } from '../../../server/engine';

// The type check (`tsc --noEmit`, part of npm test) is the real test here: each line
// marked to expect an error must be one, so if a brand became optional again (or two
// brands interchangeable) the marker would be unused and the type check would fail.
const needsCpu = (c: CpuId): number => c;
const needsTick = (t: Tick): number => t;

/** Never called: only type-checked against the engine's own signatures. */
export function misuses(s: GameState): boolean[] {
  return [
    // @ts-expect-error a plain number is not a task index
    isPinned(s, 0),
    isPinned(s, asTaskIndex(0)),
  ];
}

describe('branded units and ids', () => {
  it('a plain number or another unit is not a CpuId or a Tick; the constructors and NONE are', () => {
    // @ts-expect-error a plain number is not a CPU
    needsCpu(1);
    // @ts-expect-error a tick is not a CPU
    needsCpu(asTick(1));
    // @ts-expect-error a plain number is not a tick
    needsTick(5);
    // @ts-expect-error arithmetic on a tick gives a plain number back
    needsTick(asTick(5) + 1);
    // The brands cost nothing at run time: the values stay plain numbers.
    expect([needsCpu(asCpuId(1)), needsTick(asTick(5)), needsCpu(NONE), needsTick(NONE)]).toEqual([1, 5, -1, -1]);
  });
});
