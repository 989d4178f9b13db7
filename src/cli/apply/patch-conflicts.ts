// Whether two strategic merge patches touch the same field differently (apimachinery
// strategicpatch.MergingMapsHaveConflicts). `kubectl apply --overwrite=false` refuses a patch that
// conflicts with the changes others made to the live object since the last apply.
import { getOwn, hasOwn, isJsonObject, jsonEqual, type JsonObject, type JsonValue } from '../../api/json-value';
import type { PatchMetaLookup } from '../../api/patch-meta-lookup';
import { PATCH_DIRECTIVE, RETAIN_KEYS, deduplicateScalars, goString, sliceElementKind, sortScalars } from './smp-lists';

export function patchesConflict(left: JsonObject, right: JsonObject, lookup: PatchMetaLookup): boolean {
  return fieldsConflict(left, right, lookup, '', '');
}

function fieldsConflict(left: JsonValue, right: JsonValue, lookup: PatchMetaLookup, strategy: string, mergeKey: string): boolean {
  if (isJsonObject(left)) {
    if (!isJsonObject(right)) return true;
    const l = hasOwn(left, PATCH_DIRECTIVE);
    const r = hasOwn(right, PATCH_DIRECTIVE);
    // A directive acts on the whole map: it conflicts with anything but the same directive.
    if ((l || r) && (l !== r || left[PATCH_DIRECTIVE] !== right[PATCH_DIRECTIVE])) return true;
    if (strategy === 'replace') return false;
    return mapsConflict(left, right, lookup);
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right)) return true;
    return slicesConflict(left, right, lookup, strategy, mergeKey);
  }
  return !jsonEqual(left, right);
}

function mapsConflict(left: JsonObject, right: JsonObject, lookup: PatchMetaLookup): boolean {
  for (const key of Object.keys(left)) {
    if (key === PATCH_DIRECTIVE || key === RETAIN_KEYS) continue;
    const rv = getOwn(right, key);
    if (rv === undefined) continue;
    const lv = left[key];
    let sub = lookup;
    let strategy = '';
    let mergeKey = '';
    if (Array.isArray(lv)) {
      const { meta, items } = lookup.list(key);
      [sub, strategy, mergeKey] = [items, meta.strategy, meta.mergeKey];
    } else if (isJsonObject(lv)) {
      const { meta, lookup: inner } = lookup.field(key);
      [sub, strategy, mergeKey] = [inner, meta.strategy, meta.mergeKey];
    }
    if (fieldsConflict(lv, rv, sub, strategy, mergeKey)) return true;
  }
  return false;
}

function slicesConflict(left: JsonValue[], right: JsonValue[], lookup: PatchMetaLookup, strategy: string, mergeKey: string): boolean {
  const kind = sliceElementKind(left, right);
  if (strategy === 'merge') {
    // Merging lists of scalars never conflict; lists of maps compare item by merge key.
    if (kind !== 'map') return false;
    const l = byMergeKey(left, mergeKey);
    const r = byMergeKey(right, mergeKey);
    for (const [k, lv] of l) {
      const rv = r.get(k);
      if (rv !== undefined && fieldsConflict(lv, rv, lookup, '', '')) return true;
    }
    return false;
  }
  if (left.length !== right.length) return true;
  const [l, r] = kind === 'map' ? [left, right] : [sortScalars(deduplicateScalars(left)), sortScalars(deduplicateScalars(right))];
  return l.some((v, i) => fieldsConflict(v, r[i], lookup, '', ''));
}

function byMergeKey(list: JsonValue[], mergeKey: string): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  for (const v of list) {
    if (!isJsonObject(v)) throw new Error(`invalid element type in merging list:${JSON.stringify(list)}`);
    const key = getOwn(v, mergeKey);
    if (key === undefined) throw new Error(`cannot find merge key \`${mergeKey}\` in merging list element:${JSON.stringify(v)}`);
    out.set(goString(key), v);
  }
  return out;
}
