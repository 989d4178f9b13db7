// metadata.managedFields in and out: each entry becomes a field set keyed by a manager
// identifier (manager, operation, apiVersion for updates, subresource), as Kubernetes keys them,
// and back into entries in Kubernetes' order (Apply before Update, then oldest first).
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { FieldSet } from './field-set';
import { decodeFieldsV1, encodeFieldsV1 } from './fields-v1';
import { goJsonString } from './value';

export interface VersionedSet { set: FieldSet; apiVersion: string; applied: boolean }

export interface Managed {
  /** Field sets by manager identifier (see managerIdentifier). */
  sets: Map<string, VersionedSet>;
  /** The time of each identifier's last change, when known. */
  times: Map<string, string | undefined>;
}

export function emptyManaged(): Managed {
  return { sets: new Map(), times: new Map() };
}

export function copyManaged(m: Managed): Managed {
  return { sets: new Map(m.sets), times: new Map(m.times) };
}

export interface ManagerInfo { manager: string; operation: 'Apply' | 'Update'; apiVersion?: string; subresource?: string }

/**
 * The key under which a manager's fields are tracked: the JSON of its entry without fields or
 * time, and without apiVersion for appliers (an applier stays one manager across versions).
 */
export function managerIdentifier(info: ManagerInfo): string {
  const parts: string[] = [];
  if (info.manager) parts.push(`"manager":${goJsonString(info.manager)}`);
  parts.push(`"operation":${goJsonString(info.operation)}`);
  if (info.operation !== 'Apply' && info.apiVersion) parts.push(`"apiVersion":${goJsonString(info.apiVersion)}`);
  if (info.subresource) parts.push(`"subresource":${goJsonString(info.subresource)}`);
  return `{${parts.join(',')}}`;
}

export function parseIdentifier(id: string): ManagerInfo {
  const o = JSON.parse(id) as Partial<ManagerInfo>;
  return { manager: o.manager ?? '', operation: o.operation ?? 'Update', apiVersion: o.apiVersion, subresource: o.subresource };
}

export class ManagedFieldsError extends Error {}

/** Decodes entries; throws ManagedFieldsError on an invalid entry (the callers decide what that means). */
export function decodeManagedFields(entries: readonly ManagedFieldsEntry[] | undefined | null): Managed {
  const m = emptyManaged();
  if (entries !== undefined && entries !== null && !Array.isArray(entries)) throw new ManagedFieldsError('managedFields must be a list');
  (entries ?? []).forEach((e, i) => {
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new ManagedFieldsError(`managed fields entry ${i} must be an object`);
    if (e.operation !== 'Apply' && e.operation !== 'Update') throw new ManagedFieldsError('operation must be `Apply` or `Update`');
    if (!e.apiVersion) throw new ManagedFieldsError('apiVersion must not be empty');
    if (!e.fieldsType) throw new ManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== 'FieldsV1') throw new ManagedFieldsError(`invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`);
    const id = managerIdentifier({ manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion, subresource: e.subresource });
    let set: FieldSet;
    try {
      set = e.fieldsV1 === undefined || e.fieldsV1 === null ? FieldSet.empty() : decodeFieldsV1(e.fieldsV1);
    } catch (err) {
      throw new ManagedFieldsError(`error decoding versioned set from entry ${i}: ${(err as Error).message}`);
    }
    m.sets.set(id, { set, apiVersion: e.apiVersion, applied: e.operation === 'Apply' });
    m.times.set(id, e.time);
  });
  return m;
}

const seconds = (t: string | undefined) => {
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
};
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Entries in Kubernetes' order: Apply before Update, then by time (seconds), manager, apiVersion, subresource. */
function sortEntries(entries: ManagedFieldsEntry[]): ManagedFieldsEntry[] {
  return entries.sort((p, q) => cmp(p.operation ?? '', q.operation ?? '')
    || seconds(p.time) - seconds(q.time)
    || cmp(p.manager ?? '', q.manager ?? '')
    || cmp(p.apiVersion ?? '', q.apiVersion ?? '')
    || cmp(p.subresource ?? '', q.subresource ?? ''));
}

export function encodeManagedFields(m: Managed): ManagedFieldsEntry[] {
  const out: ManagedFieldsEntry[] = [];
  for (const [id, vs] of m.sets) {
    const info = parseIdentifier(id);
    // Key order follows the Go struct, so stored objects read like Kubernetes' own.
    const e: ManagedFieldsEntry = { manager: info.manager, operation: vs.applied ? 'Apply' : 'Update', apiVersion: vs.apiVersion };
    const time = m.times.get(id);
    if (time) e.time = time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = encodeFieldsV1(vs.set);
    if (info.subresource) e.subresource = info.subresource;
    if (!e.manager) delete e.manager;
    out.push(e);
  }
  return sortEntries(out);
}

const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = 'ancient-changes';

/**
 * Keeps at most `max` Update entries by folding the oldest ones into an `ancient-changes` entry
 * per apiVersion, so that objects touched by many updaters keep a bounded managedFields.
 */
export function capUpdateManagers(m: Managed, max = MAX_UPDATE_MANAGERS): void {
  const updaters = [...m.sets].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= max) return;
  updaters.sort((a, b) => seconds(m.times.get(a)) - seconds(m.times.get(b)) || cmp(a, b));
  const firstOfVersion = new Map<string, string>();
  let count = updaters.length;
  for (let i = 0; i < updaters.length && count > max; i++) {
    const id = updaters[i];
    const vs = m.sets.get(id)!;
    const bucket = managerIdentifier({ manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: vs.apiVersion });
    const first = firstOfVersion.get(vs.apiVersion);
    if (first === undefined) { firstOfVersion.set(vs.apiVersion, id); continue; }
    if (!m.sets.has(bucket)) {
      m.sets.set(bucket, m.sets.get(first)!);
      m.sets.delete(first);
      m.times.delete(first);
    }
    m.sets.set(bucket, { set: vs.set.union(m.sets.get(bucket)!.set), apiVersion: vs.apiVersion, applied: false });
    m.sets.delete(id);
    // The bucket takes the newer time of the entry merged into it.
    m.times.set(bucket, m.times.get(id));
    m.times.delete(id);
    count--;
  }
}
