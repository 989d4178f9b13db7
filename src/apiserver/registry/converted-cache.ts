// A resource served from another resource's storage (see StorageConversion) reads that
// resource's watch cache through this view: every entry and watch event in its own form. Each
// stored object is converted once and the result kept for as long as the object is cached.
import type { KubeObject, StoredObject } from '../../api/object';
import type { CacheEntry, CacheEvent, CacheWatcher, ObjectCache, WatchCache } from './watch-cache';

interface Converted { obj: StoredObject; json: string }

export class ConvertedCache implements ObjectCache {
  private readonly converted = new WeakMap<StoredObject, Converted>();

  constructor(private readonly source: WatchCache, private readonly fromStorage: (obj: KubeObject) => KubeObject) {}

  get revision(): number { return this.source.revision; }

  get(key: string): CacheEntry | undefined {
    const e = this.source.get(key);
    return e && { ...this.convert(e.obj), rv: e.rv };
  }

  list(prefix: string): CacheEntry[] {
    return this.source.list(prefix).map((e) => ({ ...this.convert(e.obj), rv: e.rv }));
  }

  watch(fromRv: number, w: CacheWatcher): () => void {
    return this.source.watch(fromRv, {
      // The source's entries hold the stored form: the converted event has none.
      onEvent: (ev: CacheEvent) => w.onEvent({ type: ev.type, key: ev.key, rv: ev.rv, ...this.convert(ev.obj), prev: ev.prev && this.convert(ev.prev).obj }),
      onRevision: w.onRevision && ((rv) => w.onRevision!(rv)),
    });
  }

  waitFor(rv: number): Promise<void> { return this.source.waitFor(rv); }

  private convert(stored: StoredObject): Converted {
    let c = this.converted.get(stored);
    if (!c) {
      const obj = this.fromStorage(stored) as StoredObject;
      c = { obj, json: JSON.stringify(obj) };
      this.converted.set(stored, c);
    }
    return c;
  }
}
