// The fields a create gives its manager, in one walk of the new object. A create is an update
// from nothing: Kubernetes compares the kind's zero object with the new one and the creator owns
// what was added or modified. The generic comparison (compare.ts) builds three sets and a path
// array per node for every create; this walk mirrors its rules node for node but keeps only added
// and modified fields, and builds the set bottom-up, one level at a time. The two must agree: the
// managed-fields tests check them against each other.
import { type ChildNode, FieldSet } from './field-set';
import { type Group, groupItems } from './compare';
import { type PathElement, fieldElement } from './path-element';
import { type TypeNode, UNTYPED_ATOMIC, atomKind, mapFieldType } from './type-node';
import { type JsonMap, getOwn, isMap, valuesEqual } from './value';
import { withZeroFields, zeroObject } from './zero-object';

/** What one node gives its parent's level: whether the node is owned itself, and what is owned below it. */
interface Owned { member: boolean; below?: FieldSet }

const NOTHING: Owned = { member: false };
const MEMBER: Owned = { member: true };

/** What compareObjects(zero, obj) reports as added or modified, both sides filled with the zero object. */
export function createdFieldSet(obj: unknown, type: TypeNode): FieldSet {
  return compare(zeroObject(type), withZeroFields(type, obj), type).below ?? FieldSet.empty();
}

/** `l` is part of the zero object (or undefined where it has nothing), `r` of the filled new object. */
function compare(l: unknown, r: unknown, type: TypeNode): Owned {
  if (l === undefined) return added(r, type);
  // Removed: nothing to own.
  if (r === undefined) return NOTHING;
  const kl = atomKind(type, l);
  const kr = atomKind(type, r);
  // A value of another kind than its zero is compared in both readings, as compare.ts does.
  if (kl !== kr) return both(handle(kl, l, r, type), handle(kr, l, r, type));
  // Not a leaf: both sides exist, so the node itself is neither added nor removed.
  return handle(kr, l, r, type);
}

function both(a: Owned, b: Owned): Owned {
  const below = a.below && b.below ? a.below.union(b.below) : a.below ?? b.below;
  return { member: a.member || b.member, below };
}

/** A leaf of an existing zero node: owned when the new value differs. */
function leaf(l: unknown, r: unknown): Owned {
  return valuesEqual(l, r) ? NOTHING : MEMBER;
}

function handle(kind: 'scalar' | 'list' | 'map', l: unknown, r: unknown, type: TypeNode): Owned {
  if (kind === 'scalar') return leaf(l, r);
  if (kind === 'list') {
    // A zero node is never a non-empty list: every item of `r` is new.
    const rl = Array.isArray(r) ? r : undefined;
    const ll = Array.isArray(l) ? l : undefined;
    if (type.list!.atomic || (!ll?.length && !rl?.length)) return leaf(l, r);
    return { member: false, below: addedItems(type, rl ?? []) };
  }
  const map = type.map!;
  const lm = isMap(l) ? l : undefined;
  const rm = isMap(r) ? r : undefined;
  const rKeys = rm ? Object.keys(rm) : [];
  if (map.atomic || ((!lm || Object.keys(lm).length === 0) && rKeys.length === 0)) return leaf(l, r);
  // Keys only the zero side has were removed: nothing to own below them.
  return { member: false, below: level(rKeys, (key) => compare(getOwn(lm, key), rm![key], mapFieldType(map, key) ?? UNTYPED_ATOMIC)) };
}

/** A value where the zero object has nothing: the node and everything granular below it are added. */
function added(r: unknown, type: TypeNode): Owned {
  const kind = atomKind(type, r);
  if (kind === 'list' && !type.list!.atomic && Array.isArray(r) && r.length > 0) {
    return { member: true, below: addedItems(type, r) };
  }
  if (kind === 'map' && !type.map!.atomic && isMap(r)) {
    const map = type.map!;
    const m: JsonMap = r;
    return { member: true, below: level(Object.keys(m), (key) => added(m[key], mapFieldType(map, key) ?? UNTYPED_ATOMIC)) };
  }
  return MEMBER;
}

/** The set of one map level: each key's node. */
function level(keys: string[], node: (key: string) => Owned): FieldSet | undefined {
  const members: PathElement[] = [];
  const children: ChildNode[] = [];
  for (const key of keys) collect(fieldElement(key), node(key), members, children);
  return members.length || children.length ? FieldSet.fromLevel(members, children) : undefined;
}

function collect(pe: PathElement, owned: Owned, members: PathElement[], children: ChildNode[]): void {
  if (owned.member) members.push(pe);
  if (owned.below) children.push({ pe, set: owned.below });
}

/** New list items by key: one item is walked, duplicates are owned as a whole, keyless items not at all. */
function addedItems(type: TypeNode, items: unknown[]): FieldSet | undefined {
  const groups = new Map<string, Group>();
  groupItems(type, items, groups, []);
  const element = type.list!.element();
  const members: PathElement[] = [];
  const children: ChildNode[] = [];
  for (const g of groups.values()) collect(g.pe, g.items.length === 1 ? added(g.items[0], element) : MEMBER, members, children);
  return members.length || children.length ? FieldSet.fromLevel(members, children) : undefined;
}
