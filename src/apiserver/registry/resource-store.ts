// The generic store: create, get, list, update, delete and watch for any resource descriptor,
// over the revisioned Store and its watch cache. Resources say only what is special about them
// (through their descriptor), as with the Kubernetes apiserver's registry Store and strategies.
import { randomUUID } from 'node:crypto';
import type { ResourceDescriptor } from '../../api/resource';
import { type KubeObject, type StoredObject, deepClone } from '../../api/object';
import { errors, StatusError, type ResourceRef } from '../../api/status';
import { type FieldError, required } from '../../api/field-errors';
import { validateObjectMeta } from '../../api/validation/object-meta';
import { type KeyValue, type Store, StoreError, type RangeOptions, type RangeResult } from '../../storage/store';
import { type ObjectCache, type CacheEntry, type ExpectedWrite, copyObject, decode as decodeStored } from './watch-cache';
import { metadataEnd } from './json-scan';
import { REGISTRY_PREFIX } from './cache-set';

export interface UserInfo { name: string; groups: string[]; uid?: string }

export interface WriteContext {
  user: UserInfo;
  dryRun: boolean;
  /** The field manager named by the request, or derived from its User-Agent. */
  fieldManager: string;
  subresource?: string;
  /** 'Update' or 'Apply': how managedFields records the write. */
  operation?: 'Update' | 'Apply';
  now: Date;
}

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

/** A mutating-and-validating admission step run after defaulting, before validation and storage. */
export type AdmissionPlugin = (op: AdmissionOperation, desc: ResourceDescriptor, obj: KubeObject, old: KubeObject | undefined, ctx: WriteContext) => Promise<void>;

/** Keeps metadata.managedFields up to date on every write (see managed-fields/). */
export interface FieldTracker {
  /** Records `manager`'s change from `old` (undefined on create) to `obj` in obj.metadata.managedFields. */
  track(desc: ResourceDescriptor, old: StoredObject | undefined, obj: KubeObject, ctx: WriteContext): void;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: string;
}

export interface DeleteResult { obj: StoredObject; /** false when deletion is pending (graceful or finalizers). */ deleted: boolean }

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += NAME_CHARS[Math.floor(Math.random() * NAME_CHARS.length)];
  return s;
}

function apiVersionOf(desc: ResourceDescriptor): string {
  return desc.group ? `${desc.group}/${desc.version}` : desc.version;
}

/** Compares two objects ignoring key order. */
function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val) => (val && typeof val === 'object' && !Array.isArray(val)
    ? Object.fromEntries(Object.keys(val).sort().map((k) => [k, (val as Record<string, unknown>)[k]]))
    : val));
}

const MAX_CONFLICT_RETRIES = 8;
const GENERATE_NAME_ATTEMPTS = 8;

export class ResourceStore {
  readonly prefix: string;

  constructor(
    readonly desc: ResourceDescriptor,
    private readonly store: Store,
    /** For a resource stored as another's (desc.storedAs), a view that converts what it reads. */
    readonly cache: ObjectCache,
    private readonly admission: AdmissionPlugin[],
    private readonly fields: FieldTracker | undefined,
    private readonly namespaceExists: (ns: string) => { exists: boolean; terminating: boolean },
  ) {
    this.prefix = ResourceStore.prefixFor(desc);
  }

  static prefixFor(desc: ResourceDescriptor): string {
    if (desc.storedAs) return ResourceStore.prefixFor(desc.storedAs.resource);
    const res = desc.storageResource ?? desc.resource;
    const groupPart = desc.group && !desc.storageResource ? `${desc.group}/` : '';
    return `${REGISTRY_PREFIX}${groupPart}${res}/`;
  }

  key(namespace: string, name: string): string {
    return this.desc.namespaced ? `${this.prefix}${namespace}/${name}` : `${this.prefix}${name}`;
  }

  /** Key prefix of everything in one namespace (or of everything when ns is ''). */
  listPrefix(namespace: string): string {
    return this.desc.namespaced && namespace ? `${this.prefix}${namespace}/` : this.prefix;
  }

  ref(name?: string): ResourceRef & { kind: string } {
    return { group: this.desc.group, resource: this.desc.resource, name, kind: this.desc.kind };
  }

  get(namespace: string, name: string): StoredObject {
    const e = this.cache.get(this.key(namespace, name));
    if (!e) throw errors.notFound(this.ref(name));
    return e.obj;
  }

  /** A consistent read from the store itself (paged lists, reads at an exact revision); decode its values with `decode`. */
  storeList(prefix: string, opts: RangeOptions): Promise<RangeResult> {
    return this.store.list(prefix, opts);
  }

  /** An object as read from the store, in this resource's form. */
  decode(kv: { value: string; modRevision: number }): StoredObject {
    const stored = decodeStored(kv.value, kv.modRevision);
    return this.desc.storedAs ? this.desc.storedAs.fromStorage(stored) as StoredObject : stored;
  }

  /** The stored form of an object written through this resource. */
  private encode(obj: KubeObject): string {
    return JSON.stringify(this.desc.storedAs ? this.desc.storedAs.toStorage(obj) : obj);
  }

  /**
   * Writes `obj`: a create, or an update of the revision `expectedRv`. The watch cache is told what
   * is being written, so that it can keep this object rather than decode the store's copy.
   */
  private async put(key: string, obj: KubeObject, expectedRv?: number): Promise<KeyValue> {
    const value = this.encode(obj);
    const write = this.expectedWrite(obj, value);
    if (write) this.cache.expect!(key, write);
    try {
      return await (expectedRv === undefined ? this.store.create(key, value) : this.store.update(key, value, expectedRv));
    } catch (e) {
      if (write) this.cache.forget!(key, write);
      throw e;
    }
  }

  private expectedWrite(obj: KubeObject, value: string): ExpectedWrite | undefined {
    if (this.desc.storedAs || !this.cache.expect || obj.metadata?.resourceVersion !== undefined) return undefined;
    const end = metadataEnd(value);
    return end < 0 ? undefined : { obj: obj as StoredObject, value, metadataEnd: end };
  }

  /** The JSON of an object this store returned: the watch cache's text when it still holds that very object. */
  json(obj: StoredObject): string {
    const e = this.cache.get(this.key(obj.metadata.namespace ?? '', obj.metadata.name));
    return e && (e.holds ? e.holds(obj) : e.obj === obj) ? e.json : JSON.stringify(obj);
  }

  getEntry(namespace: string, name: string): CacheEntry | undefined {
    return this.cache.get(this.key(namespace, name));
  }

  // ---- create ----

  /**
   * Creates an object from `input`; `owned` says the caller hands the object over (a request body
   * decoded for this write alone), which saves copying it.
   */
  async create(namespace: string, input: KubeObject, ctx: WriteContext, owned = false): Promise<StoredObject> {
    const obj = owned ? input : deepClone(input);
    this.checkKind(obj);
    const meta = (obj.metadata ??= {});
    if (this.desc.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = namespace || meta.namespace || 'default';
      const ns = this.namespaceExists(meta.namespace);
      if (!ns.exists) throw errors.notFound({ group: '', resource: 'namespaces', name: meta.namespace });
      if (ns.terminating) {
        throw errors.forbidden(this.ref(meta.name ?? meta.generateName), `unable to create new content in namespace ${meta.namespace} because it is being terminated`);
      }
    } else {
      delete meta.namespace;
    }
    const generated = !meta.name && !!meta.generateName;
    if (generated) meta.name = meta.generateName + randomSuffix();
    if (!meta.name) {
      throw errors.invalid(this.ref(''), [required('metadata.name', 'name or generateName is required')]);
    }
    meta.uid = randomUUID();
    meta.creationTimestamp = isoSeconds(ctx.now);
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete (meta as Record<string, unknown>).selfLink;
    if (this.desc.hasGeneration) meta.generation = 1; else delete meta.generation;
    omitEmptyMetadata(meta);
    this.desc.applyDefaults?.(obj);
    // The creator owns what it sent and its defaults, not what admission adds (a pod's service
    // account token volume, tolerations, priority): Kubernetes records managedFields before admission.
    this.fields?.track(this.desc, undefined, obj, { ...ctx, operation: ctx.operation ?? 'Update' });
    for (const plugin of this.admission) await plugin('CREATE', this.desc, obj, undefined, ctx);
    this.desc.prepareForCreate?.(obj);
    const errs = this.desc.validate?.(obj) ?? [];
    // Whatever the kind's own rule, a name must also be usable as a URL path segment.
    if (!errs.length) errs.push(...validateObjectMeta(obj.metadata, { namespaced: this.desc.namespaced, nameRule: 'path-segment' }));
    this.throwIfInvalid(obj.metadata?.name ?? meta.name, errs);
    // From here on the metadata is obj.metadata: the steps above may have replaced the object
    // `meta` refers to (a pod's prepareForCreate does), and a name written there would not be stored.
    for (let attempt = 1; ; attempt++) {
      const final = obj.metadata!;
      const key = this.key(final.namespace ?? '', final.name!);
      if (ctx.dryRun) {
        if (this.cache.get(key)) throw errors.alreadyExists(this.ref(final.name));
        return obj as StoredObject;
      }
      try {
        const kv = await this.put(key, obj);
        return await this.readBack(key, kv.modRevision);
      } catch (e) {
        if (!(e instanceof StoreError && e.code === 'KeyExists')) throw e;
        // A generated name that is taken is generated again, 8 tries in all (Kubernetes 1.32, KEP-4420).
        if (!generated || attempt >= GENERATE_NAME_ATTEMPTS) throw errors.alreadyExists(this.ref(final.name));
        final.name = final.generateName + randomSuffix();
        // What the kind derives from the name follows it (a namespace's kubernetes.io/metadata.name label).
        this.desc.prepareForCreate?.(obj);
      }
    }
  }

  // ---- update ----

  /**
   * Replaces an object (PUT), or writes what `mutate` makes of the current one (PATCH),
   * retrying on write conflicts when the caller did not pin a resourceVersion.
   */
  async update(namespace: string, name: string, mutate: (current: StoredObject | undefined) => KubeObject | Promise<KubeObject>, ctx: WriteContext): Promise<{ obj: StoredObject; created: boolean }> {
    for (let attempt = 0; ; attempt++) {
      const key = this.key(namespace, name);
      const entry = this.cache.get(key);
      const current = entry ? copyObject(entry) : undefined;
      // mutate gets its own copy: `current` must stay as stored for the comparisons below.
      const next = deepClone(await mutate(entry ? copyObject(entry) : undefined));
      this.checkKind(next);
      const meta = (next.metadata ??= {});
      if (meta.name !== undefined && meta.name !== name) {
        throw errors.badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
      }
      meta.name = name;
      if (this.desc.namespaced) {
        if (meta.namespace && meta.namespace !== namespace) {
          throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
        }
        meta.namespace = namespace;
      }
      if (!entry || !current) {
        // Server-side apply creates what is missing, whatever the resource says about PUT.
        if ((!this.desc.allowCreateOnUpdate && ctx.operation !== 'Apply') || ctx.subresource) throw errors.notFound(this.ref(name));
        const created = await this.create(namespace, next, ctx, true);
        return { obj: created, created: true };
      }
      const pinned = meta.resourceVersion;
      if (pinned && pinned !== current.metadata.resourceVersion) {
        throw errors.conflict(this.ref(name), 'the object has been modified; please apply your changes to the latest version and try again');
      }
      const updated = await this.prepareUpdate(next, current, ctx);
      if (updated === 'unchanged') return { obj: entry.obj, created: false };
      if (ctx.dryRun) return { obj: updated as StoredObject, created: false };
      // Deleting the last finalizer of an object that awaits deletion removes it.
      if (updated.metadata?.deletionTimestamp && this.finalizersOf(updated).length === 0 && !this.awaitsGrace(updated)) {
        try {
          const kv = await this.store.delete(key, entry.rv);
          await this.cache.waitFor(kv.modRevision);
          return { obj: { ...(updated as StoredObject), metadata: { ...(updated as StoredObject).metadata, resourceVersion: String(kv.modRevision) } }, created: false };
        } catch (e) {
          if (await this.retryable(e, pinned, attempt)) continue;
          throw this.mapStoreError(e, name);
        }
      }
      try {
        const kv = await this.put(key, updated, entry.rv);
        return { obj: await this.readBack(key, kv.modRevision), created: false };
      } catch (e) {
        if (await this.retryable(e, pinned, attempt)) continue;
        throw this.mapStoreError(e, name);
      }
    }
  }

  /**
   * Whether a failed write may be tried again, after the watch cache has caught up with the write
   * that beat it (writes commit in batches, so the cache can briefly trail the store).
   */
  private async retryable(e: unknown, pinned: string | undefined, attempt: number): Promise<boolean> {
    if (!(e instanceof StoreError && e.code === 'Conflict' && !pinned && attempt < MAX_CONFLICT_RETRIES)) return false;
    if (e.current) await this.cache.waitFor(e.current.modRevision);
    return true;
  }

  private mapStoreError(e: unknown, name: string): unknown {
    if (e instanceof StoreError) {
      if (e.code === 'Conflict') return errors.conflict(this.ref(name), 'the object has been modified; please apply your changes to the latest version and try again');
      if (e.code === 'NotFound') return errors.notFound(this.ref(name));
    }
    return e;
  }

  /** Defaulting, system fields, subresource rules, admission, validation; 'unchanged' when nothing differs. */
  private async prepareUpdate(next: KubeObject, current: StoredObject, ctx: WriteContext): Promise<KubeObject | 'unchanged'> {
    const meta = next.metadata!;
    // System fields the client cannot change.
    meta.uid = current.metadata.uid;
    meta.creationTimestamp = current.metadata.creationTimestamp;
    if (current.metadata.deletionTimestamp) meta.deletionTimestamp = current.metadata.deletionTimestamp; else delete meta.deletionTimestamp;
    if (current.metadata.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = current.metadata.deletionGracePeriodSeconds; else delete meta.deletionGracePeriodSeconds;
    if (current.metadata.generation !== undefined) meta.generation = current.metadata.generation;
    // Validation of an unconditional update compares against the stored version.
    meta.resourceVersion = current.metadata.resourceVersion;
    omitEmptyMetadata(meta);
    this.desc.applyDefaults?.(next);
    const sub = ctx.subresource;
    for (const plugin of this.admission) await plugin('UPDATE', this.desc, next, current, ctx);
    // prepare* may replace metadata, so re-read it afterwards.
    if (sub === 'status') {
      this.desc.prepareForStatusUpdate?.(next, current);
    } else if (!sub) {
      this.desc.prepareForUpdate?.(next, current);
      if (this.desc.hasGeneration && specChanged(next, current)) next.metadata!.generation = (current.metadata.generation ?? 0) + 1;
    }
    // binding is the server's own assignment of spec.nodeName: the pod update rules do not apply to it.
    const errs = sub === 'status'
      ? this.desc.validateStatusUpdate?.(next, current)
      : sub === 'binding' ? [] : this.desc.validateUpdate?.(next, current);
    this.throwIfInvalid(current.metadata.name, errs);
    this.fields?.track(this.desc, current, next, { ...ctx, operation: ctx.operation ?? 'Update' });
    // managedFields count: an apply that only takes ownership is a write. (Their times were settled by the tracker.)
    if (sameJson(next, current)) return 'unchanged';
    delete next.metadata!.resourceVersion;
    return next;
  }

  // ---- delete ----

  async delete(namespace: string, name: string, opts: DeleteOptions, ctx: WriteContext): Promise<DeleteResult> {
    for (let attempt = 0; ; attempt++) {
      const key = this.key(namespace, name);
      const entry = this.cache.get(key);
      if (!entry) throw errors.notFound(this.ref(name));
      const current = copyObject(entry);
      const pre = opts.preconditions;
      if (pre?.uid && pre.uid !== current.metadata.uid) {
        throw errors.conflict(this.ref(name), `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
      }
      if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
        throw errors.conflict(this.ref(name), `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in meta: ${current.metadata.resourceVersion}`);
      }
      for (const plugin of this.admission) await plugin('DELETE', this.desc, current, current, ctx);
      const grace = this.desc.deleteGracePeriod ? this.desc.deleteGracePeriod(current, opts.gracePeriodSeconds) : 0;
      const finalizers = this.finalizersOf(current);
      const pending = this.pendingDeletion(current, grace, finalizers.length > 0, ctx.now);
      try {
        if (pending) {
          if (pending === 'unchanged') return { obj: entry.obj, deleted: false };
          if (ctx.dryRun) return { obj: pending, deleted: false };
          // Stored without resourceVersion, as every write is.
          delete (pending.metadata as { resourceVersion?: string }).resourceVersion;
          const kv = await this.put(key, pending, entry.rv);
          return { obj: await this.readBack(key, kv.modRevision), deleted: false };
        }
        if (ctx.dryRun) return { obj: current, deleted: true };
        const kv = await this.store.delete(key, entry.rv);
        await this.cache.waitFor(kv.modRevision);
        current.metadata.resourceVersion = String(kv.modRevision);
        return { obj: current, deleted: true };
      } catch (e) {
        if (await this.retryable(e, pre?.resourceVersion, attempt)) continue;
        throw this.mapStoreError(e, name);
      }
    }
  }

  /**
   * The object with deletionTimestamp set when deletion must wait (a grace period or finalizers),
   * 'unchanged' when it already waits at least as briefly, undefined to delete now.
   */
  private pendingDeletion(current: StoredObject, grace: number, hasFinalizers: boolean, now: Date): StoredObject | 'unchanged' | undefined {
    const meta = current.metadata;
    if (grace <= 0 && !hasFinalizers) return undefined;
    if (grace <= 0) {
      // Finalizers hold it: mark it once.
      if (meta.deletionTimestamp) {
        if ((meta.deletionGracePeriodSeconds ?? 0) === 0) return 'unchanged';
        // A graceful delete in progress is cut short; finalizers still hold the object.
      }
      meta.deletionTimestamp = isoSeconds(now);
      meta.deletionGracePeriodSeconds = 0;
      this.desc.prepareForDeletion?.(current);
      return current;
    }
    if (meta.deletionTimestamp && meta.deletionGracePeriodSeconds !== undefined) {
      // A second delete may only shorten the grace period.
      const newDeadline = now.getTime() + grace * 1000;
      if (newDeadline >= Date.parse(meta.deletionTimestamp) || grace >= meta.deletionGracePeriodSeconds) return 'unchanged';
    }
    meta.deletionTimestamp = isoSeconds(new Date(now.getTime() + grace * 1000));
    meta.deletionGracePeriodSeconds = grace;
    if (meta.generation !== undefined) meta.generation += 1;
    this.desc.prepareForDeletion?.(current);
    return current;
  }

  private finalizersOf(obj: KubeObject): string[] {
    return [...(obj.metadata?.finalizers ?? []), ...(this.desc.pendingFinalizers?.(obj) ?? [])];
  }

  /** A graceful delete still running (the kubelet confirms with grace 0). */
  private awaitsGrace(obj: KubeObject): boolean {
    return (obj.metadata?.deletionGracePeriodSeconds ?? 0) > 0;
  }

  // ---- helpers ----

  private checkKind(obj: KubeObject): void {
    const want = apiVersionOf(this.desc);
    if (obj.kind !== undefined && obj.kind !== '' && obj.kind !== this.desc.kind) {
      throw errors.badRequest(`the object provided is unrecognized (must be of type ${this.desc.kind}): kind is ${obj.kind}`);
    }
    if (obj.apiVersion !== undefined && obj.apiVersion !== '' && obj.apiVersion !== want) {
      throw errors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${want})`);
    }
    obj.kind = this.desc.kind;
    obj.apiVersion = want;
  }

  private throwIfInvalid(name: string | undefined, errs: FieldError[] | undefined): void {
    if (errs && errs.length) throw errors.invalid(this.ref(name ?? ''), errs);
  }

  private async readBack(key: string, rv: number): Promise<StoredObject> {
    await this.cache.waitFor(rv);
    const e = this.cache.get(key);
    if (!e || e.rv < rv) throw new StatusError(errors.internal(`object ${key} at ${rv} not in the watch cache`).status);
    return e.obj;
  }
}

/** Kubernetes timestamps have second precision: 2024-01-02T03:04:05Z. */
export function isoSeconds(d: Date): string {
  // Every write of the same second asks for the same text (creation and managedFields times).
  const second = Math.floor(d.getTime() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastSecondText = d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return lastSecondText;
}
let lastSecond = NaN;
let lastSecondText = '';

function specChanged(next: KubeObject, current: KubeObject): boolean {
  const strip = (o: KubeObject) => { const { metadata: _m, status: _s, ...rest } = o; return rest; };
  return !sameJson(strip(next), strip(current));
}

/**
 * Kubernetes' ObjectMeta marks these `omitempty`: an empty map or list (say, after the last label
 * was removed by a patch) is not stored or served, so clients never see `annotations: {}`.
 */
function omitEmptyMetadata(meta: NonNullable<KubeObject['metadata']>): void {
  const m = meta as Record<string, unknown>;
  for (const key of ['labels', 'annotations', 'finalizers', 'ownerReferences']) {
    const v = m[key];
    if (v !== null && typeof v === 'object' && Object.keys(v).length === 0) delete m[key];
  }
}
