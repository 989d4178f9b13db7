// A set of field paths stored as a tree, the shape of structured-merge-diff's fieldpath.Set:
// at each level the elements that are members (paths ending here) and the child sets of longer
// paths. Both are kept sorted so set algebra is a linear merge and iteration order matches
// Kubernetes (which decides the order of conflicts in messages). Sets are built with insert()
// and then treated as immutable: the algebra shares subtrees between results.
import { type FieldPath, type PathElement, comparePathElements } from './path-element';
import type { TypeNode } from './type-node';

export interface ChildNode { pe: PathElement; set: FieldSet }

/** Index of `pe` in a sorted array, or -(insertion point + 1). */
function search<T>(items: readonly T[], pe: PathElement, elementOf: (t: T) => PathElement): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = comparePathElements(elementOf(items[mid]), pe);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1; else hi = mid - 1;
  }
  return -(lo + 1);
}

const self = (pe: PathElement) => pe;
const nodeElement = (n: ChildNode) => n.pe;

export class FieldSet {
  private constructor(
    readonly members: PathElement[],
    readonly children: ChildNode[],
  ) {}

  static empty(): FieldSet { return new FieldSet([], []); }

  /**
   * A set built level by level: `members` and `children` of this level in any order, each element
   * at most once in each, and no child with an empty set. Cheaper than inserting path by path.
   */
  static fromLevel(members: PathElement[], children: ChildNode[]): FieldSet {
    sortSmall(members, self);
    sortSmall(children, nodeElement);
    return new FieldSet(members, children);
  }

  static of(...paths: FieldPath[]): FieldSet {
    const s = FieldSet.empty();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Adds a path. Only for sets under construction (see the header). */
  insert(path: FieldPath): void {
    if (path.length === 0) return;
    let s: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) s = s.descend(path[i]);
    s.addMember(path[path.length - 1]);
  }

  /** Adds `pe` as a member of this level. Only for sets under construction. */
  addMember(pe: PathElement): void {
    const i = search(this.members, pe, self);
    if (i < 0) this.members.splice(-i - 1, 0, pe);
  }

  /** The child set under `pe`, created when missing. Only for sets under construction. */
  descend(pe: PathElement): FieldSet {
    const i = search(this.children, pe, nodeElement);
    if (i >= 0) return this.children[i].set;
    const set = FieldSet.empty();
    this.children.splice(-i - 1, 0, { pe, set });
    return set;
  }

  hasMember(pe: PathElement): boolean {
    return search(this.members, pe, self) >= 0;
  }

  has(path: FieldPath): boolean {
    if (path.length === 0) return false;
    let s: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && s; i++) s = s.child(path[i]);
    return s !== undefined && s.hasMember(path[path.length - 1]);
  }

  child(pe: PathElement): FieldSet | undefined {
    const i = search(this.children, pe, nodeElement);
    return i >= 0 ? this.children[i].set : undefined;
  }

  /** The paths under `pe`, relative to it. */
  withPrefix(pe: PathElement): FieldSet {
    return this.child(pe) ?? FieldSet.empty();
  }

  isEmpty(): boolean {
    return this.members.length === 0 && this.children.every((c) => c.set.isEmpty());
  }

  size(): number {
    return this.members.length + this.children.reduce((n, c) => n + c.set.size(), 0);
  }

  equals(other: FieldSet): boolean {
    if (this.members.length !== other.members.length || this.children.length !== other.children.length) return false;
    if (this.members.some((m, i) => comparePathElements(m, other.members[i]) !== 0)) return false;
    return this.children.every((c, i) => comparePathElements(c.pe, other.children[i].pe) === 0 && c.set.equals(other.children[i].set));
  }

  /** Every path: this level's members first, then each child's paths, in sorted order. */
  *paths(prefix: PathElement[] = []): Generator<PathElement[]> {
    for (const m of this.members) yield [...prefix, m];
    for (const c of this.children) yield* c.set.paths([...prefix, c.pe]);
  }

  union(other: FieldSet): FieldSet {
    return new FieldSet(
      mergeSorted(this.members, other.members, self, (a) => a),
      mergeSorted(this.children, other.children, nodeElement, (a, b) => ({ pe: a.pe, set: a.set.union(b.set) })),
    );
  }

  intersection(other: FieldSet): FieldSet {
    const members = this.members.filter((m) => other.hasMember(m));
    const children: ChildNode[] = [];
    for (const c of this.children) {
      const o = other.child(c.pe);
      if (!o) continue;
      const set = c.set.intersection(o);
      if (!set.isEmpty()) children.push({ pe: c.pe, set });
    }
    return new FieldSet(members, children);
  }

  /** Removes the paths of `other`; a member of `other` does not remove the paths below it. */
  difference(other: FieldSet): FieldSet {
    return this.subtract(other, false);
  }

  /** Removes the paths of `other` and everything below any member of `other`. */
  recursiveDifference(other: FieldSet): FieldSet {
    return this.subtract(other, true);
  }

  private subtract(other: FieldSet, recursive: boolean): FieldSet {
    const members = this.members.filter((m) => !other.hasMember(m));
    const children: ChildNode[] = [];
    for (const c of this.children) {
      if (recursive && other.hasMember(c.pe)) continue;
      const o = other.child(c.pe);
      if (!o) { children.push(c); continue; }
      const set = c.set.subtract(o, recursive);
      if (!set.isEmpty()) children.push({ pe: c.pe, set });
    }
    return new FieldSet(members, children);
  }

  /**
   * Adds, as members, the struct fields that only appear as parents of other paths. Owning
   * `.spec.foo.bar` then also means touching the struct `.spec.foo`, which pruning needs to
   * remove a struct the applier no longer sets. Map keys and list items are not added.
   */
  ensureNamedFieldsAreMembers(type: TypeNode | undefined): FieldSet {
    const members = [...this.members];
    const children: ChildNode[] = [];
    for (const c of this.children) {
      let childType: TypeNode | undefined;
      if (c.pe.kind === 'field' && type?.map) {
        if (type.map.field(c.pe.name)) {
          const i = search(members, c.pe, self);
          if (i < 0) members.splice(-i - 1, 0, c.pe);
        }
        childType = type.map.field(c.pe.name) ?? type.map.element();
      } else if (c.pe.kind === 'key' && type?.list) {
        childType = type.list.element();
      }
      children.push({ pe: c.pe, set: c.set.ensureNamedFieldsAreMembers(childType) });
    }
    return new FieldSet(members, children);
  }
}

/**
 * Sorts by path element. Levels are mostly a handful of fields: insertion sort does those in
 * place, where Array.prototype.sort would allocate a work array for every one of them.
 */
function sortSmall<T>(items: T[], key: (t: T) => PathElement): void {
  if (items.length > 16) { items.sort((a, b) => comparePathElements(key(a), key(b))); return; }
  for (let i = 1; i < items.length; i++) {
    const item = items[i];
    let j = i - 1;
    while (j >= 0 && comparePathElements(key(items[j]), key(item)) > 0) { items[j + 1] = items[j]; j--; }
    items[j + 1] = item;
  }
}

/** Merges two sorted arrays; `both` combines an element present in both. */
function mergeSorted<T>(a: readonly T[], b: readonly T[], key: (t: T) => PathElement, both: (x: T, y: T) => T): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = comparePathElements(key(a[i]), key(b[j]));
    if (c < 0) out.push(a[i++]);
    else if (c > 0) out.push(b[j++]);
    else { out.push(both(a[i++], b[j++])); }
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}
