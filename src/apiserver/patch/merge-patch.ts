// JSON Merge Patch (RFC 7386, application/merge-patch+json) as the Kubernetes apiserver's library
// (evanphx/json-patch v4 MergePatch) applies it: objects merge member by member, null deletes,
// anything else (arrays included) replaces; nulls inside newly added objects are dropped.
import { type JsonObject, type JsonValue, cloneJson, getOwn, isJsonObject, setOwn } from '../../api/json-value';
import { badPatch } from './patch-errors';

/** Returns the merged document; `doc` and `patch` are left untouched. */
export function applyMergePatch(doc: JsonValue, patch: JsonValue): JsonValue {
  // The library rejects a patch that is null or a scalar; an array patch becomes the result.
  if (patch === null || typeof patch !== 'object') throw badPatch('Invalid JSON Patch');
  const p = cloneJson(patch);
  if (Array.isArray(p)) return pruneArrayNulls(p);
  if (!isJsonObject(doc)) return pruneObjectNulls(p);
  return mergeObjects(cloneJson(doc), p);
}

function mergeObjects(doc: JsonObject, patch: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) { delete doc[key]; continue; }
    const cur = getOwn(doc, key);
    setOwn(doc, key, cur === undefined || cur === null ? pruneNulls(value) : mergeValue(cur, value));
  }
  return doc;
}

function mergeValue(cur: JsonValue, patch: JsonValue): JsonValue {
  if (!isJsonObject(cur)) return pruneNulls(patch);
  // An object replaced by a non-object keeps the patch value verbatim, nulls and all.
  if (!isJsonObject(patch)) return patch;
  return mergeObjects(cur, patch);
}

function pruneNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return pruneArrayNulls(v);
  return isJsonObject(v) ? pruneObjectNulls(v) : v;
}

function pruneObjectNulls(o: JsonObject): JsonObject {
  for (const [k, v] of Object.entries(o)) {
    if (v === null) delete o[k];
    else pruneNulls(v);
  }
  return o;
}

/** Null elements stay (they are values, not deletions); objects inside lose their null members. */
function pruneArrayNulls(a: JsonValue[]): JsonValue[] {
  for (const v of a) if (v !== null) pruneNulls(v);
  return a;
}
