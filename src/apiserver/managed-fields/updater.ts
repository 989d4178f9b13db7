// The ownership algorithm of structured-merge-diff's Updater, over decoded managers:
// - a write (create/update/patch) gives its manager the fields it added or changed, and takes
//   them away from everyone else; removed fields leave every manager;
// - an apply merges the configuration, removes the fields its manager applied last time and no
//   longer applies (unless someone else owns them), then fails on fields that other managers own
//   and whose value it changes, or, when forced, takes them over.
import { type Comparison, compareObjects, excludeFields } from './compare';
import { FieldSet } from './field-set';
import { type Managed, type VersionedSet, copyManaged } from './managers';
import { mergeValues } from './merge';
import type { FieldPath } from './path-element';
import { removeItems } from './remove';
import { toFieldSet } from './to-field-set';
import type { TypeNode } from './type-node';
import { valuesEqual, withoutNulls } from './value';
import { withZeroFields } from './zero-object';

export interface Conflict { manager: string; path: FieldPath }

export class ConflictsError extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super(`${conflicts.length} apply conflict(s)`);
  }
}

export interface UpdaterContext {
  type: TypeNode;
  /** The apiVersion the request was made in; recorded on the entries it writes. */
  apiVersion: string;
  /** Reset fields: never owned, never conflicting. */
  ignored?: FieldSet;
}

/**
 * Takes the fields `live`→`next` changed from every manager but `workflow` (or reports them as
 * conflicts when not forced), drops removed fields from all of them, and drops managers left
 * with nothing. Returns the comparison (reset fields excluded).
 */
function takeChangedFields(ctx: UpdaterContext, live: unknown, next: unknown, managed: Managed, workflow: string, force: boolean): Comparison {
  const cmp = excludeFields(compareObjects(withZeroFields(ctx.type, live), withZeroFields(ctx.type, next), ctx.type), ctx.ignored);
  const changed = cmp.modified.union(cmp.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [id, vs] of managed.sets) {
    if (id === workflow) continue;
    const owned = vs.set.intersection(changed);
    if (!owned.isEmpty()) conflicts.set(id, owned);
  }
  if (!force && conflicts.size > 0) {
    const list: Conflict[] = [];
    for (const id of [...conflicts.keys()].sort()) for (const path of conflicts.get(id)!.paths()) list.push({ manager: id, path });
    throw new ConflictsError(list);
  }
  for (const [id, vs] of managed.sets) {
    if (id === workflow) continue;
    let set = vs.set;
    const lost = conflicts.get(id);
    if (lost) set = set.difference(lost);
    if (!cmp.removed.isEmpty()) set = set.difference(cmp.removed);
    if (set !== vs.set) managed.sets.set(id, { ...vs, set });
  }
  for (const [id, vs] of managed.sets) if (vs.set.isEmpty()) managed.sets.delete(id);
  return cmp;
}

/** Records a non-apply write by `manager` (returns a new Managed; the input is not modified). */
export function recordUpdate(ctx: UpdaterContext, live: unknown, next: unknown, managedIn: Managed, manager: string): Managed {
  const managed = copyManaged(managedIn);
  const cmp = takeChangedFields(ctx, live, next, managed, manager, true);
  const previous = managed.sets.get(manager)?.set ?? FieldSet.empty();
  let set = previous.difference(cmp.removed).union(cmp.modified).union(cmp.added);
  if (ctx.ignored) set = set.recursiveDifference(ctx.ignored);
  if (set.isEmpty()) managed.sets.delete(manager);
  else managed.sets.set(manager, { set, apiVersion: ctx.apiVersion, applied: false });
  return managed;
}

export interface ApplyOutcome {
  /** The merged object; undefined when it equals `live` (nothing to write). */
  object: unknown;
  managed: Managed;
}

/** Merges `config` applied by `manager` into `live`; throws ConflictsError unless forced. */
export function recordApply(ctx: UpdaterContext, live: unknown, config: unknown, managedIn: Managed, manager: string, force: boolean): ApplyOutcome {
  const managed = copyManaged(managedIn);
  let merged: unknown = mergeValues(live, config, ctx.type) ?? {};
  const last = managed.sets.get(manager);
  let set = toFieldSet(config, ctx.type);
  if (ctx.ignored) set = set.recursiveDifference(ctx.ignored);
  managed.sets.set(manager, { set, apiVersion: ctx.apiVersion, applied: true });
  merged = prune(ctx.type, merged, managed, last);
  takeChangedFields(ctx, live, merged, managed, manager, force);
  const unchanged = valuesEqual(withoutNulls(live), withoutNulls(merged));
  return { object: unchanged ? undefined : merged, managed };
}

/**
 * Removes what `last` (the applier's previous set) has and nobody, the applier's new
 * configuration included, owns any more.
 */
function prune(type: TypeNode, merged: unknown, managed: Managed, last: VersionedSet | undefined): unknown {
  if (!last || last.set.isEmpty()) return merged;
  const ensure = (s: FieldSet) => s.ensureNamedFieldsAreMembers(type);
  let pruned = removeItems(merged, ensure(last.set), type);
  // Put back whatever some manager owns.
  let owned = FieldSet.empty();
  for (const vs of managed.sets.values()) owned = owned.union(vs.set);
  const mergedSet = ensure(toFieldSet(merged, type));
  pruned = removeItems(merged, mergedSet.difference(ensure(toFieldSet(pruned, type)).union(ensure(owned))), type);
  // Only remove what the applier had: fields nobody owns (defaults, say) stay.
  const gone = mergedSet.difference(ensure(toFieldSet(pruned, type))).intersection(ensure(last.set));
  return removeItems(merged, gone, type);
}
