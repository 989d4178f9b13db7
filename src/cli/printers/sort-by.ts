// kubectl's --sort-by: objects ordered by the first value of a relaxed JSONPath field. Strings that
// are both resource quantities compare as quantities ("500m" < "2"), other strings byte-wise, numbers
// numerically; an object without the field sorts first. Go's sort.Sort is not stable, so it is
// replayed exactly (go-sort.ts) to put equal values and missing fields where kubectl puts them.
import { compareQuantities, parseQuantity, type Quantity } from '../../api/defaults/quantity';
import { goSort } from './go-sort';
import { goStringCompare, isGoInt } from './go-values';
import { findResults, JsonPathError } from './jsonpath';
import { goQuoteString } from '../../api/go-quote';
import { parseRelaxedJsonPath } from './relaxed-jsonpath';

const MISSING = Symbol('missing');

/** Returns the objects (the same references) in kubectl's --sort-by order; throws JsonPathError like kubectl. */
export function sortObjects(objects: object[], field: string): object[] {
  if (objects.length === 0) return [];
  const template = parseRelaxedJsonPath(field);
  const raw = template.raw;
  const keys = objects.map((o) => {
    const values = findResults(template, o);
    return values.length > 0 && values[0].length > 0 ? values[0][0] : MISSING;
  });
  if (keys.every((k) => k === MISSING)) throw new JsonPathError(`couldn't find any field with path ${goQuoteString(raw)} in the list of objects`);

  // Positions hold indexes into objects/keys; Go's Less compares the objects currently at two positions.
  const order = objects.map((_, i) => i);
  goSort({
    less: (i, j) => {
      const a = keys[order[i]];
      const b = keys[order[j]];
      if (a === MISSING) return true;
      if (b === MISSING) return false;
      return isLess(a, b, raw);
    },
    swap: (i, j) => { [order[i], order[j]] = [order[j], order[i]]; },
  }, order.length);
  return order.map((i) => objects[i]);
}

/** kubectl's isLess for two values of an unstructured object. */
function isLess(a: unknown, b: unknown, field: string): boolean {
  if (a === null && b === null) return false;
  if (a === null) return true;
  if (b === null) return false;
  const unsortable = (detail: string): never => {
    throw new JsonPathError(`Field ${field} in *unstructured.Unstructured is an unsortable type: interface, err: ${detail}`);
  };
  if (typeof a === 'string') {
    if (typeof b !== 'string') return unsortable('unsortable interface: interface');
    const qa = quantity(a);
    const qb = quantity(b);
    if (qa && qb) return compareQuantities(qa, qb) < 0;
    return goStringCompare(a, b) < 0;
  }
  if (typeof a === 'number') {
    if (typeof b !== 'number' || isGoInt(a) !== isGoInt(b)) return unsortable('unsortable interface: interface');
    return a < b;
  }
  const goType = typeof a === 'boolean' ? 'bool' : Array.isArray(a) ? '[]interface {}' : 'map[string]interface {}';
  return unsortable(`unsortable type: ${goType}`);
}

/** resource.ParseQuantity, which unlike the API server's decoding does not trim spaces. */
function quantity(s: string): Quantity | undefined {
  if (s.trim() !== s) return undefined;
  try {
    return parseQuantity(s);
  } catch {
    return undefined;
  }
}
