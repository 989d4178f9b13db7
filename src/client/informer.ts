// An informer: list, then watch from the list's resourceVersion, keeping a local cache and calling
// handlers on changes; relists when the watch ends or its revision is too old (410).
import type { HasMetadata } from '../api/object';
import { type ApiClient, type ResourcePath, type WatchStream } from './api-client';

export interface InformerHandlers<T> {
  onAdd?(obj: T): void;
  onUpdate?(obj: T, old: T): void;
  onDelete?(obj: T): void;
}

const key = (o: HasMetadata) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/**
 * A transform for informers whose users never read managedFields (client-go's
 * TransformStripManagedFields, which kube-scheduler uses on its pod informer): often half of an
 * object's metadata, kept for every object in the cache otherwise.
 */
export function stripManagedFields<T extends HasMetadata>(obj: T): T {
  if (obj.metadata?.managedFields) delete obj.metadata.managedFields;
  return obj;
}

export class Informer<T extends HasMetadata> {
  readonly cache = new Map<string, T>();
  private stream?: WatchStream;
  private stopped = false;
  private synced!: () => void;
  readonly hasSynced = new Promise<void>((r) => { this.synced = r; });
  private readonly handlers: InformerHandlers<T>[] = [];

  /**
   * `transform` applies to every object received, before the cache and the handlers see it (as
   * client-go's SetTransform). When it returns undefined the object is of no interest and is not
   * kept: the handlers see it come (onAdd) once it is of interest, and go (onDelete) when it stops.
   */
  constructor(private readonly client: ApiClient, private readonly resource: ResourcePath, private readonly query = '', private readonly transform: (obj: T) => T | undefined = (obj) => obj) {}

  addHandlers(h: InformerHandlers<T>): void { this.handlers.push(h); }

  get(namespace: string, name: string): T | undefined { return this.cache.get(`${namespace}/${name}`); }
  list(): T[] { return [...this.cache.values()]; }

  start(): this {
    void this.run();
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.stream?.stop();
  }

  private deliver(type: 'ADDED' | 'MODIFIED' | 'DELETED', received: T): void {
    const k = key(received);
    const obj = this.transform(received);
    const old = this.cache.get(k);
    if (type === 'DELETED' || obj === undefined) {
      // Never kept: nothing to tell.
      if (obj === undefined && old === undefined) return;
      this.cache.delete(k);
      const gone = obj ?? old!;
      this.handlers.forEach((h) => h.onDelete?.(gone));
      return;
    }
    this.cache.set(k, obj);
    if (old) this.handlers.forEach((h) => h.onUpdate?.(obj, old));
    else this.handlers.forEach((h) => h.onAdd?.(obj));
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const list = await this.client.list<T>(this.resource, this.query);
        const seen = new Set<string>();
        for (const received of list.items) {
          const item = this.transform(received);
          // Not kept; if it was, the sweep below reports it gone.
          if (item === undefined) continue;
          const k = key(item);
          seen.add(k);
          const old = this.cache.get(k);
          this.cache.set(k, item);
          if (!old) this.handlers.forEach((h) => h.onAdd?.(item));
          else if (old.metadata?.resourceVersion !== item.metadata?.resourceVersion) this.handlers.forEach((h) => h.onUpdate?.(item, old));
        }
        for (const [k, old] of this.cache) {
          if (!seen.has(k)) { this.cache.delete(k); this.handlers.forEach((h) => h.onDelete?.(old)); }
        }
        this.synced();
        let rv = list.metadata.resourceVersion;
        // Watch from the last seen revision until the server says it is too old (410), then relist.
        for (;;) {
          let expired = false;
          const started = Date.now();
          this.stream = this.client.watch<T>(this.resource, `resourceVersion=${rv}&allowWatchBookmarks=true${this.query ? `&${this.query}` : ''}`, (ev) => {
            if (ev.type === 'ERROR') { expired = true; return; }
            rv = ev.object.metadata?.resourceVersion ?? rv;
            if (ev.type !== 'BOOKMARK') this.deliver(ev.type, ev.object);
          });
          await this.stream.done;
          if (expired || this.stopped) break;
          // A watch the server ends at once must not turn into a busy loop.
          if (Date.now() - started < 1000) await new Promise((r) => setTimeout(r, 1000));
        }
      } catch {
        if (this.stopped) return;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
}
