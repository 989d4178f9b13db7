// Equality of API objects as Kubernetes' apiequality.Semantic.DeepEqual sees them after a JSON
// round trip: an absent field equals its zero value (nil maps and slices equal empty ones, a
// missing bool equals false). Resource quantities need no special case here because defaulting
// stores them in canonical form ("1000m" is stored as "1").
import { isRecord } from './json-values';

function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isRecord(v)) return Object.values(v).every(isZero);
  return false;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isZero(a) && isZero(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}
