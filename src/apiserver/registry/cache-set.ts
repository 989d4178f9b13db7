// One store watch feeds the watch caches of every resource: each event goes to the cache whose
// key prefix matches, and every cache's revision advances, so all list revisions are global.
import type { Store } from '../../storage/store';
import { WatchCache } from './watch-cache';

export const REGISTRY_PREFIX = '/registry/';

export class CacheSet {
  private readonly caches: WatchCache[] = [];
  private cancel?: () => void;

  private constructor(private readonly store: Store) {}

  static async start(store: Store, prefixes: string[]): Promise<CacheSet> {
    const set = new CacheSet(store);
    const rev = await store.currentRevision();
    for (const prefix of prefixes) {
      const cache = new WatchCache(prefix, rev);
      const { kvs } = await store.list(prefix, { revision: rev });
      cache.load(kvs);
      set.caches.push(cache);
    }
    store.startupReadsDone?.();
    // Longest prefix first, so '/registry/events.k8s.io/' never lands in '/registry/events'.
    set.caches.sort((a, b) => b.prefix.length - a.prefix.length);
    const handle = await store.watch(REGISTRY_PREFIX, rev, (events) => {
      for (const ev of events) {
        const rv = ev.kv.modRevision;
        const target = set.caches.find((c) => ev.kv.key.startsWith(c.prefix));
        target?.apply(ev.type, ev.kv.key, ev.kv.value, rv);
        for (const c of set.caches) if (c !== target) c.advance(rv);
      }
    });
    set.cancel = () => handle.cancel();
    return set;
  }

  cacheFor(prefix: string): WatchCache {
    const c = this.caches.find((x) => x.prefix === prefix);
    if (!c) throw new Error(`no watch cache for ${prefix}`);
    return c;
  }

  stop(): void { this.cancel?.(); }
}
