// Defensive readers for decoded JSON. Objects reach validation straight from request bodies, so a
// field typed as a list may hold anything; these helpers let the rules walk such input without
// throwing, leaving type errors to the decoder.

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A typed optional object field that is present (not null, not a list, not a scalar). */
export function isObject<T extends object>(v: T | null | undefined): v is T {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The array, or [] when the value is absent or not an array. */
export function list<T>(v: readonly T[] | null | undefined): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

/** The entries of a string-keyed map, or [] when the value is absent or not an object. */
export function mapEntries<V>(v: Record<string, V> | null | undefined): Array<[string, V]> {
  return isRecord(v) ? (Object.entries(v) as Array<[string, V]>) : [];
}

/** A string field as Go sees it: absent reads as "". */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** A pointer field is "set" when present and not null. */
export function isSet<T>(v: T | null | undefined): v is T {
  return v !== undefined && v !== null;
}
