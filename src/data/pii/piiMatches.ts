/**
 * The spans that detectors report in one value, resolved into the ones that get masked: the
 * earliest start wins, then the longest, then the detector listed first. A span inside a kept one
 * is dropped; one that overlaps it and goes on keeps only its rest ("01 4111 1111 1111 1111" read
 * as a phone number up to "01 4111 1111" and as a card from "4111" becomes "[phone][card]"), so
 * no part of a detected value stays visible. Tokens never nest: each character is masked once.
 */
export type Emit = (start: number, end: number) => void;

/** Reports every candidate span of one kind in `text`, in any order; may report overlapping ones. */
export type Detector = (text: string, emit: Emit) => void;

export interface ResolvedMatch {
  start: number;
  end: number;
  /** Index of the detector that reported it. */
  kind: number;
}

export class PiiMatches {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly kinds: number[] = [];

  add(start: number, end: number, kind: number): void {
    if (end > start) {
      this.starts.push(start);
      this.ends.push(end);
      this.kinds.push(kind);
    }
  }

  get size(): number {
    return this.starts.length;
  }

  resolve(): ResolvedMatch[] {
    const { starts, ends, kinds } = this;
    const order = Array.from(starts, (_, i) => i);
    order.sort((a, b) => starts[a] - starts[b] || ends[b] - ends[a] || kinds[a] - kinds[b]);
    const kept: ResolvedMatch[] = [];
    let covered = 0;
    for (const i of order) {
      if (ends[i] > covered) {
        kept.push({ start: Math.max(starts[i], covered), end: ends[i], kind: kinds[i] });
        covered = ends[i];
      }
    }
    return kept;
  }
}
