// The JSON merge patch (RFC 7386) that turns one object into another: changed and added keys
// with their new values, removed keys as null, arrays replaced whole.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function mergePatchBetween(from: unknown, to: unknown): Record<string, unknown> | undefined {
  const diff = diffValue(from as Json, to as Json);
  return diff === undefined ? undefined : (diff as Record<string, unknown>);
}

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function diffValue(a: Json | undefined, b: Json | undefined): Json | undefined {
  if (isObject(a) && isObject(b)) {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(a)) if (!(k in b)) out[k] = null;
    for (const k of Object.keys(b)) {
      const d = diffValue(a[k], b[k]);
      if (d !== undefined) out[k] = d;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return sameValue(a, b) ? undefined : (b ?? null);
}

/** Deep equality that ignores key order (YAML printing sorts keys; the server's order differs). */
function sameValue(a: Json | undefined, b: Json | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return a === b;
}
