// How Go's text/template sees the JSON values of an OpenAPI document: which values count as
// true in `if`/`with`/`or`, and how `{{ . }}` prints them (fmt's %v). kubectl's explain
// templates decide on these rules, so the renderer asks the same questions the same way.
import { isJsonObject, type JsonValue } from '../../api/json-value';

/** text/template's truth: false, 0, "", empty lists and maps, and missing values are false. */
export function truthy(v: JsonValue | undefined): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v).length > 0;
}

/** Go's %v of a float64 (strconv's shortest %g): exponent form below 1e-4 and from 1e6 on. */
function goFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}

/** The text `{{ value }}` prints for a decoded JSON value (fmt.Print of map[string]any and friends). */
export function goPrint(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return goFloat(v);
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  return `map[${sortedKeys(v).map((k) => `${k}:${goPrint(v[k])}`).join(' ')}]`;
}

/** Map keys in the order text/template's `range` visits them (byte-wise for ASCII keys). */
export function sortedKeys(obj: JsonValue | undefined): string[] {
  if (!isJsonObject(obj)) return [];
  return Object.keys(obj).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
