// How Go prints the values kubectl's printers see: an object decoded into `unstructured`, where a
// JSON number without fraction is an int64 and any other number a float64. fmt's %v, strconv's
// shortest %g and Go's byte-wise string order decide what jsonpath, custom-columns and --sort-by
// print, so they are reproduced here rather than approximated with JavaScript's defaults.

/** Whether unstructured decoding would have made this number an int64 rather than a float64. */
export function isGoInt(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER;
}

/** strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form below 1e-4 and from 1e6 on. */
export function goFloatG(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}

/** A number as %v prints the int64 or float64 that unstructured decoding produced. */
export function goNumber(n: number): string {
  return isGoInt(n) ? String(n) : goFloatG(n);
}

/** Compares strings the way Go's `<` does: byte-wise on UTF-8, i.e. by code point. */
export function goStringCompare(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Object keys in the order Go's fmt and encoding/json print a map[string]interface{}. */
export function goSortedKeys(obj: object): string[] {
  return Object.keys(obj).sort(goStringCompare);
}

/** fmt.Sprint of an unstructured value: maps as map[k:v ...] with sorted keys, slices as [a b], nil as <nil>. */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return goNumber(v);
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${goSortedKeys(o).map((k) => `${k}:${goSprint(o[k])}`).join(' ')}]`;
  }
  return String(v);
}
