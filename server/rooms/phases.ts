/**
 * Clock phases for rooms, as fractions of one tick period in [0, 1). Independent
 * uniform draws clump: with 50 rooms in a 100 ms period some milliseconds see three
 * or four rooms send all their frames at once while others see none, and the
 * frames of the clump wait for each other (the tail of the latency). Successive
 * multiples of the golden ratio (mod 1), from a random start, keep the first n phases
 * drawn, for every n, with each gap between neighbours within 0.4 to 2 times an even
 * share (1/n): the three-gap theorem bounds the largest gap to the smallest by about 2.6.
 */
const GOLDEN = (Math.sqrt(5) - 1) / 2;

export function evenPhases(start: number = Math.random()): () => number {
  let x = start;
  return () => {
    x = (x + GOLDEN) % 1;
    return x;
  };
}
