// Gives every node a pod subnet: the next free /24 (by default) of the cluster CIDR, written to
// spec.podCIDR and spec.podCIDRs once; the node's agent configures its CNI bridge from it.
import type { Node } from 'kubernetes-types/core/v1';
import type { ApiClient, ResourcePath } from '../client/api-client';
import { Informer } from '../client/informer';
import { WorkQueue } from './work-queue';

const NODES: ResourcePath = { group: '', version: 'v1', resource: 'nodes' };

/** An IPv4 CIDR split into equal subnets, indexed from 0. */
export class SubnetAllocator {
  private readonly base: number;
  private readonly count: number;

  constructor(readonly clusterCidr: string, readonly subnetBits = 24) {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(clusterCidr);
    if (!m) throw new Error(`cluster CIDR ${clusterCidr} is not an IPv4 CIDR`);
    const prefix = Number(m[5]);
    if (prefix > subnetBits) throw new Error(`cluster CIDR ${clusterCidr} is smaller than a /${subnetBits}`);
    const ip = m.slice(1, 5).map(Number).reduce((a, b) => a * 256 + b, 0);
    const size = 2 ** (32 - prefix);
    this.base = ip - (ip % size);
    this.count = 2 ** (subnetBits - prefix);
  }

  subnet(index: number): string {
    const ip = this.base + index * 2 ** (32 - this.subnetBits);
    return `${[24, 16, 8, 0].map((s) => Math.floor(ip / 2 ** s) % 256).join('.')}/${this.subnetBits}`;
  }

  /** The first subnet not in `used`, or undefined when the range is full. */
  firstFree(used: Set<string>): string | undefined {
    for (let i = 0; i < this.count; i++) {
      const s = this.subnet(i);
      if (!used.has(s)) return s;
    }
    return undefined;
  }
}

export class NodeIpamController {
  private readonly informer: Informer<Node>;
  private readonly queue: WorkQueue;
  private readonly allocator: SubnetAllocator;
  /** Subnets handed out but perhaps not yet seen back through the watch. */
  private readonly reserved = new Map<string, string>();

  constructor(private readonly client: ApiClient, clusterCidr: string) {
    this.allocator = new SubnetAllocator(clusterCidr);
    this.informer = new Informer<Node>(client, NODES);
    this.queue = new WorkQueue((name) => this.sync(name));
    this.informer.addHandlers({
      onAdd: (n) => { if (!n.spec?.podCIDR) this.queue.add(n.metadata!.name!); },
      onUpdate: (n) => { if (!n.spec?.podCIDR) this.queue.add(n.metadata!.name!); },
      onDelete: (n) => this.reserved.delete(n.metadata!.name!),
    });
  }

  start(): this { this.informer.start(); return this; }
  stop(): void { this.informer.stop(); this.queue.stop(); }

  private async sync(name: string): Promise<void> {
    await this.informer.hasSynced;
    const node = this.informer.get('', name);
    if (!node || node.spec?.podCIDR) return;
    const used = new Set<string>(this.reserved.values());
    for (const n of this.informer.list()) for (const c of n.spec?.podCIDRs ?? (n.spec?.podCIDR ? [n.spec.podCIDR] : [])) used.add(c);
    const cidr = this.reserved.get(name) ?? this.allocator.firstFree(used);
    if (!cidr) throw new Error(`no pod subnet left in ${this.allocator.clusterCidr} for node ${name}`);
    this.reserved.set(name, cidr);
    await this.client.patch(NODES, name, { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
  }
}
