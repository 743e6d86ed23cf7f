import { describe, expect, it } from 'vitest';
import { rankRows, roomTotals, type Rankable, type RoundEntry } from '../../../server/protocol';

const row = (nick: string, score: number, missed = 0, stranded = 0, unranked = false): Rankable => ({ id: `id-${nick}`, nick, score, missed, stranded, unranked });

/** Every ordering of `xs` (small arrays only). */
function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('the ranking rule of rooms', () => {
  it('is standard competition ranking: equal results share a rank and the next rank skips (1, 1, 1, 4)', () => {
    const ranked = rankRows([row('Dan', 10), row('Ann', 50), row('Cy', 50), row('Bea', 50)]);
    expect(ranked.map((r) => [r.nick, r.rank])).toEqual([['Ann', 1], ['Bea', 1], ['Cy', 1], ['Dan', 4]]);
  });

  it('breaks score ties by fewer missed deadlines, then fewer stranded CPU-ticks, and by nothing else', () => {
    const ranked = rankRows([
      row('Ann', 100, 1, 0), // one more miss than Bea: behind her
      row('Bea', 100, 0, 5), // more stranding than Cid: behind him
      row('Cid', 100, 0, 2),
      row('Dan', 100, 0, 2), // equal to Cid on all three: same rank
      row('Eve', 150, 3, 9), // the best score first, whatever the rest
      row('Fay', -20, 0, 0),
    ]);
    expect(ranked.map((r) => [r.nick, r.rank])).toEqual([['Eve', 1], ['Cid', 2], ['Dan', 2], ['Bea', 4], ['Ann', 5], ['Fay', 6]]);
  });

  it('never depends on arrival order: every permutation of the input ranks and lists the same way', () => {
    const rows = [row('zed', 5), row('Amy', 5), row('bob', 5), row('Bob', 5), row('Cat', 9), row('Removed', 99, 0, 0, true)];
    const expected = rankRows(rows);
    // Inside a tie, the listing is by nickname, case-insensitively (then exactly: "Bob" before "bob").
    expect(expected.map((r) => [r.nick, r.rank])).toEqual([['Cat', 1], ['Amy', 2], ['Bob', 2], ['bob', 2], ['zed', 2], ['Removed', null]]);
    for (const p of permutations(rows)) expect(rankRows(p)).toEqual(expected);
  });

  it('lists the rows that do not compete after the ranked ones, without a rank, and they push nobody down', () => {
    const ranked = rankRows([row('Kicked', 500, 0, 0, true), row('Ann', 20), row('Bob', 10)]);
    expect(ranked.map((r) => [r.nick, r.rank])).toEqual([['Ann', 1], ['Bob', 2], ['Kicked', null]]);
  });

  it('totals over rounds: sums per player, ranked by the same rule; a removal anywhere removes from the totals', () => {
    const e = (id: string, score: number, over: Partial<RoundEntry> = {}): RoundEntry => ({ id, nick: id.toUpperCase(), score, met: 1, missed: 0, stranded: 0, removed: false, ...over });
    const totals = roomTotals([
      [e('a', 100), e('b', 50), e('c', 150), e('k', 500)],
      [e('a', 50), e('b', 100, { nick: 'B2' }), e('k', 0, { removed: true }), e('n', 10)],
      [e('u', 900, { excluded: true })],
    ]);
    expect(totals.map((t) => [t.id, t.nick, t.score, t.played, t.rank, t.removed])).toEqual([
      ['a', 'A', 150, 2, 1, false],
      ['b', 'B2', 150, 2, 1, false], // ties with a: same rank; the latest nickname is shown
      ['c', 'C', 150, 1, 1, false], // one round only, same total: a tie too
      ['n', 'N', 10, 1, 4, false],
      ['k', 'K', 500, 2, null, true], // removed in round 2: listed, unranked
      ['u', 'U', 0, 0, null, false], // nothing that counts: unranked
    ]);
  });
});
