// Go's %#v of an unstructured object, which kubectl prints when a jsonpath template fails
// ("object given to jsonpath engine was: map[string]interface {}{...}").
import { goQuoteString } from '../../api/go-quote';
import { goFloatG, goSortedKeys, isGoInt } from './go-values';

/** fmt's %#v of a value inside map[string]interface{} / []interface{}. */
export function goSyntax(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuoteString(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return isGoInt(v) ? String(v) : goFloatG(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  const o = v as Record<string, unknown>;
  return `map[string]interface {}{${goSortedKeys(o).map((k) => `${goQuoteString(k)}:${goSyntax(o[k])}`).join(', ')}}`;
}
