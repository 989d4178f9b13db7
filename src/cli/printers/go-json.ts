// Go's encoding/json as kubectl uses it on unstructured objects: map keys sorted byte-wise, HTML
// characters and U+2028/U+2029 escaped as \u003c-style sequences, and MarshalIndent's layout
// (empty maps and slices stay `{}` and `[]`). kubectl's -o json and jsonpath's printing of maps
// and slices both go through it.
import { goSortedKeys } from './go-values';

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A JSON string literal exactly as encoding/json writes it (with HTML escaping on). */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    // A lone surrogate is invalid UTF-8 once encoded; Go replaces invalid bytes with U+FFFD.
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

/**
 * A number as encoding/json writes an int64 or a float64: for floats Go switches to exponent form
 * below 1e-6 and from 1e21 on and writes "e-7" rather than "e-07", exactly as JavaScript does.
 */
export function goJsonNumber(n: number): string {
  return String(n);
}

/** json.Marshal (indent === undefined) or json.MarshalIndent(v, "", indent). */
export function goJsonMarshal(value: unknown, indent?: string): string {
  return encode(value, indent, '', true);
}

/** json.Marshal of Go structs: keys stay in the order given (the struct's field order). */
export function goJsonMarshalInOrder(value: unknown): string {
  return encode(value, undefined, '', false);
}

/** What a json.Encoder writes (runtime.Encode): json.Marshal plus a newline. */
export function goJsonEncode(value: unknown): string {
  return `${goJsonMarshal(value)}\n`;
}

function encode(v: unknown, indent: string | undefined, prefix: string, sorted: boolean): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? goJsonNumber(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  const inner = indent === undefined ? '' : prefix + indent;
  const open = indent === undefined ? '' : '\n' + inner;
  const close = indent === undefined ? '' : '\n' + prefix;
  const sep = indent === undefined ? ',' : ',\n' + inner;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + open + v.map((item) => encode(item, indent, inner, sorted)).join(sep) + close + ']';
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = (sorted ? goSortedKeys(o) : Object.keys(o)).filter((k) => o[k] !== undefined);
    if (keys.length === 0) return '{}';
    const colon = indent === undefined ? ':' : ': ';
    return '{' + open + keys.map((k) => goJsonString(k) + colon + encode(o[k], indent, inner, sorted)).join(sep) + close + '}';
  }
  return 'null';
}
