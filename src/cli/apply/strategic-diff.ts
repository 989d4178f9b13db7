// The two-way strategic merge diff (apimachinery strategicpatch.diffMaps): the patch that turns
// one document into another, with merge-keyed lists diffed item by item, `$patch: delete` for
// removed items, `$setElementOrder/<list>` to carry the new order, `$deleteFromPrimitiveList/<list>`
// for removed scalars and `$retainKeys` for fields whose strategy asks for it. The options let
// the three-way patch ask for only the additions and changes, or only the deletions.
import { getOwn, hasOwn, isJsonObject, jsonEqual, setOwn, type JsonObject, type JsonValue } from '../../api/json-value';
import type { PatchMetaLookup } from '../../api/patch-meta-lookup';
import {
  DELETE_FROM_PRIMITIVE_LIST, PATCH_DIRECTIVE, RETAIN_KEYS, SET_ELEMENT_ORDER, asMap, deduplicateScalars, goEqual, goKind,
  goString, mergeKeyValue, normalizeSliceOrder, sliceElementKind, sortMapsByMergeKey, sortScalars,
} from './smp-lists';

export interface DiffOptions {
  /** Emit `$setElementOrder` lists for merging lists whose content or order changed. */
  setElementOrder?: boolean;
  /** Leave additions and changes out of the patch (only deletions). */
  ignoreChangesAndAdditions?: boolean;
  /** Leave deletions out of the patch (only additions and changes). */
  ignoreDeletions?: boolean;
  /** The map being diffed sits under a field with the retainKeys strategy. */
  buildRetainKeys?: boolean;
}

/** The strategic merge patch from `original` to `modified`, within the limits `o` sets. */
export function diffMaps(original: JsonObject, modified: JsonObject, lookup: PatchMetaLookup, o: DiffOptions): JsonObject {
  const patch: JsonObject = {};
  const retainKeys: JsonValue[] = [];
  for (const key of Object.keys(modified)) {
    const mv = modified[key];
    if (o.buildRetainKeys && mv !== null) retainKeys.push(key);
    if (!hasOwn(original, key)) {
      if (!o.ignoreChangesAndAdditions) setOwn(patch, key, mv);
      continue;
    }
    const ov = original[key];
    if (key === PATCH_DIRECTIVE) {
      if (typeof ov !== 'string' || typeof mv !== 'string') throw new Error(`invalid value for special key: ${PATCH_DIRECTIVE}`);
      if (ov !== mv) patch[key] = mv;
      continue;
    }
    if (goKind(ov) !== goKind(mv)) {
      if (!o.ignoreChangesAndAdditions) setOwn(patch, key, mv);
      continue;
    }
    if (isJsonObject(ov)) diffMapField(key, ov, asMap(mv), patch, lookup, o);
    else if (Array.isArray(ov)) diffListField(key, ov, mv as JsonValue[], patch, lookup, o);
    else if (!o.ignoreChangesAndAdditions && !jsonEqual(ov, mv)) setOwn(patch, key, mv);
  }
  if (!o.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!hasOwn(modified, key)) setOwn(patch, key, null);
  }
  // $retainKeys goes out when something changes here or the original holds keys the new map drops.
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || hasDroppedField(original, modified))) {
    patch[RETAIN_KEYS] = sortScalars(retainKeys);
  }
  return patch;
}

function hasDroppedField(original: JsonObject, modified: JsonObject): boolean {
  return Object.keys(original).some((k) => original[k] !== null && !hasOwn(modified, k));
}

function diffMapField(key: string, ov: JsonObject, mv: JsonObject, patch: JsonObject, lookup: PatchMetaLookup, o: DiffOptions): void {
  const { meta, lookup: sub } = lookup.field(key);
  if (meta.strategy === 'replace') {
    if (!o.ignoreChangesAndAdditions) setOwn(patch, key, mv);
    return;
  }
  const p = diffMaps(ov, mv, sub, { ...o, buildRetainKeys: meta.retainKeys });
  if (Object.keys(p).length > 0) setOwn(patch, key, p);
}

function diffListField(key: string, ov: JsonValue[], mv: JsonValue[], patch: JsonObject, lookup: PatchMetaLookup, o: DiffOptions): void {
  const { meta, items } = lookup.list(key);
  if (meta.strategy !== 'merge') {
    if (!o.ignoreChangesAndAdditions && !jsonEqual(ov, mv)) setOwn(patch, key, mv);
    return;
  }
  const { changes, deletions, order } = diffLists(ov, mv, items, meta.mergeKey, { ...o, buildRetainKeys: meta.retainKeys });
  if (changes.length > 0) setOwn(patch, key, changes);
  if (deletions.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST}/${key}`] = deletions;
  if (order.length > 0) patch[`${SET_ELEMENT_ORDER}/${key}`] = order;
}

interface ListDiff {
  /** Added and changed items, then `$patch: delete` items (lists of maps). */
  changes: JsonValue[];
  /** Removed scalars, for `$deleteFromPrimitiveList`. */
  deletions: JsonValue[];
  /** The `$setElementOrder` list, empty when none is needed. */
  order: JsonValue[];
}

function diffLists(original: JsonValue[], modified: JsonValue[], lookup: PatchMetaLookup, mergeKey: string, o: DiffOptions): ListDiff {
  if (original.length === 0) {
    const added = modified.length === 0 || o.ignoreChangesAndAdditions ? [] : modified;
    return { changes: added, deletions: [], order: [] };
  }
  const kind = sliceElementKind(original, modified);
  if (kind === 'map') {
    const { changes, deletions } = diffListsOfMaps(original, modified, lookup, mergeKey, o);
    const all = [...normalizeSliceOrder(changes, modified, mergeKey, kind), ...deletions];
    const orderSame = original.length === modified.length && modified.every((m, i) => goEqual(mergeKeyValue(original[i], mergeKey), mergeKeyValue(m, mergeKey)));
    const wanted = o.setElementOrder && ((!o.ignoreChangesAndAdditions && (all.length > 0 || !orderSame)) || (!o.ignoreDeletions && all.length > 0));
    const order = wanted ? modified.map((m) => ({ [mergeKey]: getOwn(asMap(m), mergeKey) ?? null })) : [];
    return { changes: all, deletions: [], order };
  }
  const { added, removed } = diffListsOfScalars(original, modified, o);
  const changes = normalizeSliceOrder(added, modified, mergeKey, kind);
  // Go sorts `original` in place before this comparison, so a live list that is merely in another
  // order than the manifest's counts as changed and gets an order directive.
  const wanted = o.setElementOrder && ((!o.ignoreDeletions && removed.length > 0) || (!o.ignoreChangesAndAdditions && !jsonEqual(sortScalars(original), modified)));
  return { changes, deletions: removed, order: wanted ? modified : [] };
}

/** Walks both lists sorted by %v text, as Go does. */
function diffListsOfScalars(original: JsonValue[], modified: JsonValue[], o: DiffOptions): { added: JsonValue[]; removed: JsonValue[] } {
  const os = sortScalars(original);
  const ms = sortScalars(modified);
  const added: JsonValue[] = [];
  const removed: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const a = i < os.length ? goString(os[i]) : undefined;
    const b = j < ms.length ? goString(ms[j]) : undefined;
    if (a !== undefined && b !== undefined && a === b) { i++; j++; }
    else if (a === undefined || (b !== undefined && a > b)) {
      if (!o.ignoreChangesAndAdditions) added.push(ms[j]);
      j++;
    } else {
      if (!o.ignoreDeletions) removed.push(os[i]);
      i++;
    }
  }
  return { added, removed: deduplicateScalars(removed) };
}

/** Items matched by the %v text of their merge key; matched items are diffed recursively. */
function diffListsOfMaps(original: JsonValue[], modified: JsonValue[], lookup: PatchMetaLookup, mergeKey: string, o: DiffOptions): { changes: JsonValue[]; deletions: JsonValue[] } {
  const os = sortMapsByMergeKey(original, mergeKey);
  const ms = sortMapsByMergeKey(modified, mergeKey);
  const changes: JsonValue[] = [];
  const deletions: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const oKey = i < os.length ? mergeKeyValue(os[i], mergeKey) : undefined;
    const mKey = j < ms.length ? mergeKeyValue(ms[j], mergeKey) : undefined;
    const a = oKey === undefined ? undefined : goString(oKey);
    const b = mKey === undefined ? undefined : goString(mKey);
    if (a !== undefined && b !== undefined && a === b) {
      const p = diffMaps(asMap(os[i]), asMap(ms[j]), lookup, o);
      if (Object.keys(p).length > 0) {
        setOwn(p, mergeKey, mKey as JsonValue);
        changes.push(p);
      }
      i++;
      j++;
    } else if (a === undefined || (b !== undefined && a > b)) {
      if (!o.ignoreChangesAndAdditions) changes.push(ms[j]);
      j++;
    } else {
      if (!o.ignoreDeletions) deletions.push({ [mergeKey]: oKey as JsonValue, [PATCH_DIRECTIVE]: 'delete' });
      i++;
    }
  }
  return { changes, deletions };
}
