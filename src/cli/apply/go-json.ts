// JSON text exactly as kubectl's Go code writes it (encoding/json on decoded maps): object keys
// sorted byte-wise, `<`, `>`, `&`, U+2028 and U+2029 escaped. kubectl reads the last-applied
// annotation back and `kubectl apply view-last-applied` shows it, and `-v=8` shows patch bodies,
// so both are written byte for byte as kubectl writes them.
import { isJsonObject, type JsonValue } from '../../api/json-value';

/** json.Marshal of the value (no trailing newline). */
export function goJsonMarshal(v: JsonValue): string {
  return escapeHtml(write(v, true));
}

/** json.Marshal of Go structs: keys stay in the order given (the struct's field order). */
export function goJsonMarshalInOrder(v: JsonValue): string {
  return escapeHtml(write(v, false));
}

function escapeHtml(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What a json.Encoder writes (runtime.Encode): json.Marshal plus a newline. */
export function goJsonEncode(v: JsonValue): string {
  return `${goJsonMarshal(v)}\n`;
}

/** Byte-wise key order, as Go sorts map keys (code-unit order agrees for the BMP). */
function goKeyOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Written by hand rather than with JSON.stringify: JS objects list integer-like keys ("9", "10")
// first and numerically, whatever order they were inserted in.
function write(v: JsonValue, sorted: boolean): string {
  if (Array.isArray(v)) return `[${v.map((x) => write(x, sorted)).join(',')}]`;
  if (isJsonObject(v)) {
    const keys = sorted ? Object.keys(v).sort(goKeyOrder) : Object.keys(v);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${write(v[k], sorted)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
