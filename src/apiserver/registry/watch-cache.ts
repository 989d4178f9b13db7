// The API server's in-memory copy of one resource: every current object plus a window of recent
// events, so that list and watch fan-out never touch the disk. Fed by one store watch (see
// cache-set.ts) in revision order; `revision` advances with every write to the store, of any
// resource, so list resourceVersions are global like etcd's.
import type { StoredObject } from '../../api/object';
import { errors } from '../../api/status';
import { metadataEnd } from './json-scan';

export type CacheEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** What label and field selectors read of an object. */
export interface Selectable { labels: Record<string, string>; fields: Record<string, string> }

export interface CacheEntry {
  /** The object, for reading only; the entry may keep it once asked for (see readObject). */
  readonly obj: StoredObject;
  readonly json: string;
  readonly rv: number;
  /** The object without keeping it in the entry (entries that decode on demand). */
  peek?(): StoredObject;
  /** Whether `obj` is this entry's object (entries that decode on demand). */
  holds?(obj: StoredObject): boolean;
  /** The object's selector values, kept by the first selector that reads them (see filter.ts). */
  selectable?: Selectable;
}

/**
 * An entry's object for one use, not kept by the entry when it is not already there: what lists,
 * selectors and tables read of every object, so that one `kubectl get` does not turn the whole
 * cache back into objects.
 */
export function readObject(e: CacheEntry): StoredObject {
  return e.peek ? e.peek() : e.obj;
}

/** A fresh copy of an entry's object, for a write to change. */
export function copyObject(e: CacheEntry): StoredObject {
  return JSON.parse(e.json) as StoredObject;
}

export interface CacheEvent {
  readonly type: CacheEventType;
  readonly key: string;
  readonly rv: number;
  readonly obj: StoredObject;
  readonly json: string;
  /** The object before this event (MODIFIED and DELETED). */
  readonly prev?: StoredObject;
  /** The cache entries of the object and of the one before, when the event comes from them. */
  readonly entry?: CacheEntry;
  readonly prevEntry?: CacheEntry;
}

export interface CacheWatcher {
  /** Called for each event after the watch's start revision, in order. */
  onEvent(e: CacheEvent): void;
  /** Called whenever the cache's revision moves, events or not (for bookmarks). */
  onRevision?(rv: number): void;
}

/** What the store and handlers read of a resource's cache: a WatchCache, or a converted view of one. */
export interface ObjectCache {
  readonly revision: number;
  get(key: string): CacheEntry | undefined;
  list(prefix: string): CacheEntry[];
  watch(fromRv: number, w: CacheWatcher): () => void;
  waitFor(rv: number): Promise<void>;
  /** Announces a write of `obj` as `value` (see WatchCache.expect); absent on converted views. */
  expect?(key: string, write: ExpectedWrite): void;
  /** Withdraws an announced write that failed. */
  forget?(key: string, write: ExpectedWrite): void;
}

/**
 * A write this process is making: the object, its stored JSON (without resourceVersion) and the
 * offset of the closing brace of its metadata in that JSON (see metadataEnd).
 */
export interface ExpectedWrite { obj: StoredObject; value: string; metadataEnd: number }

const DEFAULT_WINDOW = 20_000;

export class WatchCache implements ObjectCache {
  readonly objects = new Map<string, CacheEntry>();
  private readonly window: CacheEvent[] = [];
  private windowStart = 0;
  private readonly watchers = new Set<CacheWatcher>();
  private readonly waiters: Array<{ rv: number; resolve: () => void }> = [];
  /** Events at or below this revision are not in the window. */
  private oldest: number;
  /** Every key in order; dropped whenever a key is added or removed. */
  private sortedKeys?: string[];
  /** Writes announced by this process's registry and not yet seen from the store. */
  private readonly expected = new Map<string, ExpectedWrite>();
  /** Entries written in this turn of the event loop: they let their objects go at its end. */
  private recent: Array<WrittenEntry | DeletedEntry> = [];

  constructor(readonly prefix: string, public revision: number, private readonly capacity = DEFAULT_WINDOW) {
    this.oldest = revision;
  }

  /** Loads the initial list (at `revision`, given to the constructor). */
  load(entries: Array<{ key: string; value: string; modRevision: number }>): void {
    this.sortedKeys = undefined;
    for (const e of entries) this.objects.set(e.key, new LoadedEntry(e.value, e.modRevision));
  }

  /** Applies one store event (already in revision order). */
  apply(type: 'put' | 'delete', key: string, value: string, rv: number): void {
    const prevEntry = this.objects.get(key);
    let ev: CacheEvent;
    if (type === 'put') {
      const { obj, json } = this.takeExpected(key, value, rv) ?? decodeWithJson(value, rv);
      if (!prevEntry) this.sortedKeys = undefined;
      const entry = this.written(json, rv, obj);
      this.objects.set(key, entry);
      ev = new EntryEvent(prevEntry ? 'MODIFIED' : 'ADDED', key, entry, prevEntry);
    } else {
      // A deleted object is reported with the delete's revision, as Kubernetes does.
      this.objects.delete(key);
      this.sortedKeys = undefined;
      ev = new EntryEvent('DELETED', key, this.deleted(prevEntry, value, rv), prevEntry);
    }
    this.window.push(ev);
    if (this.window.length - this.windowStart > this.capacity) {
      this.oldest = this.window[this.windowStart].rv;
      this.windowStart++;
      if (this.windowStart > 4096) { this.window.splice(0, this.windowStart); this.windowStart = 0; }
    }
    this.advance(rv);
    for (const w of this.watchers) w.onEvent(ev);
  }

  /**
   * The registry announces each object it writes: when the store's event brings that very value,
   * the object itself becomes the cached one (nobody changes an object once it is written) and its
   * served JSON is the stored JSON with resourceVersion added, which saves parsing and serializing
   * every written object again (~60 us per pod write).
   */
  expect(key: string, write: ExpectedWrite): void { this.expected.set(key, write); }

  forget(key: string, write: ExpectedWrite): void {
    if (this.expected.get(key) === write) this.expected.delete(key);
  }

  private takeExpected(key: string, value: string, rv: number): { obj: StoredObject; json: string } | undefined {
    const w = this.expected.get(key);
    if (!w) return undefined;
    this.expected.delete(key);
    if (w.value !== value) return undefined;
    const obj = w.obj;
    obj.metadata.resourceVersion = String(rv);
    return { obj, json: withResourceVersion(w.value, w.metadataEnd, rv) };
  }

  private written(json: string, rv: number, obj: StoredObject): WrittenEntry {
    return this.keptForTurn(new WrittenEntry(json, rv, obj));
  }

  /** The entry of a deleted object, its text made from the last entry's when that has the usual layout. */
  private deleted(last: CacheEntry | undefined, value: string, rv: number): WrittenEntry | DeletedEntry {
    const at = last ? revisionAt(last.json, last.rv) : -1;
    if (last && at >= 0) return this.keptForTurn(new DeletedEntry(last, at, rv).keep());
    const obj = decode(value, rv);
    return this.written(serialize(obj), rv, obj);
  }

  /** Keeps what an entry holds for this event-loop turn (the answer and the watch fan-out) and no longer. */
  private keptForTurn<E extends WrittenEntry | DeletedEntry>(entry: E): E {
    if (this.recent.push(entry) === 1) {
      setImmediate(() => {
        for (const e of this.recent) e.release();
        this.recent = [];
      });
    }
    return entry;
  }

  /** Moves the revision forward without an event of this resource. */
  advance(rv: number): void {
    if (rv <= this.revision) return;
    this.revision = rv;
    for (const w of this.watchers) w.onRevision?.(rv);
    while (this.waiters.length && this.waiters[0].rv <= rv) this.waiters.shift()!.resolve();
  }

  /** Resolves once the cache has seen revision `rv` (reads after a write see that write). */
  waitFor(rv: number): Promise<void> {
    if (rv <= this.revision) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ rv, resolve });
      this.waiters.sort((a, b) => a.rv - b.rv);
    });
  }

  get(key: string): CacheEntry | undefined { return this.objects.get(key); }

  /** Current objects under a key prefix, sorted by key. */
  list(prefix: string): CacheEntry[] {
    // Keys are kept sorted between lists: only creates and deletes make a new sort necessary.
    if (!this.sortedKeys) this.sortedKeys = [...this.objects.keys()].sort();
    const keys = this.sortedKeys;
    let i = lowerBound(keys, prefix);
    const out: CacheEntry[] = [];
    for (; i < keys.length && keys[i].startsWith(prefix); i++) out.push(this.objects.get(keys[i])!);
    return out;
  }

  /**
   * Starts a watch after `fromRv`: buffered events newer than it are replayed synchronously
   * before live ones. 410 Gone when `fromRv` is older than the window.
   */
  watch(fromRv: number, w: CacheWatcher): () => void {
    if (fromRv < this.oldest) {
      throw errors.gone(`too old resource version: ${fromRv} (${this.oldest})`);
    }
    for (let i = this.windowStart; i < this.window.length; i++) {
      const ev = this.window[i];
      if (ev.rv > fromRv) w.onEvent(ev);
    }
    this.watchers.add(w);
    return () => { this.watchers.delete(w); };
  }
}

/** The index of the first key >= `target` in a sorted array. */
function lowerBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < target) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * An object's JSON text as the cache keeps it: flat. V8 returns a long JSON.stringify result as a
 * rope of pieces, which the first write of it (a list) would copy into one string, leaving the
 * pieces as garbage in the old generation (~30 MB of heap growth at 10,000 pods); measuring its
 * UTF-8 length flattens it now, while the pieces are still young.
 */
function serialize(obj: StoredObject): string {
  const json = JSON.stringify(obj);
  Buffer.byteLength(json);
  return json;
}

/**
 * An object written while the server runs. The entry keeps the written object until the end of
 * the event-loop turn that cached it (the answer to the write and the watch fan-out use it there),
 * then only its JSON, and decodes that when asked. Kept as objects, 10,000 pods held ~80 MB more, and every
 * written pod was copied by two young-generation collections on its way to the old one: those
 * took ~6 ms every ~100 creates on the API server's thread (measured with --trace-gc).
 */
class WrittenEntry implements CacheEntry {
  private recent?: StoredObject;
  private decoded?: StoredObject;
  selectable?: Selectable;

  constructor(readonly json: string, readonly rv: number, obj: StoredObject) { this.recent = obj; }

  get obj(): StoredObject {
    return this.recent ?? (this.decoded ??= decode(this.json, this.rv));
  }

  peek(): StoredObject {
    return this.recent ?? this.decoded ?? decode(this.json, this.rv);
  }

  holds(obj: StoredObject): boolean { return obj === this.recent || obj === this.decoded; }

  release(): void { this.recent = undefined; }
}

/**
 * A deleted object as its DELETED event serves it: the last state, with the delete's revision. Its
 * text is the last entry's with the resourceVersion changed, made when read: at the delete (kept
 * for that turn, for the watchers) and later only for a watch that replays the window. Kept as a
 * text of its own, a deleted pod held ~2.7 KB twice in the window, here and in the event that wrote
 * its last state; making it by parsing and serializing the stored value took ~40 us per delete.
 */
class DeletedEntry implements CacheEntry {
  private text?: string;
  private recent?: StoredObject;
  selectable?: Selectable;

  /** `at`: where the last entry's resourceVersion digits begin in its text (see revisionAt). */
  constructor(private readonly last: CacheEntry, private readonly at: number, readonly rv: number) {}

  get json(): string {
    if (this.text !== undefined) return this.text;
    const last = this.last.json;
    return `${last.slice(0, this.at)}${this.rv}${last.slice(this.at + String(this.last.rv).length)}`;
  }

  get obj(): StoredObject { return this.peek(); }

  /** Decoded once in the delete's turn (for selectors and the answer), on each read after it. */
  peek(): StoredObject {
    if (this.text === undefined) return decode(this.json, this.rv);
    return this.recent ??= decode(this.text, this.rv);
  }

  holds(obj: StoredObject): boolean { return obj === this.recent; }

  /** Keeps its text (and object, once read) until release: everything in the delete's turn reads them. */
  keep(): this {
    this.text = this.json;
    Buffer.byteLength(this.text); // flat, as serialize() explains
    return this;
  }

  release(): void {
    this.text = undefined;
    this.recent = undefined;
  }
}

/**
 * Where the digits of resourceVersion `rv` begin in an entry's text, when it is the last member of
 * the metadata (as decode() and withResourceVersion() put it); -1 otherwise.
 */
function revisionAt(json: string, rv: number): number {
  const end = metadataEnd(json);
  const tail = `"resourceVersion":"${rv}"`;
  return end >= 0 && json.endsWith(tail, end) ? end - String(rv).length - 1 : -1;
}

/** A cache event that reads its objects from the entries (a window of events keeps no objects). */
class EntryEvent implements CacheEvent {
  readonly rv: number;

  constructor(readonly type: CacheEventType, readonly key: string, readonly entry: WrittenEntry | DeletedEntry, readonly prevEntry: CacheEntry | undefined) {
    this.rv = entry.rv;
  }

  get obj(): StoredObject { return this.entry.peek(); }
  get json(): string { return this.entry.json; }
  get prev(): StoredObject | undefined { return this.prevEntry && readObject(this.prevEntry); }
}

/**
 * An object loaded from the store at start-up, decoded and serialized only when first read: most
 * are served as JSON (lists, the informers' first list) before anything needs them as objects, and
 * the JSON is the stored text with resourceVersion added. Loading 10,000 pods took ~400 ms of
 * parsing and serializing otherwise.
 */
class LoadedEntry implements CacheEntry {
  private decoded?: StoredObject;
  private served?: string;
  selectable?: Selectable;

  constructor(private stored: string, readonly rv: number) {}

  get obj(): StoredObject {
    return this.decoded ??= decode(this.served ?? this.stored, this.rv);
  }

  peek(): StoredObject {
    return this.decoded ?? decode(this.served ?? this.stored, this.rv);
  }

  holds(obj: StoredObject): boolean { return obj === this.decoded; }

  get json(): string {
    if (this.served === undefined) {
      const end = this.decoded ? -1 : metadataEnd(this.stored);
      this.served = end < 0 ? serialize(this.obj) : withResourceVersion(this.stored, end, this.rv);
      this.stored = '';
    }
    return this.served;
  }
}

/** The served text of a stored object: resourceVersion added last in its metadata, as decode() puts it. */
function withResourceVersion(stored: string, metadataEnd: number, rv: number): string {
  const sep = stored.charCodeAt(metadataEnd - 1) === 0x7b /* { */ ? '' : ',';
  const json = `${stored.slice(0, metadataEnd)}${sep}"resourceVersion":"${rv}"${stored.slice(metadataEnd)}`;
  Buffer.byteLength(json); // flat, as serialize() explains
  return json;
}

function decodeWithJson(value: string, rv: number): { obj: StoredObject; json: string } {
  const obj = decode(value, rv);
  return { obj, json: serialize(obj) };
}

/** A stored value as served: the store keeps objects without their resourceVersion, as etcd does. */
export function decode(value: string, rv: number): StoredObject {
  const obj = JSON.parse(value) as StoredObject;
  obj.metadata.resourceVersion = String(rv);
  return obj;
}
