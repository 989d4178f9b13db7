// Merging two strategic merge patches into one (apimachinery strategicpatch.mergeMap with
// MergeParallelList and IgnoreUnmatchedNulls off): how kubectl joins the deletions patch and the
// changes patch of a three-way apply. Unlike applying a patch to an object, nulls stay (they are
// deletions to send), directive lists are carried over rather than executed, and both patches
// must agree on the `$retainKeys` and `$setElementOrder` lists they share.
import { cloneJson, getOwn, hasOwn, isJsonObject, jsonEqual, setOwn, type JsonObject, type JsonValue } from '../../api/json-value';
import type { PatchMetaLookup } from '../../api/patch-meta-lookup';
import { goPrint } from '../explain/go-values';
import {
  DELETE_FROM_PRIMITIVE_LIST, PATCH_DIRECTIVE, RETAIN_KEYS, SET_ELEMENT_ORDER, asMap, deduplicateScalars, directiveField,
  errBadArgType, errNoMergeKey, findByMergeKey, goKind, normalizeElementOrder, partitionByPresence, sliceElementKind,
} from './smp-lists';

/** `second` merged into `first`; neither argument is modified. */
export function mergePatches(first: JsonObject, second: JsonObject, lookup: PatchMetaLookup): JsonObject {
  return mergeMap(cloneJson(first), cloneJson(second), lookup);
}

// The helpers below mutate their (already copied) arguments, as the Go code does.

function mergeMap(original: JsonObject, patch: JsonObject, lookup: PatchMetaLookup): JsonObject {
  if (hasOwn(patch, PATCH_DIRECTIVE)) return mapDirective(patch);
  carryRetainKeys(original, patch);
  mergeOrderedLists(original, patch, lookup);

  for (const key of Object.keys(patch)) {
    const pv = patch[key];
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      setOwn(original, key, pv);
      continue;
    }
    if (pv === null) delete original[key];
    const ov = getOwn(original, key);
    if (ov === undefined || goKind(ov) !== goKind(pv)) {
      takeFromPatch(original, key, pv);
    } else if (isJsonObject(ov)) {
      const { meta, lookup: sub } = lookup.field(key);
      setOwn(original, key, meta.strategy === 'replace' ? pv : mergeMap(ov, asMap(pv), sub));
    } else if (Array.isArray(ov)) {
      const { meta, items } = lookup.list(key);
      setOwn(original, key, meta.strategy === 'merge' ? mergeSlice(ov, pv as JsonValue[], items, meta.mergeKey) : pv);
    } else {
      takeFromPatch(original, key, pv);
    }
  }
  return original;
}

function takeFromPatch(original: JsonObject, key: string, pv: JsonValue): void {
  const [v, keep] = removeDirectives(pv);
  if (keep) setOwn(original, key, v);
  else delete original[key];
}

function mapDirective(patch: JsonObject): JsonObject {
  const directive = patch[PATCH_DIRECTIVE];
  if (directive === 'replace') {
    delete patch[PATCH_DIRECTIVE];
    return patch;
  }
  if (directive === 'delete') return {};
  throw new Error(`unknown patch type: ${goPrint(directive)} in map: ${goPrint(patch)}`);
}

/** Both patches build `$retainKeys` from the same modified map, so they must agree. */
function carryRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, RETAIN_KEYS)) return;
  const keys = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  const mine = getOwn(original, RETAIN_KEYS);
  if (mine === undefined) original[RETAIN_KEYS] = keys;
  else if (!jsonEqual(mine, keys)) {
    throw new Error(`${goPrint(mine)} and ${goPrint(keys)} are not deep equal: this may happen when calculating the 3-way diff patch`);
  }
}

/**
 * Each `$setElementOrder/<list>` of the second patch: carried over (the first patch must hold
 * the same list or none), and the list it orders merged now and arranged in that order.
 */
function mergeOrderedLists(original: JsonObject, patch: JsonObject, lookup: PatchMetaLookup): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    const mine = getOwn(original, key);
    if (mine === undefined) setOwn(original, key, order);
    else if (!jsonEqual(mine, order)) throw new Error('invalid patch format of setElementOrder list');
    delete patch[key];
    if (!Array.isArray(order)) throw errBadArgType('slice', order);

    const field = directiveField(key, SET_ELEMENT_ORDER);
    const ov = getOwn(original, field);
    const pv = getOwn(patch, field);
    if (ov !== undefined && !Array.isArray(ov)) throw errBadArgType('slice', ov);
    if (pv !== undefined && !Array.isArray(pv)) throw errBadArgType('slice', pv);
    const { meta, items } = lookup.list(field);
    validateOrder(pv ?? [], order, meta.mergeKey);

    let merged: JsonValue[];
    if (ov && !pv) merged = ov;
    else if (!ov && pv) merged = removeDirectives(pv)[0] as JsonValue[];
    else if (ov && pv) merged = meta.strategy === 'merge' ? mergeSlice(ov, pv, items, meta.mergeKey) : pv;
    else continue;

    const [inOrder, serverOnly] = partitionByPresence(merged, order, meta.mergeKey);
    const kind = sliceElementKind(ov ?? [], pv ?? []);
    setOwn(original, field, normalizeElementOrder(inOrder, serverOnly, order, ov ?? [], meta.mergeKey, kind));
    delete patch[field];
  }
}

/** The patch list's items must appear in the order list, in the same relative order. */
function validateOrder(list: JsonValue[], order: JsonValue[], mergeKey: string): void {
  if (list.length === 0 || order.length === 0) return;
  const items = mergeKey ? list.filter((v) => {
    if (!isJsonObject(v)) throw errBadArgType('map', v);
    return getOwn(v, PATCH_DIRECTIVE) !== 'delete';
  }) : list;
  const keyOf = (v: JsonValue): JsonValue | undefined => {
    if (!mergeKey) return v;
    if (!isJsonObject(v)) throw errBadArgType('map', v);
    const k = getOwn(v, mergeKey);
    if (k === undefined) throw errNoMergeKey(v, mergeKey);
    return k;
  };
  let i = 0;
  let j = 0;
  while (i < items.length && j < order.length) {
    if (isJsonObject(items[i]) && hasOwn(items[i] as JsonObject, PATCH_DIRECTIVE)) { i++; continue; }
    if (keyOf(items[i]) === keyOf(order[j])) i++;
    j++;
  }
  if (i < items.length) {
    throw new Error(`The order in patch list:\n${goPrint(list)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goPrint(order)}\n`);
  }
}

function mergeSlice(original: JsonValue[], patch: JsonValue[], lookup: PatchMetaLookup, mergeKey: string): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let base = original;
  let items = patch;
  let merged: JsonValue[];
  if (kind !== 'map') {
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw new Error(`cannot merge lists without merge key for ${lookup.name}`);
    [base, items] = applySpecialElements(original, patch, mergeKey);
    merged = [...base];
    for (const v of items) {
      const item = asMap(v);
      const key = getOwn(item, mergeKey);
      if (key === undefined) throw errNoMergeKey(item, mergeKey);
      const at = findByMergeKey(merged, mergeKey, key);
      if (at >= 0) merged[at] = mergeMap(asMap(merged[at]), item, lookup);
      else merged.push(v);
    }
  }
  const [patchItems, serverOnly] = partitionByPresence(merged, items, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, items, base, mergeKey, kind);
}

/** `$patch: delete` items remove their match from the base, `$patch: replace` makes the patch the list. */
function applySpecialElements(original: JsonValue[], patch: JsonValue[], mergeKey: string): [JsonValue[], JsonValue[]] {
  let base = original;
  const plain: JsonValue[] = [];
  let replace = false;
  for (const v of patch) {
    const item = asMap(v);
    if (!hasOwn(item, PATCH_DIRECTIVE)) { plain.push(v); continue; }
    const directive = item[PATCH_DIRECTIVE];
    if (directive === 'delete') {
      const key = getOwn(item, mergeKey);
      if (key === undefined) throw errNoMergeKey(item, mergeKey);
      base = base.filter((b) => !(isJsonObject(b) && getOwn(b, mergeKey) === key));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw new Error('merging lists cannot yet be specified in the patch');
    } else {
      throw new Error(`unknown patch type: ${goPrint(directive)} in map: ${goPrint(item)}`);
    }
  }
  return replace ? [plain, []] : [base, plain];
}

/** The value without maps that carry `$patch` (and without list items that are such maps); `false` when the value itself is one. */
function removeDirectives(v: JsonValue): [JsonValue, boolean] {
  if (isJsonObject(v)) {
    if (hasOwn(v, PATCH_DIRECTIVE)) return [null, false];
    for (const k of Object.keys(v)) {
      const [nv, keep] = removeDirectives(v[k]);
      if (keep) setOwn(v, k, nv);
      else delete v[k];
    }
    return [v, true];
  }
  if (Array.isArray(v)) return [v.flatMap((x) => { const [nv, keep] = removeDirectives(x); return keep ? [nv] : []; }), true];
  return [v, true];
}
