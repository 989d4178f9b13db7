// The path element naming one item of a granular list: for a list-map, its key fields (with
// schema defaults for omitted ones); for a set, its value. Kubernetes' error texts are kept,
// since they reach clients inside apply errors.
import { type KeyField, type PathElement, keyElement } from './path-element';
import type { ListType } from './type-node';
import { getOwn, isMap } from './value';

export class ItemKeyError extends Error {}

export function listItemElement(list: ListType, item: unknown): PathElement {
  if (list.atomic) throw new ItemKeyError('invalid indexing of non-associative list');
  if (list.keys.length > 0) {
    if (item === null) throw new ItemKeyError('associative list with keys may not have a null element');
    if (!isMap(item)) throw new ItemKeyError('associative list with keys may not have non-map elements');
    const fields: KeyField[] = [];
    for (const name of list.keys) {
      if (Object.prototype.hasOwnProperty.call(item, name)) {
        fields.push({ name, value: getOwn(item, name) });
      } else {
        const def = list.keyDefault(name);
        // An omitted key without a default is left out: that is a different item than one setting it.
        if (def !== undefined) fields.push({ name, value: def });
      }
    }
    if (fields.length === 0) {
      const names = list.keys.map((k) => JSON.stringify(k)).join(' ');
      throw new ItemKeyError(`associative list with keys has an element that omits all key fields [${names}] (and doesn't have default values for any key fields)`);
    }
    return keyElement(fields);
  }
  if (isMap(item)) throw new ItemKeyError("associative list without keys has an element that's a map type");
  if (Array.isArray(item)) throw new ItemKeyError('not supported: associative list with lists as elements');
  if (item === null || item === undefined) throw new ItemKeyError("associative list without keys has an element that's an explicit null");
  return { kind: 'value', value: item };
}
