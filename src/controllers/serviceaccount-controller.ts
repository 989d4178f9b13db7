// Keeps a 'default' ServiceAccount and the 'kube-root-ca.crt' ConfigMap (the cluster CA, which the
// projected service-account volume mounts) in every active namespace, recreating them if deleted.
import type { Namespace, ServiceAccount, ConfigMap } from 'kubernetes-types/core/v1';
import { type ApiClient, ApiError, type ResourcePath } from '../client/api-client';
import { Informer } from '../client/informer';
import { WorkQueue } from './work-queue';

const NAMESPACES: ResourcePath = { group: '', version: 'v1', resource: 'namespaces' };
const SERVICE_ACCOUNTS: ResourcePath = { group: '', version: 'v1', resource: 'serviceaccounts' };
const CONFIG_MAPS: ResourcePath = { group: '', version: 'v1', resource: 'configmaps' };
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';

export class ServiceAccountController {
  private readonly namespaces: Informer<Namespace>;
  private readonly accounts: Informer<ServiceAccount>;
  private readonly configMaps: Informer<ConfigMap>;
  private readonly queue: WorkQueue;

  constructor(private readonly client: ApiClient, private readonly caPem: string) {
    this.namespaces = new Informer<Namespace>(client, NAMESPACES);
    this.accounts = new Informer<ServiceAccount>(client, SERVICE_ACCOUNTS, 'fieldSelector=metadata.name%3Ddefault');
    this.configMaps = new Informer<ConfigMap>(client, CONFIG_MAPS, `fieldSelector=metadata.name%3D${ROOT_CA_CONFIGMAP}`);
    this.queue = new WorkQueue((ns) => this.sync(ns));
    this.namespaces.addHandlers({ onAdd: (ns) => this.queue.add(ns.metadata!.name!), onUpdate: (ns) => this.queue.add(ns.metadata!.name!) });
    const byNamespace = { onDelete: (o: { metadata?: { namespace?: string } }) => this.queue.add(o.metadata!.namespace!) };
    this.accounts.addHandlers(byNamespace);
    this.configMaps.addHandlers({ ...byNamespace, onUpdate: (cm) => this.queue.add(cm.metadata!.namespace!) });
  }

  start(): this {
    this.accounts.start();
    this.configMaps.start();
    // Namespaces last, so the first syncs see the existing accounts.
    void Promise.all([this.accounts.hasSynced, this.configMaps.hasSynced]).then(() => this.namespaces.start());
    return this;
  }

  stop(): void { this.namespaces.stop(); this.accounts.stop(); this.configMaps.stop(); this.queue.stop(); }

  private async sync(namespace: string): Promise<void> {
    const ns = this.namespaces.get('', namespace);
    if (!ns || ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating') return;
    const scoped = (r: ResourcePath) => ({ ...r, namespace });
    if (!this.accounts.get(namespace, 'default')) {
      await ignoreExists(this.client.create(scoped(SERVICE_ACCOUNTS), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } }));
    }
    const cm = this.configMaps.get(namespace, ROOT_CA_CONFIGMAP);
    if (!cm) {
      await ignoreExists(this.client.create(scoped(CONFIG_MAPS), {
        apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP },
        data: { 'ca.crt': this.caPem },
      }));
    } else if (cm.data?.['ca.crt'] !== this.caPem) {
      await this.client.update(scoped(CONFIG_MAPS), { ...cm, data: { ...cm.data, 'ca.crt': this.caPem } });
    }
  }
}

async function ignoreExists(p: Promise<unknown>): Promise<void> {
  try { await p; } catch (e) {
    // AlreadyExists: another writer won; Forbidden: the namespace began terminating meanwhile.
    if (e instanceof ApiError && (e.code === 409 || e.code === 403 || e.code === 404)) return;
    throw e;
  }
}
