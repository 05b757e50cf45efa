/**
 * The critical path of a trace in tree order: the spans that, one after the other, determine when
 * the trace ends (as in Jaeger). Walking back from a span's end, the child that finishes last
 * before the cursor is on the path; the cursor then moves to that child's start, and the same is
 * done inside the child. Spans in parallel with the chosen one are off the path.
 *
 * Input is columnar and in depth-first pre-order: `subtreeEnd[i]` is one past the last row of i's
 * subtree, so i's children are i+1, subtreeEnd[i+1], … . O(n) time, no recursion.
 */
export function criticalPath(
  startMs: ArrayLike<number>,
  durationMs: ArrayLike<number>,
  subtreeEnd: ArrayLike<number>,
  roots: ArrayLike<number>
): Uint8Array {
  const n = subtreeEnd.length;
  const onPath = new Uint8Array(n);
  const end = (i: number) => startMs[i] + durationMs[i];
  // Work items: a span and the time its own part of the path ends (its end, clipped by the parent cursor).
  const stackSpan: number[] = [];
  const stackCursor: number[] = [];
  for (let r = 0; r < roots.length; r++) {
    stackSpan.push(roots[r]);
    stackCursor.push(end(roots[r]));
  }
  const kids: number[] = [];
  const prefixBest: number[] = [];
  while (stackSpan.length) {
    const i = stackSpan.pop()!;
    let cursor = Math.min(stackCursor.pop()!, end(i));
    onPath[i] = 1;
    kids.length = 0;
    for (let c = i + 1; c < subtreeEnd[i]; c = subtreeEnd[c]) {
      kids.push(c);
    }
    if (!kids.length) {
      continue;
    }
    // Children are ordered by start; prefixBest[k] = the child in kids[0..k] that ends last.
    prefixBest.length = kids.length;
    for (let k = 0; k < kids.length; k++) {
      const prev = k > 0 ? prefixBest[k - 1] : -1;
      prefixBest[k] = prev >= 0 && end(prev) >= end(kids[k]) ? prev : kids[k];
    }
    // Children that start before the cursor form a prefix that shrinks as the cursor moves back.
    let p = kids.length;
    while (cursor > startMs[i]) {
      while (p > 0 && startMs[kids[p - 1]] >= cursor) {
        p--;
      }
      if (p === 0) {
        break;
      }
      const best = prefixBest[p - 1];
      stackSpan.push(best);
      stackCursor.push(cursor);
      cursor = startMs[best];
    }
  }
  return onPath;
}
