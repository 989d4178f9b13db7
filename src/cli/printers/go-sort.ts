// Go's sort.Sort (pattern-defeating quicksort, Go 1.22+), reproduced step for step. It is not
// stable, so which of several equal objects kubectl's --sort-by prints first depends on exactly
// these comparisons and swaps; a different algorithm would order ties differently.

export interface SortTarget {
  less(i: number, j: number): boolean;
  swap(i: number, j: number): void;
}

type Hint = 'unknown' | 'increasing' | 'decreasing';

const INSERTION_MAX = 12;
const NINTHER_MIN = 50;
const MAX_SWAPS = 12;
const PARTIAL_STEPS = 5;
const PARTIAL_SHIFT_MIN = 50;

/** bits.Len: the number of bits needed to represent n. */
const bitLength = (n: number): number => (n === 0 ? 0 : Math.floor(Math.log2(n)) + 1);

/** Sorts the n elements of `data` exactly as Go's sort.Sort would. */
export function goSort(data: SortTarget, n: number): void {
  if (n <= 1) return;
  pdqsort(data, 0, n, bitLength(n));
}

function insertionSort(d: SortTarget, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && d.less(j, j - 1); j--) d.swap(j, j - 1);
  }
}

function siftDown(d: SortTarget, lo: number, hi: number, first: number): void {
  let root = lo;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= hi) return;
    if (child + 1 < hi && d.less(first + child, first + child + 1)) child++;
    if (!d.less(first + root, first + child)) return;
    d.swap(first + root, first + child);
    root = child;
  }
}

function heapSort(d: SortTarget, a: number, b: number): void {
  const hi = b - a;
  for (let i = Math.floor((hi - 1) / 2); i >= 0; i--) siftDown(d, i, hi, a);
  for (let i = hi - 1; i >= 0; i--) {
    d.swap(a, a + i);
    siftDown(d, 0, i, a);
  }
}

function pdqsort(d: SortTarget, a: number, b: number, limit: number): void {
  let wasBalanced = true;
  let wasPartitioned = true;
  for (;;) {
    const length = b - a;
    if (length <= INSERTION_MAX) {
      insertionSort(d, a, b);
      return;
    }
    if (limit === 0) {
      heapSort(d, a, b);
      return;
    }
    if (!wasBalanced) {
      breakPatterns(d, a, b);
      limit--;
    }
    let [pivot, hint] = choosePivot(d, a, b);
    if (hint === 'decreasing') {
      reverseRange(d, a, b);
      pivot = b - 1 - (pivot - a);
      hint = 'increasing';
    }
    if (wasBalanced && wasPartitioned && hint === 'increasing' && partialInsertionSort(d, a, b)) return;
    // Many elements equal to the one before this range: split off everything equal to the pivot.
    if (a > 0 && !d.less(a - 1, pivot)) {
      a = partitionEqual(d, a, b, pivot);
      continue;
    }
    const [mid, alreadyPartitioned] = partition(d, a, b, pivot);
    wasPartitioned = alreadyPartitioned;
    const left = mid - a;
    const right = b - mid;
    const threshold = Math.floor(length / 8);
    if (left < right) {
      wasBalanced = left >= threshold;
      pdqsort(d, a, mid, limit);
      a = mid + 1;
    } else {
      wasBalanced = right >= threshold;
      pdqsort(d, mid + 1, b, limit);
      b = mid;
    }
  }
}

function partition(d: SortTarget, a: number, b: number, pivot: number): [number, boolean] {
  d.swap(a, pivot);
  let i = a + 1;
  let j = b - 1;
  while (i <= j && d.less(i, a)) i++;
  while (i <= j && !d.less(j, a)) j--;
  if (i > j) {
    d.swap(j, a);
    return [j, true];
  }
  d.swap(i, j);
  i++;
  j--;
  for (;;) {
    while (i <= j && d.less(i, a)) i++;
    while (i <= j && !d.less(j, a)) j--;
    if (i > j) break;
    d.swap(i, j);
    i++;
    j--;
  }
  d.swap(j, a);
  return [j, false];
}

function partitionEqual(d: SortTarget, a: number, b: number, pivot: number): number {
  d.swap(a, pivot);
  let i = a + 1;
  let j = b - 1;
  for (;;) {
    while (i <= j && !d.less(a, i)) i++;
    while (i <= j && d.less(a, j)) j--;
    if (i > j) return i;
    d.swap(i, j);
    i++;
    j--;
  }
}

function partialInsertionSort(d: SortTarget, a: number, b: number): boolean {
  let i = a + 1;
  for (let step = 0; step < PARTIAL_STEPS; step++) {
    while (i < b && !d.less(i, i - 1)) i++;
    if (i === b) return true;
    if (b - a < PARTIAL_SHIFT_MIN) return false;
    d.swap(i, i - 1);
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1 && d.less(j, j - 1); j--) d.swap(j, j - 1);
    }
    if (b - i >= 2) {
      for (let j = i + 1; j < b && d.less(j, j - 1); j++) d.swap(j, j - 1);
    }
  }
  return false;
}

function breakPatterns(d: SortTarget, a: number, b: number): void {
  const length = b - a;
  if (length < 8) return;
  // Go's xorshift generator, seeded with the length, on a 64-bit state.
  let state = BigInt(length);
  const mask64 = (1n << 64n) - 1n;
  const next = (): bigint => {
    state ^= (state << 13n) & mask64;
    state ^= state >> 7n;
    state ^= (state << 17n) & mask64;
    return state;
  };
  const modulus = 2 ** bitLength(length);
  const middle = a + Math.floor(length / 4) * 2;
  for (let idx = middle - 1; idx <= middle + 1; idx++) {
    let other = Number(next() & BigInt(modulus - 1));
    if (other >= length) other -= length;
    d.swap(idx, a + other);
  }
}

function choosePivot(d: SortTarget, a: number, b: number): [number, Hint] {
  const l = b - a;
  const swaps = { count: 0 };
  let i = a + Math.floor(l / 4);
  let j = a + Math.floor(l / 4) * 2;
  let k = a + Math.floor(l / 4) * 3;
  if (l >= 8) {
    if (l >= NINTHER_MIN) {
      i = median(d, i - 1, i, i + 1, swaps);
      j = median(d, j - 1, j, j + 1, swaps);
      k = median(d, k - 1, k, k + 1, swaps);
    }
    j = median(d, i, j, k, swaps);
  }
  if (swaps.count === 0) return [j, 'increasing'];
  if (swaps.count === MAX_SWAPS) return [j, 'decreasing'];
  return [j, 'unknown'];
}

/** The index among a, b, c whose element is the median; counts how often the order was reversed. */
function median(d: SortTarget, a: number, b: number, c: number, swaps: { count: number }): number {
  const order = (x: number, y: number): [number, number] => {
    if (d.less(y, x)) {
      swaps.count++;
      return [y, x];
    }
    return [x, y];
  };
  [a, b] = order(a, b);
  [b, c] = order(b, c);
  [a, b] = order(a, b);
  return b;
}

function reverseRange(d: SortTarget, a: number, b: number): void {
  for (let i = a, j = b - 1; i < j; i++, j--) d.swap(i, j);
}
