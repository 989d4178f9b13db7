// The list bookkeeping of kubectl's strategic-merge-patch code (apimachinery strategicpatch),
// reproduced rule for rule because its quirks are visible in the patches kubectl sends: scalars
// compare by their fmt %v text, lists of maps by the %v text of their merge key, deletion
// directives sort to the end, and a merged list keeps patch items in patch order with the
// server-only items slotted in by their live order.
import { getOwn, isJsonObject, type JsonObject, type JsonValue } from '../../api/json-value';
import { goPrint } from '../explain/go-values';

export const PATCH_DIRECTIVE = '$patch';
export const RETAIN_KEYS = '$retainKeys';
export const SET_ELEMENT_ORDER = '$setElementOrder';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';

/** The Go type a decoded JSON value has (int64 and float64 are one kind here: JSON cannot tell 1 from 1.0). */
export type GoKind = 'map' | 'slice' | 'string' | 'number' | 'bool' | 'nil';

export function goKind(v: JsonValue): GoKind {
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (isJsonObject(v)) return 'map';
  return typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'bool';
}

/** fmt.Sprintf("%v", v) of a decoded value: integers print as int64 does, other numbers as float64. */
export function goString(v: JsonValue | undefined): string {
  return typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : goPrint(v);
}

/** Go's `==` on two interface values holding JSON scalars (a missing map entry reads as nil). */
export function goEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

export function errNoMergeKey(m: JsonValue, mergeKey: string): Error {
  return new Error(`map: ${goPrint(m)} does not contain declared merge key: ${mergeKey}`);
}

export function errBadArgType(expected: GoKind, actual: JsonValue): Error {
  return new Error(`expected a ${expected}, but received a ${goKind(actual)}`);
}

/** The kind all items of the lists share; lists of lists, mixed lists and no items at all are errors. */
export function sliceElementKind(...lists: JsonValue[][]): GoKind {
  let kind: GoKind | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = goKind(v);
      if (kind === undefined) {
        if (k === 'slice') throw new Error('lists of lists are not supported');
        kind = k;
      } else if (k !== kind) {
        throw new Error(`list element types are not identical: ${goPrint(lists)}`);
      }
    }
  }
  if (kind === undefined) throw new Error('no elements in any of the given slices');
  return kind;
}

/** Sorted by %v text; a copy (Go sorts in place; diffLists in strategic-diff.ts says where that shows). */
export function sortScalars(list: JsonValue[]): JsonValue[] {
  return [...list].sort((a, b) => {
    const sa = goString(a);
    const sb = goString(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
}

/** Go's in-place deduplication: a duplicate is overwritten by the last item, so order changes. */
export function deduplicateScalars(list: JsonValue[]): JsonValue[] {
  const s = [...list];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (goEqual(s[i], s[j])) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

/** Sorted by the %v text of each map's merge key (lists of maps in diffListsOfMaps). */
export function sortMapsByMergeKey(list: JsonValue[], mergeKey: string): JsonValue[] {
  return [...list].sort((a, b) => {
    const sa = goString(isJsonObject(a) ? getOwn(a, mergeKey) : undefined);
    const sb = goString(isJsonObject(b) ? getOwn(b, mergeKey) : undefined);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
}

/** Position of `v` in `list`: by merge key value for maps, by value otherwise; -1 when absent. */
function indexIn(list: JsonValue[], v: JsonValue, mergeKey: string, kind: GoKind): number {
  const key = (item: JsonValue): JsonValue | undefined => (kind === 'map' ? (isJsonObject(item) ? getOwn(item, mergeKey) : null) : item);
  const want = key(v);
  return list.findIndex((item) => goEqual(key(item), want));
}

export function findByMergeKey(list: JsonValue[], mergeKey: string, value: JsonValue | undefined): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isJsonObject(item)) throw new Error(`value for key ${i} is not a map`);
    const v = getOwn(item, mergeKey);
    if (v !== undefined && goEqual(v, value)) return i;
  }
  return -1;
}

function validateMergeKeyInLists(mergeKey: string, ...lists: JsonValue[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonObject(item)) throw errBadArgType('map', item);
      if (getOwn(item, mergeKey) === undefined) throw errNoMergeKey(item, mergeKey);
    }
  }
}

function isDeleteDirective(v: JsonValue): boolean {
  return isJsonObject(v) && getOwn(v, PATCH_DIRECTIVE) === 'delete';
}

/** `toSort` ordered by `order` (deletion directives last), with Go's stable sort and its comparator. */
export function normalizeSliceOrder(toSort: JsonValue[], order: JsonValue[], mergeKey: string, kind: GoKind): JsonValue[] {
  let items = toSort;
  let deletions: JsonValue[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, toSort, order);
    deletions = toSort.filter(isDeleteDirective);
    items = toSort.filter((v) => !isDeleteDirective(v));
  }
  // Go's less says "before" whenever either item is missing from `order`; an insertion sort
  // (what sort.SliceStable runs on short lists) is the faithful way to follow it.
  const less = (a: JsonValue, b: JsonValue): boolean => {
    const ia = indexIn(order, a, mergeKey, kind);
    const ib = indexIn(order, b, mergeKey, kind);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  const s = [...items];
  for (let i = 1; i < s.length; i++) {
    for (let j = i; j > 0 && less(s[j], s[j - 1]); j--) [s[j], s[j - 1]] = [s[j - 1], s[j]];
  }
  return [...s, ...deletions];
}

/**
 * Interleaves server-only items (`left`) into the patch items (`right`), both already sorted:
 * a server-only item goes first only when both items are in `serverOrder` and it comes earlier there.
 */
function mergeSortedSlice(left: JsonValue[], right: JsonValue[], serverOrder: JsonValue[], mergeKey: string, kind: GoKind): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

export function normalizeElementOrder(patch: JsonValue[], serverOnly: JsonValue[], patchOrder: JsonValue[], serverOrder: JsonValue[], mergeKey: string, kind: GoKind): JsonValue[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/** Items of `list` that `by` holds (by merge key for maps, by value otherwise), and the rest. */
export function partitionByPresence(list: JsonValue[], by: JsonValue[], mergeKey: string): [JsonValue[], JsonValue[]] {
  const inBy: JsonValue[] = [];
  const rest: JsonValue[] = [];
  for (const v of list) {
    let present: boolean;
    if (mergeKey) {
      if (!isJsonObject(v)) throw errBadArgType('map', v);
      const key = getOwn(v, mergeKey);
      if (key === undefined) throw errNoMergeKey(v, mergeKey);
      present = findByMergeKey(by, mergeKey, key) >= 0;
    } else {
      present = by.some((b) => goEqual(b, v));
    }
    (present ? inBy : rest).push(v);
  }
  return [inBy, rest];
}

/** The directive key's list field: `$setElementOrder/containers` -> `containers`. */
export function directiveField(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw new Error(prefix === SET_ELEMENT_ORDER ? 'invalid patch format of setElementOrder list' : 'invalid patch format of primitive list');
  }
  return key.slice(slash + 1);
}

export function mergeKeyValue(item: JsonValue, mergeKey: string): JsonValue {
  if (!isJsonObject(item)) throw errBadArgType('map', item);
  const v = getOwn(item, mergeKey);
  if (v === undefined) throw errNoMergeKey(item, mergeKey);
  return v;
}

export function asMap(v: JsonValue): JsonObject {
  if (!isJsonObject(v)) throw errBadArgType('map', v);
  return v;
}
