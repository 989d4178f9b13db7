// Namespace deletion: once a namespace has a deletionTimestamp, delete everything in it (every
// namespaced resource that discovery lists), wait until it is all gone (pods may take their grace
// period), then remove the 'kubernetes' finalizer through namespaces/<name>/finalize, which lets
// the API server delete the namespace itself.
import type { Namespace } from 'kubernetes-types/core/v1';
import type { APIResourceList, APIGroupList } from 'kubernetes-types/meta/v1';
import { ApiClient, ApiError, type ResourcePath } from '../client/api-client';
import { Informer } from '../client/informer';
import { WorkQueue } from './work-queue';

const NAMESPACES: ResourcePath = { group: '', version: 'v1', resource: 'namespaces' };

export class NamespaceController {
  private readonly informer: Informer<Namespace>;
  private readonly queue: WorkQueue;

  constructor(private readonly client: ApiClient) {
    this.informer = new Informer<Namespace>(client, NAMESPACES);
    this.queue = new WorkQueue((name) => this.sync(name), 1000);
    this.informer.addHandlers({
      onAdd: (ns) => { if (ns.metadata?.deletionTimestamp) this.queue.add(ns.metadata.name!); },
      onUpdate: (ns) => { if (ns.metadata?.deletionTimestamp) this.queue.add(ns.metadata.name!); },
    });
  }

  start(): this { this.informer.start(); return this; }
  stop(): void { this.informer.stop(); this.queue.stop(); }

  private async namespacedResources(): Promise<ResourcePath[]> {
    const out: ResourcePath[] = [];
    const add = (group: string, version: string, list: APIResourceList) => {
      for (const r of list.resources) {
        if (r.namespaced && !r.name.includes('/') && r.verbs.includes('deletecollection') && r.verbs.includes('list')) out.push({ group, version, resource: r.name });
      }
    };
    add('', 'v1', await this.client.request<APIResourceList>('GET', '/api/v1'));
    const groups = await this.client.request<APIGroupList>('GET', '/apis');
    for (const g of groups.groups) {
      const v = g.preferredVersion?.version ?? g.versions[0].version;
      add(g.name, v, await this.client.request<APIResourceList>('GET', `/apis/${g.name}/${v}`));
    }
    return out;
  }

  private async sync(name: string): Promise<void> {
    const ns = this.informer.get('', name);
    if (!ns?.metadata?.deletionTimestamp) return;
    let remaining = 0;
    for (const r of await this.namespacedResources()) {
      const path = { ...r, namespace: name };
      // Deleting events first keeps the pods' deletion events from outliving the sweep.
      await this.client.request('DELETE', ApiClient.path(path));
      const left = await this.client.list(path, 'limit=1');
      remaining += left.items.length;
    }
    if (remaining > 0) {
      this.queue.addAfter(name, 1000);
      return;
    }
    try {
      const fresh = await this.client.get<Namespace>(NAMESPACES, name);
      if (!fresh.spec?.finalizers?.includes('kubernetes')) return;
      fresh.spec.finalizers = fresh.spec.finalizers.filter((f) => f !== 'kubernetes');
      await this.client.update(NAMESPACES, fresh, 'finalize');
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return;
      throw e;
    }
  }
}
