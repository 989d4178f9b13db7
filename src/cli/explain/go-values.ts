// How Go's text/template sees the JSON values of an OpenAPI document: which values count as
// true in `if`/`with`/`or`, and how `{{ . }}` prints them (fmt's %v). kubectl's explain
// templates decide on these rules, so the renderer asks the same questions the same way.
import { isJsonObject, type JsonValue } from '../../api/json-value';
import { goFloatG, goSortedKeys } from '../printers/go-values';

/** text/template's truth: false, 0, "", empty lists and maps, and missing values are false. */
export function truthy(v: JsonValue | undefined): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v).length > 0;
}

/** The text `{{ value }}` prints for a decoded JSON value (fmt.Print of map[string]any and friends). */
export function goPrint(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  // Explain's documents are decoded into interface{}: every number is a float64.
  if (typeof v === 'number') return goFloatG(v);
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  return `map[${sortedKeys(v).map((k) => `${k}:${goPrint(v[k])}`).join(' ')}]`;
}

/** Map keys in the order text/template's `range` visits them (byte-wise for ASCII keys). */
export function sortedKeys(obj: JsonValue | undefined): string[] {
  return isJsonObject(obj) ? goSortedKeys(obj) : [];
}
