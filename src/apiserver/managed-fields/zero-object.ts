// The fields a Go object always has. Kubernetes compares typed Go values, in which the
// top-level structs (`metadata`, `spec`, `status`) and, inside them, the fields Go never omits
// (a pod's `spec.containers`, as null) exist even when empty. A create compares against such a
// zero object, so it does not "add" `.spec` (kubectl's entries read `f:spec: {...}` without `.`
// but `f:labels: {.: {}, ...}`), and a later write that fills an empty `status` does not add
// `.status` either. Stored JSON may omit them, so both sides of a comparison are filled first.
import type { MapType, TypeNode } from './type-node';
import { type JsonMap, isMap, setOwn } from './value';

/** A declared field whose type is a struct (declared fields, not a free-form map). */
function structOf(type: TypeNode | undefined): MapType | undefined {
  const map = type?.map;
  return map && !type.list && !type.scalar && map.fieldNames().length > 0 ? map : undefined;
}

function zeroStruct(map: MapType, fields: readonly string[]): JsonMap {
  const out: JsonMap = {};
  for (const name of fields) {
    const t = map.field(name);
    const struct = structOf(t);
    if (struct) setOwn(out, name, zeroStruct(struct, struct.required()));
    else if (t?.list || t?.map) setOwn(out, name, null);
  }
  return out;
}

const cache = new WeakMap<TypeNode, JsonMap>();

/** The zero object of a kind; shared, never to be modified. */
export function zeroObject(type: TypeNode): JsonMap {
  const hit = cache.get(type);
  if (hit) return hit;
  const root = structOf(type);
  const out: JsonMap = {};
  for (const name of root?.fieldNames() ?? []) {
    const struct = structOf(root!.field(name));
    if (struct) setOwn(out, name, zeroStruct(struct, struct.required()));
  }
  cache.set(type, out);
  return out;
}

/** `obj` with the zero object's fields it lacks (a copy when anything is added). */
export function withZeroFields(type: TypeNode, obj: unknown): unknown {
  return isMap(obj) ? fill(zeroObject(type), obj) : obj;
}

function fill(zero: JsonMap, obj: JsonMap): JsonMap {
  let out = obj;
  for (const key of Object.keys(zero)) {
    const has = Object.prototype.hasOwnProperty.call(obj, key);
    const z = zero[key];
    let v: unknown;
    if (!has) v = z;
    else if (isMap(z) && isMap(obj[key])) v = fill(z, obj[key] as JsonMap);
    else continue;
    if (has && v === obj[key]) continue;
    if (out === obj) out = { ...obj };
    setOwn(out, key, v);
  }
  return out;
}
