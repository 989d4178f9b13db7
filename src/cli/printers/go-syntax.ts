// Go's %#v of an unstructured object, which kubectl prints when a jsonpath template fails
// ("object given to jsonpath engine was: map[string]interface {}{...}").
import { goFloatG, goSortedKeys, isGoInt } from './go-values';

/** strconv.Quote: printable characters kept, others escaped with Go's short forms or hex. */
export function goQuoteString(s: string): string {
  const short: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (short[c] !== undefined) out += short[c];
    else if (c === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(c)) out += c;
    else if (cp < 0x80) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp <= 0xffff) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

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
