// The set of fields an object (usually an applied configuration) sets: every scalar, atomic list
// and atomic map is a member; so is every list item (its `.` in FieldsV1), every map entry that
// is not a declared struct field, and every empty or null value. Struct fields that merely hold
// other fields are parents only, which is why `f:spec` never carries a `.`.
import { FieldSet } from './field-set';
import { listItemElement } from './item-key';
import { type PathElement, fieldElement, serializePathElement } from './path-element';
import { type TypeNode, UNTYPED_ATOMIC, atomKind, mapFieldType } from './type-node';
import { isMap } from './value';

export function toFieldSet(value: unknown, type: TypeNode): FieldSet {
  const set = FieldSet.empty();
  walk(value, type, [], set);
  return set;
}

function walk(v: unknown, type: TypeNode, path: PathElement[], set: FieldSet): void {
  const kind = atomKind(type, v);
  if (kind === 'scalar') { set.insert(path); return; }
  if (kind === 'list') {
    const list = type.list!;
    if (list.atomic) { set.insert(path); return; }
    if (!Array.isArray(v)) return;
    const items = v.map((item) => ({ item, pe: tryElement(type, item) }));
    // Duplicated items (allowed in live objects) are owned as a whole, never field by field.
    const counts = new Map<string, number>();
    for (const { pe } of items) if (pe) counts.set(serializePathElement(pe), (counts.get(serializePathElement(pe)) ?? 0) + 1);
    for (const { item, pe } of items) {
      if (!pe) continue;
      const itemPath = [...path, pe];
      if ((counts.get(serializePathElement(pe)) ?? 0) > 1) { set.insert(itemPath); continue; }
      walk(item, list.element(), itemPath, set);
      set.insert(itemPath);
    }
    return;
  }
  const map = type.map!;
  if (map.atomic) { set.insert(path); return; }
  if (!isMap(v)) return;
  for (const key of Object.keys(v)) {
    const child = v[key];
    const childPath = [...path, fieldElement(key)];
    walk(child, mapFieldType(map, key) ?? UNTYPED_ATOMIC, childPath, set);
    if (child === null || (isMap(child) && Object.keys(child).length === 0) || !map.field(key)) set.insert(childPath);
  }
}

function tryElement(type: TypeNode, item: unknown): PathElement | undefined {
  try {
    return listItemElement(type.list!, item);
  } catch {
    // Items without a usable key cannot be tracked; validation reports them for applied objects.
    return undefined;
  }
}
