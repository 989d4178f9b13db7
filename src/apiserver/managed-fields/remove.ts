// Removes the fields of a set from a value: a member path drops that field or list item whole,
// a parent path descends. A map or list left empty becomes null, which the caller drops at the
// end, as Go drops an empty omitempty field.
import type { FieldSet } from './field-set';
import { listItemElement } from './item-key';
import { type PathElement, fieldElement } from './path-element';
import { type TypeNode, UNTYPED_ATOMIC, atomKind, mapFieldType } from './type-node';
import { type JsonMap, isMap, setOwn } from './value';

export function removeItems(value: unknown, toRemove: FieldSet, type: TypeNode): unknown {
  const kind = atomKind(type, value);
  if (kind === 'scalar') return value;
  if (kind === 'list') {
    if (!Array.isArray(value) || value.length === 0 || type.list!.atomic) return null;
    const out: unknown[] = [];
    for (const item of value) {
      let pe: PathElement;
      try {
        pe = listItemElement(type.list!, item);
      } catch {
        out.push(item);
        continue;
      }
      if (toRemove.hasMember(pe)) continue;
      const sub = toRemove.withPrefix(pe);
      const kept = sub.isEmpty() ? item : removeItems(item, sub, type.list!.element());
      if (kept !== null) out.push(kept);
    }
    return out.length ? out : null;
  }
  const map = type.map!;
  if (!isMap(value) || Object.keys(value).length === 0 || map.atomic) return null;
  const out: JsonMap = {};
  for (const key of Object.keys(value)) {
    const pe = fieldElement(key);
    if (toRemove.hasMember(pe)) continue;
    const sub = toRemove.withPrefix(pe);
    setOwn(out, key, sub.isEmpty() ? value[key] : removeItems(value[key], sub, mapFieldType(map, key) ?? UNTYPED_ATOMIC));
  }
  return Object.keys(out).length ? out : null;
}
