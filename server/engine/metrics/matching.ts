/**
 * Priority-first maximum bipartite matching of candidates (tasks) to CPUs.
 *
 * Candidates are offered best first. Each is matched if an augmenting path (Kuhn's
 * algorithm) reaches a free CPU: the path may move earlier candidates to other CPUs
 * they are allowed on, but never unmatches one. The sets of candidates that can be
 * matched together form a matroid (a transversal matroid), so this greedy gives a
 * maximum matching whose matched set is the best one in the offered order: for every
 * k, its k-th best matched candidate is at least as good as the k-th best of any other
 * matching. The matched set depends only on the order, not on CPU numbers.
 *
 * Allocation-free: the buffers are module scratch, grown on demand. Not re-entrant
 * (nothing here calls back into the engine).
 */

export interface MatchProblem {
  /** Number of CPUs (ids 0..cpus-1). */
  cpus: number;
  /** Number of candidates, offered in index order 0..n-1 (best first). */
  n: number;
  /** The CPUs candidate i may take. */
  allowed(i: number): ArrayLike<number>;
  /** CPUs that can be taken at all (all when omitted). */
  usable?: Uint8Array;
  /** Stop once this many candidates are matched (default: as many as possible). */
  limit?: number;
}

let owner = new Int32Array(64);
let seen = new Int32Array(64);
let stamp = 0;

/**
 * Matches the candidates of `p` best first and writes `matched[i]` (1 or 0) for each.
 * Returns how many were matched: the size of a maximum matching when no `limit` cut it short.
 */
export function matchBestFirst(p: MatchProblem, matched: Uint8Array): number {
  if (owner.length < p.cpus) {
    owner = new Int32Array(p.cpus * 2);
    seen = new Int32Array(p.cpus * 2);
    stamp = 0;
  }
  owner.fill(-1, 0, p.cpus);
  const limit = p.limit ?? p.cpus;
  let size = 0;
  for (let i = 0; i < p.n; i++) {
    matched[i] = 0;
    if (size >= limit) continue;
    if (++stamp === 0x7fffffff) {
      seen.fill(0);
      stamp = 1;
    }
    if (augment(p, i)) {
      matched[i] = 1;
      size++;
    }
  }
  return size;
}

/** Depth-first search for an augmenting path from candidate i; at most `cpus` deep. */
function augment(p: MatchProblem, i: number): boolean {
  const cpus = p.allowed(i);
  const usable = p.usable;
  for (let k = 0; k < cpus.length; k++) {
    const c = cpus[k];
    if (seen[c] === stamp || (usable !== undefined && usable[c] === 0)) continue;
    seen[c] = stamp;
    const o = owner[c];
    if (o === -1 || augment(p, o)) {
      owner[c] = i;
      return true;
    }
  }
  return false;
}
