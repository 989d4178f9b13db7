// managedFields for create, update and (non-apply) patch requests: the writer owns what it
// changed, as an `Update` entry of its own (per manager, apiVersion and subresource).
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../../api/object';
import { type Managed, ManagedFieldsError, capUpdateManagers, decodeManagedFields, emptyManaged, encodeManagedFields, managerIdentifier } from './managers';
import { type FieldNamePath, STRIPPED_FIELDS, fieldNameSet } from './reset-fields';
import type { TypeNode } from './type-node';
import { isMap } from './value';
import { createdFieldSet } from './created-fields';
import { encodeFieldsV1 } from './fields-v1';
import { type UpdaterContext, recordUpdate } from './updater';

export interface UpdateOptions {
  operation?: 'Update';
  /** group/version of the request, e.g. 'v1' or 'coordination.k8s.io/v1'. */
  apiVersion: string;
  /** RFC 3339 time (seconds) recorded on the entry when the write changed something. */
  time: string;
  /** 'status' for pods/status and the like; main resource when absent. */
  subresource?: string;
  /** Fields the endpoint resets (see resetFieldsFor); never owned. */
  resetFields?: readonly FieldNamePath[];
}

/** The manager name Kubernetes records when a request names none and sends no User-Agent. */
const UNKNOWN_MANAGER = 'unknown';
/** The transient identifier of the current write, merged into the real one afterwards. */
const CURRENT_OPERATION = 'current-operation';

/** An object without metadata.managedFields (ownership is computed on the rest). */
export function withoutManagedFields<T extends KubeObject>(obj: T): T {
  if (!isMap(obj.metadata) || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _drop, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/** `[]` or `[{}]`: the documented way for a client to clear managedFields. */
function isReset(entries: readonly ManagedFieldsEntry[] | undefined | null): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && Object.values(entries[0] ?? {}).every((v) => v === undefined);
}

function decodeOrEmpty(entries: readonly ManagedFieldsEntry[] | undefined | null): Managed {
  try {
    return decodeManagedFields(entries);
  } catch (e) {
    if (e instanceof ManagedFieldsError) return emptyManaged();
    throw e;
  }
}

/**
 * The starting managers: those the request sends (clients may edit managedFields through the
 * main resource), else the stored ones, so clients unaware of managedFields never drop them.
 */
function startingManagers(oldObj: KubeObject | undefined, newObj: KubeObject, subresource: string | undefined): Managed {
  if (subresource) return decodeOrEmpty(oldObj?.metadata?.managedFields);
  const sent = newObj.metadata?.managedFields;
  if (isReset(sent)) return emptyManaged();
  try {
    const m = decodeManagedFields(sent);
    if (m.sets.size > 0) return m;
  } catch (e) {
    if (!(e instanceof ManagedFieldsError)) throw e;
  }
  return decodeOrEmpty(oldObj?.metadata?.managedFields);
}

/** Whether startingManagers would find no managers: a create that sends no managedFields (or clears them). */
function startsUnmanaged(newObj: KubeObject, subresource: string | undefined): boolean {
  const sent = newObj.metadata?.managedFields;
  return !!subresource || sent === undefined || sent === null || isReset(sent);
}

/**
 * The managedFields of a create with no managers to start from: the creator's single entry, as
 * recordWrite would make it, from one walk of the object (the hot path of every create).
 */
function createdManagedFields(newObj: KubeObject, manager: string, opts: UpdateOptions, type: TypeNode): ManagedFieldsEntry[] {
  let set = createdFieldSet(withoutManagedFields(newObj), type);
  if (opts.resetFields?.length) set = set.recursiveDifference(fieldNameSet(opts.resetFields));
  set = set.difference(STRIPPED_FIELDS);
  if (set.isEmpty()) return [];
  // Key order follows the Go struct, as encodeManagedFields writes it.
  const entry: ManagedFieldsEntry = { manager: manager || UNKNOWN_MANAGER, operation: 'Update', apiVersion: opts.apiVersion };
  if (opts.time) entry.time = opts.time;
  entry.fieldsType = 'FieldsV1';
  entry.fieldsV1 = encodeFieldsV1(set);
  if (opts.subresource) entry.subresource = opts.subresource;
  return [entry];
}

/** Records one non-apply write in `managed` (the shared part of updates and of before-first-apply). */
export function recordWrite(live: unknown, next: unknown, managed: Managed, identifier: string, ctx: UpdaterContext, time: string): Managed {
  const out = recordUpdate(ctx, live, next, managed, CURRENT_OPERATION);
  const current = out.sets.get(CURRENT_OPERATION);
  out.sets.delete(CURRENT_OPERATION);
  out.times.delete(CURRENT_OPERATION);
  const set = current?.set.difference(STRIPPED_FIELDS);
  // Only a write that changed fields touches the entry (and its time).
  if (set && !set.isEmpty()) {
    const previous = out.sets.get(identifier);
    out.sets.set(identifier, { set: previous ? set.union(previous.set) : set, apiVersion: ctx.apiVersion, applied: false });
    out.times.set(identifier, time);
  }
  capUpdateManagers(out);
  return out;
}

/**
 * The managedFields `newObj` should be stored with after a create (`oldObj` undefined), update
 * or patch by `manager`. An empty array means the object carries no managedFields.
 */
export function updateManagedFields(oldObj: KubeObject | undefined, newObj: KubeObject, manager: string, opts: UpdateOptions, type: TypeNode): ManagedFieldsEntry[] {
  if (!oldObj && startsUnmanaged(newObj, opts.subresource)) return createdManagedFields(newObj, manager, opts, type);
  const managed = startingManagers(oldObj, newObj, opts.subresource);
  // An object whose managedFields were cleared is not tracked again until someone applies.
  if (oldObj && managed.sets.size === 0) return [];
  const ctx: UpdaterContext = { type, apiVersion: opts.apiVersion, ignored: opts.resetFields?.length ? fieldNameSet(opts.resetFields) : undefined };
  const identifier = managerIdentifier({ manager: manager || UNKNOWN_MANAGER, operation: 'Update', apiVersion: opts.apiVersion, subresource: opts.subresource });
  const live = oldObj ? withoutManagedFields(oldObj) : {};
  const next = withoutManagedFields(newObj);
  return encodeManagedFields(recordWrite(live, next, managed, identifier, ctx, opts.time));
}
