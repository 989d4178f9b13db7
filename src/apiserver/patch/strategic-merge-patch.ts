// Strategic merge patch (application/strategic-merge-patch+json), applied as the Kubernetes
// apiserver applies it (apimachinery strategicpatch.StrategicMergeMapPatch): a JSON merge patch
// whose lists merge item by item when the schema declares patch strategy `merge` (by merge key
// for lists of objects, as a set for lists of primitives), plus the directives kubectl sends:
// `$patch` (replace/delete), `$retainKeys`, `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`.
//
// The result is what Kubernetes stores after decoding the merged map into its typed object, so
// content taken over from the patch loses its null members and leftover directive keys.
import { type JsonObject, type JsonValue, cloneJson, getOwn, hasOwn, isJsonObject, jsonTypeName, setOwn } from '../../api/json-value';
import type { PatchMetaLookup } from '../../api/patch-meta-lookup';
import { SMP, badArgType, badPatch, badPatchType, goValue, noMergeKey, patchRejected } from './patch-errors';

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';

/** Applies `patch` to a copy of `original`; neither argument is modified. A null patch changes nothing. */
export function strategicMergePatch(original: JsonObject, patch: JsonValue, lookup: PatchMetaLookup): JsonObject {
  if (patch === null) return cloneJson(original);
  if (!isJsonObject(patch)) throw badPatch(`json: cannot unmarshal ${jsonTypeName(patch)} into Go value of type map[string]interface {}`);
  return mergeMap(cloneJson(original), cloneJson(patch), lookup);
}

// The helpers below mutate their (already copied) arguments, as the Go implementation does.

function mergeMap(original: JsonObject, patch: JsonObject, lookup: PatchMetaLookup): JsonObject {
  if (hasOwn(patch, PATCH)) return mapDirective(patch);
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, lookup);

  for (const key of Object.keys(patch)) {
    const patchV = patch[key];
    let field = key;
    let isDeleteList = false;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      field = directiveTarget(key, DELETE_FROM_PRIMITIVE_LIST, SMP.badPrimitiveList);
      isDeleteList = true;
    }
    if (patchV === null) { delete original[field]; continue; }

    const cur = getOwn(original, field);
    if (cur === undefined || kindOf(cur) !== kindOf(patchV)) {
      // A deletion list never creates the list it deletes from.
      if (!isDeleteList) takeFromPatch(original, field, patchV);
      continue;
    }
    if (isJsonObject(cur)) {
      const { meta, lookup: sub } = lookup.field(field);
      setOwn(original, field, meta.strategy === 'replace' ? stripPatchOnly(patchV) : mergeMap(cur, patchV as JsonObject, sub));
    } else if (Array.isArray(cur)) {
      const { meta, items } = lookup.list(field);
      const merges = meta.strategy === 'merge' || isDeleteList;
      setOwn(original, field, merges ? mergeList(cur, patchV as JsonValue[], items, meta.mergeKey, isDeleteList) : stripPatchOnly(patchV));
    } else {
      setOwn(original, field, patchV);
    }
  }
  return original;
}

/** `$patch` in a map: `replace` makes the map exactly the patch's, `delete` empties it. */
function mapDirective(patch: JsonObject): JsonObject {
  const directive = patch[PATCH];
  if (directive === 'replace') {
    delete patch[PATCH];
    return stripPatchOnly(patch) as JsonObject;
  }
  if (directive === 'delete') return {};
  throw badPatchType(directive, patch);
}

/** `$retainKeys`: keys of the original not listed are cleared; the patch may only set listed keys. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw badPatch(SMP.badRetainKeys);
  const retained = new Set<JsonValue>(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!retained.has(k)) throw badPatch(SMP.badRetainKeys);
  }
  for (const k of Object.keys(original)) if (!retained.has(k)) delete original[k];
}

/**
 * `$setElementOrder/<list>`: merges the list (if the patch also carries it) and orders the result
 * by the directive; items the directive does not name keep their place relative to the live list.
 * The merged list is removed from the patch so the main loop does not merge it twice.
 */
function applySetElementOrder(original: JsonObject, patch: JsonObject, lookup: PatchMetaLookup): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw badArgType('slice', order);
    const field = directiveTarget(key, SET_ELEMENT_ORDER, SMP.badSetElementOrder);

    // A null live list counts as absent (Kubernetes' typed objects never hold one).
    const cur = getOwn(original, field) ?? undefined;
    const pv = getOwn(patch, field);
    if (cur !== undefined && !Array.isArray(cur)) throw badArgType('slice', cur);
    if (pv !== undefined && !Array.isArray(pv)) throw badArgType('slice', pv);
    const { meta, items } = lookup.list(field);
    validateOrder(pv ?? [], order, meta.mergeKey);

    let merged: JsonValue[];
    if (cur && pv) merged = meta.strategy === 'merge' ? mergeList(cur, pv, items, meta.mergeKey, false) : stripPatchOnly(pv) as JsonValue[];
    else if (cur) merged = cur;
    else if (pv) merged = stripPatchOnly(withoutDirectiveMaps(pv) ?? []) as JsonValue[];
    else continue;

    const kind = elementKind(cur ?? [], pv ?? []);
    // Objects without a merge key cannot be matched to the order list; Kubernetes fails there.
    if (kind !== undefined && (kind !== 'object' || meta.mergeKey)) {
      const [named, unnamed] = partition(merged, order, meta.mergeKey);
      merged = normalizeOrder(named, unnamed, order, cur ?? [], meta.mergeKey, kind);
    }
    setOwn(original, field, merged);
    delete patch[field];
  }
}

/** The patch list's items must appear in the same relative order as in `$setElementOrder`. */
function validateOrder(patchList: JsonValue[], order: JsonValue[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey) {
    for (const v of patchList) if (!isJsonObject(v)) throw badArgType('map', v);
    items = patchList.filter((v) => (v as JsonObject)[PATCH] !== 'delete');
  }
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isJsonObject(item) && hasOwn(item, PATCH)) { p++; continue; }
    if (sameItem(item, order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length) {
    throw badPatch(`The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goValue(order)}\n`);
  }
}

function sameItem(a: JsonValue, b: JsonValue, mergeKey: string): boolean {
  if (!mergeKey) return a === b;
  if (!isJsonObject(a)) throw badArgType('map', a);
  if (!isJsonObject(b)) throw badArgType('map', b);
  if (!hasOwn(a, mergeKey)) throw noMergeKey(a, mergeKey);
  if (!hasOwn(b, mergeKey)) throw noMergeKey(b, mergeKey);
  return a[mergeKey] === b[mergeKey];
}

/** Merges a list whose strategy is `merge` (or applies a `$deleteFromPrimitiveList`). */
function mergeList(original: JsonValue[], patch: JsonValue[], items: PatchMetaLookup, mergeKey: string, isDeleteList: boolean): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch) as ElementKind;
  if (kind !== 'object') {
    if (isDeleteList) return original.filter((v) => !patch.includes(v));
    const merged = dedupe([...original, ...patch]);
    const [inPatch, serverOnly] = partition(merged, patch, '');
    return normalizeOrder(inPatch, serverOnly, patch, original, '', kind);
  }
  if (!mergeKey) throw badPatch(`cannot merge lists without merge key for ${items.name}`);
  const [live, patchItems] = applyListDirectives(original, patch, mergeKey);
  const merged = mergeByKey(live, patchItems, mergeKey, items);
  const [inPatch, serverOnly] = partition(merged, patchItems, mergeKey);
  return normalizeOrder(inPatch, serverOnly, patchItems, live, mergeKey, kind);
}

/** `$patch: delete` items remove live items with their key; `$patch: replace` drops the live list. */
function applyListDirectives(original: JsonValue[], patch: JsonValue[], mergeKey: string): [JsonValue[], JsonValue[]] {
  let live = original;
  let replace = false;
  const plain: JsonValue[] = [];
  for (const v of patch) {
    const item = v as JsonObject;
    if (!hasOwn(item, PATCH)) { plain.push(item); continue; }
    const directive = item[PATCH];
    if (directive === 'delete') {
      if (!hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      live = live.filter((x) => !(isJsonObject(x) && hasOwn(x, mergeKey) && x[mergeKey] === item[mergeKey]));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw badPatch('merging lists cannot yet be specified in the patch');
    } else {
      throw badPatchType(directive, item);
    }
  }
  return replace ? [stripPatchOnly(plain) as JsonValue[], []] : [live, plain];
}

/** Patch items merge into the live item with the same key, or are appended. */
function mergeByKey(live: JsonValue[], patch: JsonValue[], mergeKey: string, items: PatchMetaLookup): JsonValue[] {
  const out = [...live];
  for (const v of patch) {
    const item = v as JsonObject;
    if (!hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    const i = out.findIndex((x) => isJsonObject(x) && hasOwn(x, mergeKey) && x[mergeKey] === item[mergeKey]);
    if (i >= 0) out[i] = mergeMap(out[i] as JsonObject, item, items);
    else out.push(stripPatchOnly(item));
  }
  return out;
}

/** Splits `list` into the items `by` names (by merge key, or by value for primitives) and the rest, keeping order. */
function partition(list: JsonValue[], by: JsonValue[], mergeKey: string): [JsonValue[], JsonValue[]] {
  const named: JsonValue[] = [];
  const rest: JsonValue[] = [];
  if (!mergeKey) {
    for (const v of list) (by.includes(v) ? named : rest).push(v);
    return [named, rest];
  }
  for (const b of by) if (!isJsonObject(b)) throw badArgType('map', b);
  for (const v of list) {
    if (!isJsonObject(v)) throw badArgType('map', v);
    if (!hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
    const found = by.some((b) => hasOwn(b as JsonObject, mergeKey) && (b as JsonObject)[mergeKey] === v[mergeKey]);
    (found ? named : rest).push(v);
  }
  return [named, rest];
}

/**
 * The final order of a merged list (Kubernetes' normalizeElementOrder): patch items in the patch's
 * (or $setElementOrder's) order, live-only items in the live order, then the two interleaved so
 * that a live-only item goes before a patch item that comes after it in the live list. Patch items
 * the live list does not have therefore come before the remaining live-only items.
 */
function normalizeOrder(
  patchItems: JsonValue[], serverOnly: JsonValue[], patchOrder: JsonValue[], serverOrder: JsonValue[], mergeKey: string, kind: ElementKind,
): JsonValue[] {
  const p = sortByOrder(patchItems, patchOrder, mergeKey, kind);
  const s = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  const serverIndex = indexer(serverOrder, mergeKey, kind);
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < s.length || j < p.length) {
    if (j >= p.length) { out.push(s[i++]); continue; }
    if (i >= s.length) { out.push(p[j++]); continue; }
    const li = serverIndex(s[i]);
    const ri = serverIndex(p[j]);
    if (li >= 0 && ri >= 0 && li < ri) out.push(s[i++]);
    else out.push(p[j++]);
  }
  return out;
}

/** Stable sort of `list` by position in `order`; `$patch: delete` items go last (normalizeSliceOrder). */
function sortByOrder(list: JsonValue[], order: JsonValue[], mergeKey: string, kind: ElementKind): JsonValue[] {
  let items = list;
  let deletions: JsonValue[] = [];
  if (kind === 'object') {
    for (const v of [...list, ...order]) {
      if (!isJsonObject(v)) throw badArgType('map', v);
      if (!hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
    }
    items = list.filter((v) => (v as JsonObject)[PATCH] !== 'delete');
    deletions = list.filter((v) => (v as JsonObject)[PATCH] === 'delete');
  }
  const position = indexer(order, mergeKey, kind);
  // Go's sort.SliceStable with its `less`, which calls an item not found in `order` smaller than
  // anything; an insertion sort reproduces its result for the short lists patches carry.
  const less = (a: JsonValue, b: JsonValue) => {
    const ia = position(a);
    const ib = position(b);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  const sorted = [...items];
  for (let x = 1; x < sorted.length; x++) {
    for (let y = x; y > 0 && less(sorted[y], sorted[y - 1]); y--) [sorted[y - 1], sorted[y]] = [sorted[y], sorted[y - 1]];
  }
  return [...sorted, ...deletions];
}

/** Position of an item in `list` (first match by merge key for objects, by value otherwise), -1 if absent. */
function indexer(list: JsonValue[], mergeKey: string, kind: ElementKind): (v: JsonValue) => number {
  const keyOf = (v: JsonValue): JsonValue | undefined => (kind === 'object' ? (isJsonObject(v) ? getOwn(v, mergeKey) ?? null : null) : v);
  const positions = new Map<JsonValue | undefined, number>();
  list.forEach((v, i) => { const k = keyOf(v); if (!positions.has(k)) positions.set(k, i); });
  return (v) => positions.get(keyOf(v)) ?? -1;
}

type ElementKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

function kindOf(v: JsonValue): ElementKind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as ElementKind;
}

/** The one kind of all items of the lists (undefined when they are empty); mixed kinds and nested lists are errors. */
function elementKind(...lists: JsonValue[][]): ElementKind | undefined {
  let kind: ElementKind | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = kindOf(v);
      if (kind === undefined) {
        if (k === 'array') throw patchRejected(SMP.noListOfLists);
        kind = k;
      } else if (k !== kind) {
        throw badPatch(`list element types are not identical: ${goValue(lists)}`);
      }
    }
  }
  return kind;
}

function dedupe(list: JsonValue[]): JsonValue[] {
  return list.filter((v, i) => list.indexOf(v) === i);
}

/** `$setElementOrder/containers` → `containers`; the prefix must be followed by `/`. */
function directiveTarget(key: string, prefix: string, error: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw badPatch(error);
  return key.slice(slash + 1);
}

/** A value the original lacks (or has with another type): maps carrying `$patch` are dropped. */
function takeFromPatch(original: JsonObject, field: string, value: JsonValue): void {
  const kept = withoutDirectiveMaps(value);
  if (kept === undefined) delete original[field];
  else setOwn(original, field, stripPatchOnly(kept));
}

/** Kubernetes' removeDirectives (after dropping nulls): a map with a `$patch` vanishes with its content. */
function withoutDirectiveMaps(v: JsonValue): JsonValue | undefined {
  if (Array.isArray(v)) return v.map(withoutDirectiveMaps).filter((x): x is JsonValue => x !== undefined);
  if (!isJsonObject(v)) return v;
  if (hasOwn(v, PATCH) && v[PATCH] !== null) return undefined;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null) { setOwn(out, k, x); continue; }
    const kept = withoutDirectiveMaps(x);
    if (kept !== undefined) setOwn(out, k, kept);
  }
  return out;
}

/** Drops null members and directive keys, which decoding into the typed object would lose too. */
function stripPatchOnly(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(stripPatchOnly);
  if (!isJsonObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || isDirectiveKey(k)) continue;
    setOwn(out, k, stripPatchOnly(x));
  }
  return out;
}

function isDirectiveKey(k: string): boolean {
  return k === PATCH || k === RETAIN_KEYS || k.startsWith(`${SET_ELEMENT_ORDER}/`) || k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`);
}
