// What changed between two versions of an object, as three field sets: added, modified
// (leaves whose value differs) and removed. Added and removed include the parents that appear or
// disappear (a new `.metadata.labels` map is added itself, as are its keys), which is why an
// Update entry's FieldsV1 shows `.` on structures the manager created.
import { FieldSet } from './field-set';
import { listItemElement } from './item-key';
import { type PathElement, fieldElement, serializePathElement } from './path-element';
import { type TypeNode, UNTYPED_ATOMIC, atomKind, mapFieldType } from './type-node';
import { getOwn, isMap, valuesEqual } from './value';

export interface Comparison { added: FieldSet; modified: FieldSet; removed: FieldSet }

/** `undefined` stands for "absent" (a create compares against a zero object instead). */
export function compareObjects(lhs: unknown, rhs: unknown, type: TypeNode): Comparison {
  const c: Comparison = { added: FieldSet.empty(), modified: FieldSet.empty(), removed: FieldSet.empty() };
  compareNode(lhs, rhs, type, [], c);
  return c;
}

/** The comparison without the fields under `ignored` (reset fields the strategy overwrites). */
export function excludeFields(c: Comparison, ignored: FieldSet | undefined): Comparison {
  if (!ignored || ignored.isEmpty()) return c;
  return {
    added: c.added.recursiveDifference(ignored),
    modified: c.modified.recursiveDifference(ignored),
    removed: c.removed.recursiveDifference(ignored),
  };
}

function compareNode(l: unknown, r: unknown, type: TypeNode, path: PathElement[], c: Comparison): void {
  const kl = atomKind(type, l);
  const kr = atomKind(type, r);
  let leaf: boolean;
  if (r === undefined) leaf = handle(kl, l, r, type, path, c);
  else if (l === undefined || kl === kr) leaf = handle(kr, l, r, type, path, c);
  else {
    // The value changed kind: both readings are compared, as Kubernetes does.
    handle(kl, l, r, type, path, c);
    leaf = handle(kr, l, r, type, path, c);
  }
  if (!leaf) {
    if (l === undefined) c.added.insert(path);
    else if (r === undefined) c.removed.insert(path);
  }
}

function compareLeaf(l: unknown, r: unknown, path: PathElement[], c: Comparison): true {
  if (l === undefined) c.added.insert(path);
  else if (r === undefined) c.removed.insert(path);
  else if (!valuesEqual(l, r)) c.modified.insert(path);
  return true;
}

/** Returns whether the node was compared as a leaf. */
function handle(kind: 'scalar' | 'list' | 'map', l: unknown, r: unknown, type: TypeNode, path: PathElement[], c: Comparison): boolean {
  if (kind === 'scalar') return compareLeaf(l, r, path, c);
  if (kind === 'list') {
    const list = type.list!;
    const ll = Array.isArray(l) ? l : undefined;
    const rl = Array.isArray(r) ? r : undefined;
    if (list.atomic || (!ll?.length && !rl?.length)) return compareLeaf(l, r, path, c);
    compareListItems(type, ll ?? [], rl ?? [], path, c);
    return false;
  }
  const map = type.map!;
  const lm = isMap(l) ? l : undefined;
  const rm = isMap(r) ? r : undefined;
  const lEmpty = !lm || Object.keys(lm).length === 0;
  const rEmpty = !rm || Object.keys(rm).length === 0;
  if (map.atomic || (lEmpty && rEmpty)) return compareLeaf(l, r, path, c);
  const keys = new Set([...Object.keys(lm ?? {}), ...Object.keys(rm ?? {})]);
  for (const key of keys) {
    compareNode(getOwn(lm, key), getOwn(rm, key), mapFieldType(map, key) ?? UNTYPED_ATOMIC, [...path, fieldElement(key)], c);
  }
  return false;
}

export interface Group { pe: PathElement; items: unknown[] }

/** Items of a granular list by their key (items without a usable key are left out), in first-seen order. */
export function groupItems(type: TypeNode, items: unknown[], groups: Map<string, Group>, order: string[]): void {
  for (const item of items) {
    let pe: PathElement;
    try {
      pe = listItemElement(type.list!, item);
    } catch {
      continue;
    }
    const id = serializePathElement(pe);
    const g = groups.get(id);
    if (g) g.items.push(item);
    else { groups.set(id, { pe, items: [item] }); order.push(id); }
  }
}

function compareListItems(type: TypeNode, l: unknown[], r: unknown[], path: PathElement[], c: Comparison): void {
  const lg = new Map<string, Group>();
  const rg = new Map<string, Group>();
  const order: string[] = [];
  groupItems(type, l, lg, order);
  const rOrder: string[] = [];
  groupItems(type, r, rg, rOrder);
  for (const id of rOrder) if (!lg.has(id)) order.push(id);
  const element = type.list!.element();
  for (const id of order) {
    const pe = (lg.get(id) ?? rg.get(id))!.pe;
    const li = lg.get(id)?.items ?? [];
    const ri = rg.get(id)?.items ?? [];
    const itemPath = [...path, pe];
    if (li.length <= 1 && ri.length <= 1) {
      compareNode(li[0], ri[0], element, itemPath, c);
    } else if (li.length >= 2 && ri.length >= 2) {
      // Duplicated items are compared as a whole.
      if (li.length !== ri.length || !li.every((x, i) => valuesEqual(x, ri[i]))) c.modified.insert(itemPath);
    } else if (li.length >= 2) {
      if (ri.length) compareNode(undefined, ri[0], element, itemPath, c);
      c.removed.insert(itemPath);
    } else {
      if (li.length) compareNode(li[0], undefined, element, itemPath, c);
      c.added.insert(itemPath);
    }
  }
}
