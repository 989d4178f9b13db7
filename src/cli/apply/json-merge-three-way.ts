// The three-way JSON merge patch kubectl apply sends for kinds without strategic merge support
// (custom resources; jsonmergepatch.CreateThreeWayJSONMergePatch): additions and changes from the
// live object to the manifest, deletions (nulls) from the last applied manifest to the new one.
// Lists are replaced whole. apiVersion, kind and metadata.name may not change.
import { getOwn, hasOwn, isJsonObject, jsonEqual, setOwn, type JsonObject, type JsonValue } from '../../api/json-value';

export function threeWayJsonMergePatch(original: JsonObject | undefined, modified: JsonObject, current: JsonObject): JsonObject {
  const changes = keepNulls(mergeDiff(current, modified), false);
  const deletions = keepNulls(mergeDiff(original ?? {}, modified), true);
  if (valuesConflict(changes, deletions)) throw new Error('patch conflicts: a field is both changed and deleted');
  const patch = applyMergePatch(deletions, changes);
  const meta = getOwn(patch, 'metadata');
  if (hasOwn(patch, 'apiVersion') || hasOwn(patch, 'kind') || (isJsonObject(meta) && hasOwn(meta, 'name'))) {
    throw new Error('At least one of apiVersion, kind and name was changed');
  }
  return patch;
}

/** RFC 7386 diff (evanphx/json-patch CreateMergePatch): what turns `a` into `b`. */
function mergeDiff(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(b)) {
    const av = getOwn(a, key);
    const bv = b[key];
    if (av === undefined) setOwn(out, key, bv);
    else if (isJsonObject(av) && isJsonObject(bv)) {
      const d = mergeDiff(av, bv);
      if (Object.keys(d).length > 0) setOwn(out, key, d);
    } else if (!jsonEqual(av, bv)) setOwn(out, key, bv);
  }
  for (const key of Object.keys(a)) if (!hasOwn(b, key)) setOwn(out, key, null);
  return out;
}

/** Only the nulls (deletions) of a patch, or everything but them. */
function keepNulls(patch: JsonObject, nulls: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(patch)) {
    if (v === null) {
      if (nulls) setOwn(out, key, null);
    } else if (isJsonObject(v)) {
      // An explicitly empty map is a value to set, not an empty patch.
      if (Object.keys(v).length === 0) {
        if (!nulls) setOwn(out, key, v);
        continue;
      }
      const sub = keepNulls(v, nulls);
      if (Object.keys(sub).length > 0) setOwn(out, key, sub);
    } else if (!nulls) {
      setOwn(out, key, v);
    }
  }
  return out;
}

/** mergepatch.HasConflicts: both patches set a key to different values. */
function valuesConflict(left: JsonValue, right: JsonValue): boolean {
  if (isJsonObject(left)) {
    if (!isJsonObject(right)) return true;
    return Object.keys(left).some((k) => hasOwn(right, k) && valuesConflict(left[k], right[k]));
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return true;
    return left.some((v, i) => valuesConflict(v, right[i]));
  }
  return !jsonEqual(left, right);
}

/** RFC 7386 merge of two patches: `patch` has no nulls here, so it only adds and replaces. */
function applyMergePatch(doc: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...doc };
  for (const [key, pv] of Object.entries(patch)) {
    const cur = getOwn(out, key);
    setOwn(out, key, isJsonObject(cur) && isJsonObject(pv) ? applyMergePatch(cur, pv) : pv);
  }
  return out;
}
