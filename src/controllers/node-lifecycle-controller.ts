// Node health, as the node lifecycle controller keeps it: a node whose Lease has not been renewed
// within the grace period gets its conditions set to Unknown ("Kubelet stopped posting node
// status."), and the not-ready / unreachable NoSchedule taints follow the Ready condition, so the
// scheduler places pods only on nodes that are up.
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { ApiClient, ResourcePath } from '../client/api-client';
import { Informer } from '../client/informer';
import { WorkQueue } from './work-queue';

const NODES: ResourcePath = { group: '', version: 'v1', resource: 'nodes' };
const LEASES: ResourcePath = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-node-lease' };
export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
const GRACE_MS = 40_000;
const CHECK_MS = 5_000;

/** The NoSchedule taint a node should carry for its Ready condition, if any. */
export function wantedTaint(ready: NodeCondition | undefined): string | undefined {
  if (!ready || ready.status === 'Unknown') return UNREACHABLE_TAINT;
  return ready.status === 'True' ? undefined : NOT_READY_TAINT;
}

/** The node's taints with the readiness taints set as `ready` asks (undefined: unchanged). */
export function reconcileTaints(taints: Taint[], ready: NodeCondition | undefined, now: string): Taint[] | undefined {
  const want = wantedTaint(ready);
  const others = taints.filter((t) => !((t.key === NOT_READY_TAINT || t.key === UNREACHABLE_TAINT) && t.effect === 'NoSchedule'));
  const has = taints.filter((t) => t.effect === 'NoSchedule' && (t.key === NOT_READY_TAINT || t.key === UNREACHABLE_TAINT)).map((t) => t.key);
  if ((want ? [want] : []).join() === has.join()) return undefined;
  return want ? [...others, { key: want, effect: 'NoSchedule', timeAdded: now }] : others;
}

export class NodeLifecycleController {
  private readonly nodes: Informer<Node>;
  private readonly leases: Informer<Lease>;
  private readonly queue: WorkQueue;
  private timer?: NodeJS.Timeout;

  constructor(private readonly client: ApiClient, private readonly graceMs = GRACE_MS) {
    this.nodes = new Informer<Node>(client, NODES);
    this.leases = new Informer<Lease>(client, LEASES);
    this.queue = new WorkQueue((name) => this.sync(name));
    this.nodes.addHandlers({ onAdd: (n) => this.queue.add(n.metadata!.name!), onUpdate: (n) => this.queue.add(n.metadata!.name!) });
  }

  start(): this {
    this.leases.start();
    this.nodes.start();
    this.timer = setInterval(() => { for (const n of this.nodes.list()) this.queue.add(n.metadata!.name!); }, CHECK_MS);
    this.timer.unref();
    return this;
  }

  stop(): void { clearInterval(this.timer); this.nodes.stop(); this.leases.stop(); this.queue.stop(); }

  private async sync(name: string): Promise<void> {
    await Promise.all([this.nodes.hasSynced, this.leases.hasSynced]);
    const node = this.nodes.get('', name);
    if (!node) return;
    const now = new Date();
    const nowIso = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const conditions = node.status?.conditions ?? [];
    let ready = conditions.find((c) => c.type === 'Ready');
    const renew = this.leases.get('kube-node-lease', name)?.spec?.renewTime;
    const heard = Math.max(renew ? Date.parse(renew) : 0, Date.parse(node.metadata?.creationTimestamp ?? '') || 0);
    if (ready && ready.status !== 'Unknown' && now.getTime() - heard > this.graceMs) {
      // The kubelet went quiet: every condition it reported becomes Unknown.
      const stale = conditions.map((c) => ({ ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: nowIso }));
      await this.client.patch(NODES, name, { status: { conditions: stale } }, 'application/strategic-merge-patch+json', 'status');
      ready = stale.find((c) => c.type === 'Ready');
    }
    const taints = reconcileTaints(node.spec?.taints ?? [], ready, nowIso);
    // An empty list is written as null: the field goes away, as it does in Kubernetes.
    if (taints) await this.client.patch(NODES, name, { spec: { taints: taints.length ? taints : null } }, 'application/merge-patch+json');
  }
}
