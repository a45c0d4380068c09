/**
 * The heights of the rows of a long list, by place: measured for rows that have been drawn,
 * estimated (`estimate`, which the owner keeps near their average) for the others. Lit's virtualizer keeps the same
 * kind of cache (`MetricsCache`); a row, once measured, keeps its own height, so a tall row
 * scrolled past no longer moves every row below it by a changed average.
 *
 * Offsets are prefix sums over two Fenwick trees (sizes and counts of the measured rows), so
 * finding a row on a page of 100,000 costs a few dozen steps, not a walk over every row.
 */
export class RowSizeCache {
  readonly #sizes = new Map<number, number>();
  /** Fenwick trees over places 0…capacity-1: measured sizes, and how many are measured. */
  #sumTree = new Float64Array(0);
  #countTree = new Float64Array(0);
  #measuredTotal = 0;

  /**
   * The height of a row not measured. Set by the owner (typically to `average` when that has
   * moved far enough): a value that follows every measurement would move all the rows below
   * by a fraction of a pixel each time, and a list scrolled to its end off its end.
   */
  estimate: number;

  /** @param estimate The height of a row until one has been measured. */
  constructor(estimate: number) {
    this.estimate = estimate;
  }

  /** The average height of the rows measured (`estimate` while none is). */
  get average(): number {
    return this.#sizes.size > 0 ? this.#measuredTotal / this.#sizes.size : this.estimate;
  }

  /** How many rows have been measured. */
  get measured(): number {
    return this.#sizes.size;
  }

  /** The height of the row at `index`: measured, or the estimate. */
  get(index: number): number {
    return this.#sizes.get(index) ?? this.estimate;
  }

  /** Records the measured height (> 0) of the row at `index`. */
  set(index: number, size: number): void {
    if (!(index >= 0) || !Number.isInteger(index) || !(size > 0)) throw new RangeError(`row ${index}: size ${size}`);
    const previous = this.#sizes.get(index);
    if (previous === size) return;
    if (index >= this.#sumTree.length) this.#grow(index + 1);
    this.#sizes.set(index, size);
    this.#measuredTotal += size - (previous ?? 0);
    this.#add(index, size - (previous ?? 0), previous === undefined ? 1 : 0);
  }

  /** Forgets every measurement (the rows are others now); the estimate stays. */
  clear(): void {
    this.#sizes.clear();
    this.#measuredTotal = 0;
    this.#sumTree = new Float64Array(0);
    this.#countTree = new Float64Array(0);
  }

  /** Where the row at `index` starts: the heights of the rows before it. Rows before 0 are estimated. */
  offsetOf(index: number): number {
    if (index <= 0) return index * this.estimate;
    let sum = 0;
    let count = 0;
    for (let i = Math.min(index, this.#sumTree.length); i > 0; i -= i & -i) {
      sum += this.#sumTree[i - 1]!;
      count += this.#countTree[i - 1]!;
    }
    return sum + (index - count) * this.estimate;
  }

  /** The row that pixel `y` falls in: the last row starting at or before `y`. */
  rowAt(y: number): number {
    if (y < 0) return Math.floor(y / this.estimate);
    return this.#search(y, (offset) => offset > y) - 1;
  }

  /** The first row starting at or after pixel `y`. */
  rowAfter(y: number): number {
    // `|| 0`: not -0.
    if (y <= 0) return Math.ceil(y / this.estimate) || 0;
    return this.#search(y, (offset) => offset >= y);
  }

  /** The first row ≥ 0 whose offset passes `test` (offsets only grow). */
  #search(y: number, test: (offset: number) => boolean): number {
    let high = Math.max(1, Math.ceil(y / this.estimate));
    while (!test(this.offsetOf(high))) high *= 2;
    let low = 0;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (test(this.offsetOf(middle))) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  #add(index: number, size: number, count: number): void {
    for (let i = index + 1; i <= this.#sumTree.length; i += i & -i) {
      this.#sumTree[i - 1]! += size;
      this.#countTree[i - 1]! += count;
    }
  }

  #grow(capacity: number): void {
    let length = Math.max(1024, this.#sumTree.length);
    while (length < capacity) length *= 2;
    this.#sumTree = new Float64Array(length);
    this.#countTree = new Float64Array(length);
    for (const [index, size] of this.#sizes) this.#add(index, size, 1);
  }
}
