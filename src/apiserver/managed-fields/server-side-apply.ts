// Server-side apply (PATCH with application/apply-patch+yaml): merges an applied configuration
// into the live object (or into nothing, for a create), tracks what the applier owns in an
// `Apply` entry, removes what it stopped applying, and refuses to change other managers'
// fields unless forced.
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../../api/object';
import { type ResourceRef, errors } from '../../api/status';
import { conflictError } from './conflict-error';
import type { FieldSet } from './field-set';
import { LAST_APPLIED_MANAGER, fieldsOwnedByLastApplied, syncLastApplied } from './last-applied';
import { type Managed, ManagedFieldsError, decodeManagedFields, encodeManagedFields, managerIdentifier } from './managers';
import { type FieldNamePath, STRIPPED_FIELDS, fieldNameSet } from './reset-fields';
import type { TypeNode } from './type-node';
import { MergeError } from './merge';
import { recordWrite, withoutManagedFields } from './update-managed-fields';
import { type ApplyOutcome, ConflictsError, type UpdaterContext, recordApply } from './updater';
import { validateAgainstSchema, violationsText } from './validate';
import { type JsonMap, valuesEqual, withoutNulls } from './value';

export interface ApplyOptions {
  /** group/version of the request, e.g. 'v1'; the applied object must carry the same. */
  apiVersion: string;
  /** The kind the endpoint serves; the applied object must carry the same. */
  kind: string;
  /** RFC 3339 time (seconds) recorded on the applier's entry when the object changes. */
  time: string;
  subresource?: string;
  /** Fields the endpoint resets (see resetFieldsFor); never owned, never conflicting. */
  resetFields?: readonly FieldNamePath[];
  /** Named in the details of error Statuses. */
  ref?: ResourceRef;
}

export interface ApplyResult {
  /** The object to store: live merged with the configuration, managedFields set. */
  object: KubeObject;
  managedFields: ManagedFieldsEntry[];
  /** The object (managedFields aside) differs from live: false for a repeated identical apply. */
  changed: boolean;
  /** Nothing at all differs from live, managedFields included: there is nothing to write. */
  unchanged: boolean;
}

const UNKNOWN_MANAGER = 'unknown';
const BEFORE_FIRST_APPLY = 'before-first-apply';

/** `group/version, Kind=Kind` as Go prints a GroupVersionKind. */
function gvkString(obj: KubeObject): string {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const slash = apiVersion.indexOf('/');
  const [group, version] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
  return `${group}/${version}, Kind=${typeof obj.kind === 'string' ? obj.kind : ''}`;
}

function checkConfiguration(applied: KubeObject, type: TypeNode, opts: ApplyOptions): void {
  if (applied.apiVersion !== opts.apiVersion || applied.kind !== opts.kind) {
    throw errors.badRequest(`invalid object type: ${gvkString(applied)}`);
  }
  const meta = applied.metadata as JsonMap | undefined;
  if (meta && meta.managedFields !== undefined && meta.managedFields !== null) {
    throw errors.badRequest('metadata.managedFields must be nil');
  }
  const violations = validateAgainstSchema(applied, type);
  if (violations.length > 0) {
    const where = `${applied.metadata?.namespace ?? ''}/${applied.metadata?.name ?? ''}; ${gvkString(applied)}`;
    throw errors.badRequest(`failed to create typed patch object (${where}): ${violationsText(violations)}`);
  }
}

/**
 * Applies `applied` (already parsed from YAML or JSON) for `manager`. `live` is the stored
 * object, undefined when the apply creates it. Throws a 409 StatusError on conflicts (unless
 * `force`) and a 400 for configurations of the wrong kind or not matching the schema. The
 * caller then defaults, validates and stores `object` as for any other write.
 */
export function serverSideApply(live: KubeObject | undefined, applied: KubeObject, manager: string, force: boolean, type: TypeNode, opts: ApplyOptions): ApplyResult {
  checkConfiguration(applied, type, opts);
  const ctx: UpdaterContext = { type, apiVersion: opts.apiVersion, ignored: opts.resetFields?.length ? fieldNameSet(opts.resetFields) : undefined };
  const liveObj: KubeObject = live ? withoutManagedFields(live) : {};
  let managed: Managed;
  try {
    managed = decodeManagedFields(live?.metadata?.managedFields);
  } catch (e) {
    if (e instanceof ManagedFieldsError) throw errors.internal(`failed to decode managed fields: ${e.message}`);
    throw e;
  }
  if (live && managed.sets.size === 0) {
    // An untracked object: what it holds now is owned by a synthetic updater, so the first
    // apply conflicts with those fields instead of silently taking them.
    const id = managerIdentifier({ manager: BEFORE_FIRST_APPLY, operation: 'Update', apiVersion: opts.apiVersion, subresource: opts.subresource });
    managed = recordWrite({}, liveObj, managed, id, ctx, opts.time);
  }
  const identifier = managerIdentifier({ manager: manager || UNKNOWN_MANAGER, operation: 'Apply', subresource: opts.subresource });

  let outcome: ApplyOutcome;
  try {
    outcome = recordApply(ctx, liveObj, applied, managed, identifier, force);
  } catch (e) {
    if (e instanceof MergeError) throw errors.internal(`failed to merge config: ${e.message}`);
    if (!(e instanceof ConflictsError)) throw e;
    const allowed = manager === LAST_APPLIED_MANAGER && live ? fieldsOwnedByLastApplied(liveObj, type, opts.apiVersion) : undefined;
    const remaining = allowed ? e.conflicts.filter((c) => !allowed.has(c.path)) : e.conflicts;
    if (remaining.length > 0) throw conflictError(remaining, opts.ref ?? { group: '', resource: '' });
    // Every conflict is with a value client-side apply set: take them over.
    outcome = recordApply(ctx, liveObj, applied, managed, identifier, true);
  }

  const result = outcome.managed;
  const own = result.sets.get(identifier);
  if (own) {
    const set = own.set.difference(STRIPPED_FIELDS);
    if (set.isEmpty()) result.sets.delete(identifier);
    else result.sets.set(identifier, { ...own, set });
  }
  // The entry's time moves only when the object changed.
  if (outcome.object !== undefined) result.times.set(identifier, opts.time);
  const object = withoutNulls(outcome.object ?? liveObj) as KubeObject;
  if (manager === LAST_APPLIED_MANAGER) syncLastApplied(object, applied);

  const managedFields = encodeManagedFields(result);
  const changed = !valuesEqual(withoutNulls(liveObj), object);
  object.metadata = { ...(object.metadata ?? {}) };
  if (managedFields.length > 0) object.metadata.managedFields = managedFields;
  else delete object.metadata.managedFields;
  const unchanged = live !== undefined && !changed && valuesEqual(live.metadata?.managedFields ?? [], managedFields);
  return { object, managedFields, changed, unchanged };
}
