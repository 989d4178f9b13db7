// Moving an object from client-side to server-side apply as kubectl does
// (client-go csaupgrade): the fields the client-side appliers own (Update entries that own the
// last-applied annotation) are merged into the `kubectl` Apply entry, and those Update entries go.
// Without this, a server-side apply after client-side applies could never remove a field the
// client-side applies had set.
import { isJsonObject, type JsonObject, type JsonValue } from '../../api/json-value';
import { LAST_APPLIED_ANNOTATION } from './last-applied';

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: JsonObject;
  subresource?: string;
}

/** Whether the entry's field set holds metadata.annotations[last-applied-configuration]. */
export function ownsLastApplied(entry: ManagedFieldsEntry): boolean {
  const meta = entry.fieldsV1?.['f:metadata'];
  const annotations = isJsonObject(meta) ? meta['f:annotations'] : undefined;
  const leaf = isJsonObject(annotations) ? annotations[`f:${LAST_APPLIED_ANNOTATION}`] : undefined;
  return isJsonObject(leaf) && (Object.keys(leaf).length === 0 || '.' in leaf);
}

/** The managed fields after migrating `csaManagers` into `ssaManager`; undefined when nothing changes. */
export function migratedManagedFields(entries: ManagedFieldsEntry[] | undefined, csaManagers: string[], ssaManager: string): ManagedFieldsEntry[] | undefined {
  if (!entries) return undefined;
  let result = entries;
  for (const csa of csaManagers) result = migrateOne(result, csa, ssaManager);
  return JSON.stringify(result) === JSON.stringify(entries) ? undefined : result;
}

const isCsa = (csa: string) => (e: ManagedFieldsEntry) => e.manager === csa && e.operation === 'Update' && !e.subresource;

function migrateOne(entries: ManagedFieldsEntry[], csa: string, ssa: string): ManagedFieldsEntry[] {
  const copy = entries.map((e) => ({ ...e }));
  let target = copy.findIndex((e) => e.manager === ssa && e.operation === 'Apply' && !e.subresource);
  if (target < 0) {
    target = copy.findIndex(isCsa(csa));
    if (target < 0) return copy;
    copy[target] = { ...copy[target], operation: 'Apply', manager: ssa };
  }
  const source = copy.find((e) => isCsa(csa)(e) && e.apiVersion === copy[target].apiVersion);
  const union = source ? unionFieldSets(copy[target].fieldsV1 ?? {}, source.fieldsV1 ?? {}) : normalized(copy[target].fieldsV1 ?? {});
  copy[target] = { ...copy[target], fieldsV1: union };
  return copy.filter((e) => !isCsa(csa)(e));
}

/** The union of two FieldsV1 trees ("." marks a member, children are keyed "f:", "k:", "v:", "i:"). */
function unionFieldSets(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    const av = a[key];
    const bv = b[key];
    out[key] = isJsonObject(av) && isJsonObject(bv) ? unionFieldSets(av, bv) : normalizedValue(av ?? bv);
  }
  return normalized(out);
}

function normalizedValue(v: JsonValue): JsonValue {
  return isJsonObject(v) ? normalized(v) : v;
}

// fieldpath.Set serialises its own membership first, then children: fields, keys, values, indexes.
const RANK: Record<string, number> = { '.': 0, f: 1, k: 2, v: 3, i: 4 };
function normalized(set: JsonObject): JsonObject {
  const rank = (k: string) => RANK[k === '.' ? '.' : k.slice(0, 1)] ?? 5;
  const keys = Object.keys(set).sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0));
  const out: JsonObject = {};
  for (const k of keys) out[k] = normalizedValue(set[k]);
  return out;
}
