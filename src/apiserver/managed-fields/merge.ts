// Merges an applied configuration into a live object with structured-merge semantics: maps and
// structs merge key by key, list-maps and sets merge item by item (the live order is kept and new
// items are placed where the configuration puts them), scalars and atomic lists or maps take the
// configuration's value. Nothing is removed here; pruning fields the applier dropped comes after.
import { listItemElement } from './item-key';
import { type PathElement, pathElementString, pathElementsEqual, serializePathElement } from './path-element';
import { type TypeNode, UNTYPED_ATOMIC, atomKind, mapFieldType } from './type-node';
import { type JsonMap, getOwn, isMap, setOwn } from './value';

export class MergeError extends Error {}

/** The merged value; undefined when neither side has one. */
export function mergeValues(lhs: unknown, rhs: unknown, type: TypeNode): unknown {
  return mergeNode(lhs, rhs, type, '');
}

function mergeNode(l: unknown, r: unknown, type: TypeNode, path: string): unknown {
  const kl = atomKind(type, l);
  const kr = atomKind(type, r);
  if (r === undefined) return handle(kl, l, r, type, path);
  if (l === undefined || kl === kr) return handle(kr, l, r, type, path);
  // The value changed kind: the configuration's reading wins (the live one is only checked).
  handle(kl, l, r, type, path);
  return handle(kr, l, r, type, path);
}

const leaf = (l: unknown, r: unknown) => (r !== undefined ? r : l);

function handle(kind: 'scalar' | 'list' | 'map', l: unknown, r: unknown, type: TypeNode, path: string): unknown {
  if (kind === 'scalar') return leaf(l, r);
  if (kind === 'list') {
    const ll = Array.isArray(l) ? l : undefined;
    const rl = Array.isArray(r) ? r : undefined;
    if (type.list!.atomic || (!ll?.length && !rl?.length)) return leaf(l, r);
    const out = mergeListItems(type, ll ?? [], rl ?? [], path);
    return out.length ? out : undefined;
  }
  const map = type.map!;
  const lm = isMap(l) ? l : undefined;
  const rm = isMap(r) ? r : undefined;
  const lEmpty = !lm || Object.keys(lm).length === 0;
  const rEmpty = !rm || Object.keys(rm).length === 0;
  if (map.atomic || (lEmpty && rEmpty)) return leaf(l, r);
  const out: JsonMap = {};
  const keys = new Set([...Object.keys(lm ?? {}), ...Object.keys(rm ?? {})]);
  for (const key of keys) {
    const v = mergeNode(getOwn(lm, key), getOwn(rm, key), mapFieldType(map, key) ?? UNTYPED_ATOMIC, `${path}.${key}`);
    if (v !== undefined) setOwn(out, key, v);
  }
  return Object.keys(out).length ? out : undefined;
}

interface Indexed { pes: PathElement[]; byId: Map<string, unknown> }

function indexItems(type: TypeNode, items: unknown[], allowDuplicates: boolean, path: string): Indexed {
  const pes: PathElement[] = [];
  const byId = new Map<string, unknown>();
  items.forEach((item, i) => {
    let pe: PathElement;
    try {
      pe = listItemElement(type.list!, item);
    } catch (e) {
      throw new MergeError(`${path}: element ${i}: ${(e as Error).message}`);
    }
    const id = serializePathElement(pe);
    if (byId.has(id)) {
      if (!allowDuplicates) throw new MergeError(`${path}: duplicate entries for key ${pathElementString(pe)}`);
      // A live item duplicated under one key is replaced as a whole if the configuration names it.
      byId.set(id, null);
    } else {
      byId.set(id, item);
    }
    pes.push(pe);
  });
  return { pes, byId };
}

/**
 * Walks both lists at once. Live items keep their places; an item the configuration also has
 * is emitted where the configuration orders it relative to the other shared items, and items
 * only in the configuration come right after the shared item they follow there.
 */
function mergeListItems(type: TypeNode, l: unknown[], r: unknown[], path: string): unknown[] {
  const rhs = indexItems(type, r, false, path);
  const lhs = indexItems(type, l, true, path);
  const element = type.list!.element();
  const out: unknown[] = [];
  const id = serializePathElement;
  const merged = new Set<string>();
  const emit = (pe: PathElement, lv: unknown, rv: unknown) => {
    const v = mergeNode(lv, rv, element, path + pathElementString(pe));
    if (v !== undefined) out.push(v);
  };
  const shared = rhs.pes.filter((pe) => lhs.byId.has(id(pe)));
  let nextShared = shared.shift();
  let li = 0;
  let ri = 0;
  while (li < lhs.pes.length || ri < rhs.pes.length) {
    if (li < lhs.pes.length && ri < rhs.pes.length) {
      const pe = lhs.pes[li];
      if (pathElementsEqual(pe, rhs.pes[ri])) {
        merged.add(id(pe));
        emit(pe, lhs.byId.get(id(pe)), rhs.byId.get(id(pe)));
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (rhs.byId.has(id(pe)) && nextShared && !pathElementsEqual(nextShared, pe)) {
        li++;
        continue;
      }
    }
    if (li < lhs.pes.length) {
      const pe = lhs.pes[li];
      if (!rhs.byId.has(id(pe))) {
        emit(pe, l[li], undefined);
        li++;
        continue;
      } else if (merged.has(id(pe))) {
        li++;
      }
    }
    if (ri < rhs.pes.length) {
      const pe = rhs.pes[ri];
      merged.add(id(pe));
      const lv = lhs.byId.has(id(pe)) ? lhs.byId.get(id(pe)) : undefined;
      emit(pe, lv, rhs.byId.get(id(pe)));
      ri++;
      if (nextShared && pathElementsEqual(nextShared, pe)) nextShared = shared.shift();
    }
  }
  return out;
}
