// Finding the parts of a stored object in its compact JSON text (as JSON.stringify writes it)
// without parsing it: where its metadata lies, and where metadata.managedFields lies in that.
// The cache keeps objects as text; these let it add a resourceVersion to the text, and let a
// table row take the metadata as text and parse the rest without managedFields (about half of a
// pod's parse time, for something no table column reads).

/** Where the top-level metadata object lies: its opening and closing braces, and its managedFields member if any. */
export interface MetadataLayout {
  start: number;
  end: number;
  /** The text to cut to leave metadata without managedFields: the member and one comma next to it. */
  managedFields?: { from: number; to: number };
}

/**
 * The layout of the top-level "metadata" object, or undefined where the text is not compact JSON
 * of an object with an object under "metadata". Walks the top level and metadata's own members,
 * skipping every other value whole.
 */
export function metadataLayout(json: string): MetadataLayout | undefined {
  if (json.charCodeAt(0) !== 0x7b /* { */) return undefined;
  let i = 1;
  while (json.charCodeAt(i) === 0x22 /* " */) {
    const keyEnd = skipString(json, i);
    if (keyEnd < 0 || json.charCodeAt(keyEnd) !== 0x3a /* : */) return undefined;
    if (keyEnd - i === 10 && json.startsWith('"metadata"', i)) return json.charCodeAt(keyEnd + 1) === 0x7b ? objectLayout(json, keyEnd + 1) : undefined;
    const valueEnd = skipValue(json, keyEnd + 1);
    if (valueEnd < 0 || json.charCodeAt(valueEnd) !== 0x2c /* , */) return undefined;
    i = valueEnd + 1;
  }
  return undefined;
}

/** The offset of the closing brace of the top-level metadata object, or -1 (see metadataLayout). */
export function metadataEnd(json: string): number {
  return metadataLayout(json)?.end ?? -1;
}

/** The whole text with metadata.managedFields cut out of it. */
export function withoutManagedFields(json: string, layout: MetadataLayout): string {
  const mf = layout.managedFields;
  return mf ? json.slice(0, mf.from) + json.slice(mf.to) : json;
}

function objectLayout(json: string, start: number): MetadataLayout | undefined {
  let managedFields: MetadataLayout['managedFields'];
  let i = start + 1;
  if (json.charCodeAt(i) === 0x7d /* } */) return { start, end: i };
  for (;;) {
    if (json.charCodeAt(i) !== 0x22) return undefined;
    const keyEnd = skipString(json, i);
    if (keyEnd < 0 || json.charCodeAt(keyEnd) !== 0x3a) return undefined;
    const valueEnd = skipValue(json, keyEnd + 1);
    if (valueEnd < 0) return undefined;
    const next = json.charCodeAt(valueEnd);
    if (keyEnd - i === 15 && json.startsWith('"managedFields"', i)) {
      // The comma before the member goes with it; a first member takes the comma after it.
      managedFields = json.charCodeAt(i - 1) === 0x2c ? { from: i - 1, to: valueEnd } : { from: i, to: next === 0x2c ? valueEnd + 1 : valueEnd };
    }
    if (next === 0x7d) return { start, end: valueEnd, managedFields };
    if (next !== 0x2c) return undefined;
    i = valueEnd + 1;
  }
}

/** The index after the string starting at `i` (its opening quote), or -1. */
function skipString(s: string, i: number): number {
  for (let j = s.indexOf('"', i + 1); j >= 0; j = s.indexOf('"', j + 1)) {
    let backslashes = 0;
    while (s.charCodeAt(j - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return j + 1;
  }
  return -1;
}

/** The index after the JSON value starting at `i`, or -1. */
function skipValue(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 0x22) return skipString(s, i);
  if (c !== 0x7b && c !== 0x5b) {
    // A number, true, false or null: up to the next delimiter.
    let j = i;
    while (j < s.length && s.charCodeAt(j) !== 0x2c && s.charCodeAt(j) !== 0x7d && s.charCodeAt(j) !== 0x5d) j++;
    return j;
  }
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const d = s.charCodeAt(j);
    if (d === 0x22) { j = skipString(s, j) - 1; if (j < 0) return -1; } else if (d === 0x7b || d === 0x5b) depth++;
    else if (d === 0x7d || d === 0x5d) { if (--depth === 0) return j + 1; }
  }
  return -1;
}
