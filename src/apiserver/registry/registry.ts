// Every served resource: its descriptor and its generic store, looked up by group/version/resource.
import type { ResourceDescriptor } from '../../api/resource';
import type { Store } from '../../storage/store';
import { CacheSet } from './cache-set';
import { ConvertedCache } from './converted-cache';
import { type AdmissionPlugin, type FieldTracker, ResourceStore } from './resource-store';

export class Registry {
  private readonly byGvr = new Map<string, ResourceStore>();
  private constructor(readonly descriptors: ResourceDescriptor[], readonly caches: CacheSet) {}

  static async open(store: Store, descriptors: ResourceDescriptor[], admission: AdmissionPlugin[], fields?: FieldTracker): Promise<Registry> {
    const prefixes = [...new Set(descriptors.map((d) => ResourceStore.prefixFor(d)))];
    const caches = await CacheSet.start(store, prefixes);
    const reg = new Registry(descriptors, caches);
    for (const d of descriptors) {
      const shared = caches.cacheFor(ResourceStore.prefixFor(d));
      const cache = d.storedAs ? new ConvertedCache(shared, d.storedAs.fromStorage) : shared;
      reg.byGvr.set(gvrKey(d.group, d.version, d.resource), new ResourceStore(d, store, cache, admission, fields, (ns) => reg.namespaceState(ns)));
    }
    return reg;
  }

  lookup(group: string, version: string, resource: string): ResourceStore | undefined {
    return this.byGvr.get(gvrKey(group, version, resource));
  }

  mustLookup(group: string, version: string, resource: string): ResourceStore {
    const s = this.lookup(group, version, resource);
    if (!s) throw new Error(`resource ${resource}.${group}/${version} is not registered`);
    return s;
  }

  all(): ResourceStore[] { return [...this.byGvr.values()]; }

  private namespaceState(ns: string): { exists: boolean; terminating: boolean } {
    const nsStore = this.lookup('', 'v1', 'namespaces');
    const e = nsStore?.getEntry('', ns);
    if (!e) return { exists: false, terminating: false };
    return { exists: true, terminating: !!e.obj.metadata.deletionTimestamp || (e.obj.status as { phase?: string } | undefined)?.phase === 'Terminating' };
  }
}

function gvrKey(group: string, version: string, resource: string): string {
  return `${group}/${version}/${resource}`;
}
