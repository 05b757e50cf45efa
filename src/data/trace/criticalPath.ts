/**
 * The critical path of a trace in tree order: the spans that, one after the other, determine when
 * the trace ends (as in Jaeger). Walking back from a span's end, the child that finishes last
 * at or before the cursor is on the path; the cursor then moves to that child's start, and the same
 * is done inside the child. Spans in parallel with the chosen one are off the path.
 *
 * Input is columnar and in depth-first pre-order: `subtreeEnd[i]` is one past the last row of i's
 * subtree, so i's children are i+1, subtreeEnd[i+1], … . O(n log n) time (children sorted by end), no recursion.
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
  const byEndDesc = (a: number, b: number) => end(b) - end(a) || startMs[b] - startMs[a];
  /**
   * Puts on the stack the spans among `kids` that form the path backwards from `cursor` down to
   * `floor`: each time the one that ends last at or before the cursor. One that is still running at
   * the cursor ran in parallel with the span after it, which did not wait for it: it is skipped.
   * Children that outlive their parent (async work, clock skew) count as ending with it (`ceiling`).
   */
  const pathThrough = (kids: number[], cursor: number, floor: number, ceiling: number) => {
    kids.sort(byEndDesc);
    // The cursor only moves back, so a span skipped once is never chosen later: one pass.
    let q = 0;
    while (cursor > floor && q < kids.length) {
      const best = kids[q++];
      if (Math.min(end(best), ceiling) > cursor) {
        continue;
      }
      stackSpan.push(best);
      stackCursor.push(cursor);
      cursor = startMs[best];
    }
  };
  // Several roots (a frame without the synthetic root, cut cycles) are children of the whole trace:
  // only those on its path are marked, not every root.
  pathThrough(Array.from(roots), Infinity, -Infinity, Infinity);
  const kids: number[] = [];
  while (stackSpan.length) {
    const i = stackSpan.pop()!;
    const cursor = Math.min(stackCursor.pop()!, end(i));
    onPath[i] = 1;
    kids.length = 0;
    for (let c = i + 1; c < subtreeEnd[i]; c = subtreeEnd[c]) {
      kids.push(c);
    }
    if (kids.length) {
      pathThrough(kids, cursor, startMs[i], end(i));
    }
  }
  return onPath;
}
