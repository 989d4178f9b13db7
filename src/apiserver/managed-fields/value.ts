// JSON values as structured-merge-diff sees them: a total order (so list keys and set items sort
// the way Kubernetes sorts them), equality, Go-compatible JSON text, and the `%v`-style rendering
// used inside field paths such as `[name="nginx"]`.

export type JsonMap = Record<string, unknown>;

export function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The own property `key` of a map (never an inherited one such as `constructor`). */
export function getOwn(m: JsonMap | undefined, key: string): unknown {
  return m !== undefined && Object.prototype.hasOwnProperty.call(m, key) ? m[key] : undefined;
}

/** Sets `key` as an own property, even when the key is `__proto__`. */
export function setOwn(m: JsonMap, key: string, value: unknown): void {
  // Only `__proto__` is an inherited setter on a plain object; defining every key instead of
  // assigning it would turn each map into a slow dictionary-mode object.
  if (key === '__proto__') Object.defineProperty(m, key, { value, enumerable: true, writable: true, configurable: true });
  else m[key] = value;
}

// Rank of each kind in the order structured-merge-diff uses: numbers, strings, booleans, lists,
// maps, then null.
function rank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (isMap(v)) return 4;
  return 5;
}

/** Compares strings by UTF-8 bytes, as Go's strings.Compare does (differs from `<` on astral characters). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** A total order over JSON values. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0: return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 1: return compareStrings(a as string, b as string);
    case 2: return a === b ? 0 : a ? 1 : -1;
    case 3: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
    }
    case 4: {
      const x = a as JsonMap;
      const y = b as JsonMap;
      const kx = Object.keys(x).sort(compareStrings);
      const ky = Object.keys(y).sort(compareStrings);
      for (let i = 0; i < Math.min(kx.length, ky.length); i++) {
        const c = compareStrings(kx[i], ky[i]) || compareValues(x[kx[i]], y[ky[i]]);
        if (c !== 0) return c;
      }
      return kx.length === ky.length ? 0 : kx.length < ky.length ? -1 : 1;
    }
    default: return 0;
  }
}

/** Deep equality of JSON values (map key order does not matter, list order does). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => valuesEqual(x, b[i]));
  }
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && valuesEqual(a[k], b[k]));
  }
  return false;
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;
const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Printable ASCII that neither JSON nor Go's HTML-safe encoding escapes (no `"`, `\\`, `<`, `>`, `&`). */
const PLAIN = /^[\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7e]*$/;

/** A string as Go's encoding/json writes it (it escapes <, > and & for HTML safety). */
export function goJsonString(s: string): string {
  // Names and list keys are nearly always plain: quoting them needs no encoder.
  if (PLAIN.test(s)) return `"${s}"`;
  return JSON.stringify(s).replace(HTML_UNSAFE, escapeChar);
}

/** JSON text as Go's encoding/json writes an unstructured value: map keys sorted, HTML-safe strings. */
export function goJson(v: unknown): string {
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort(compareStrings);
    return `{${keys.map((k) => `${goJsonString(k)}:${goJson(v[k])}`).join(',')}}`;
  }
  return 'null';
}

/** A value as it appears inside a field path: strings quoted, maps as `k=v` pairs. */
export function valueToString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueToString).join(',')}]`;
  if (isMap(v)) return Object.keys(v).map((k) => `${k}=${valueToString(v[k])}`).join('');
  return String(v);
}

/** A deep copy in which map entries whose value is null are gone, as Go's omitempty fields would be. */
export function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (isMap(v)) {
    const out: JsonMap = {};
    for (const k of Object.keys(v)) {
      if (v[k] !== null && v[k] !== undefined) setOwn(out, k, withoutNulls(v[k]));
    }
    return out;
  }
  return v;
}
