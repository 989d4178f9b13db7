// Registers this node with the API server, keeps its status (conditions, capacity, addresses,
// nodeInfo) current, and renews its Lease in kube-node-lease as the heartbeat, as the kubelet does:
// the Lease every 10 s, the full status when something changes or every minute.
import type { Node, NodeCondition } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import { type ApiClient, ApiError, type ResourcePath } from '../../client/api-client';
import { nodeAddresses, nodeCapacity, nodeSystemInfo } from './node-facts';

const NODES: ResourcePath = { group: '', version: 'v1', resource: 'nodes' };
const LEASES: ResourcePath = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-node-lease' };
const LEASE_DURATION_S = 40;
const LEASE_RENEW_MS = 10_000;
const STATUS_REPORT_MS = 60_000;

export interface NodeStatusOptions {
  nodeName: string;
  nodeIP: string;
  dataDir: string;
  labels?: Record<string, string>;
  /** The kubelet server's port, reported as daemonEndpoints.kubeletEndpoint.Port. */
  kubeletPort?: number;
}

const iso = (d = new Date()) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const micro = (d = new Date()) => d.toISOString().replace(/Z$/, '000Z');

export class NodeStatusManager {
  private leaseTimer?: NodeJS.Timeout;
  private statusTimer?: NodeJS.Timeout;
  private readyReason = 'KubeletReady';
  private ready = true;
  private runtime = { name: 'containerd', version: '' };

  constructor(private readonly client: ApiClient, private readonly opts: NodeStatusOptions) {}

  /** Creates the Node (or adopts the existing one) and returns it; no status yet. */
  async register(): Promise<Node> {
    const { nodeName } = this.opts;
    const labels = {
      'kubernetes.io/hostname': nodeName,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': process.arch === 'x64' ? 'amd64' : process.arch,
      'beta.kubernetes.io/os': 'linux',
      'beta.kubernetes.io/arch': process.arch === 'x64' ? 'amd64' : process.arch,
      ...this.opts.labels,
    };
    try {
      await this.client.create<Node>(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName, labels } });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 409)) throw e;
      await this.client.patch(NODES, nodeName, { metadata: { labels } });
    }
    return this.client.get<Node>(NODES, nodeName);
  }

  /** Writes the full status with the runtime's version and starts the heartbeats. */
  async start(runtimeName: string, runtimeVersion: string): Promise<Node> {
    this.runtime = { name: runtimeName, version: runtimeVersion };
    const node = await this.reportStatus();
    await this.renewLease(node);
    this.leaseTimer = setInterval(() => void this.renewLease().catch((e) => console.error(`node lease: ${(e as Error).message}`)), LEASE_RENEW_MS);
    this.statusTimer = setInterval(() => void this.reportStatus().catch((e) => console.error(`node status: ${(e as Error).message}`)), STATUS_REPORT_MS);
    return node;
  }

  stop(): void {
    clearInterval(this.leaseTimer);
    clearInterval(this.statusTimer);
  }

  /** Marks the node not ready (e.g. the runtime went away) or ready again, and reports it at once. */
  async setReady(ready: boolean, reason: string): Promise<void> {
    if (this.ready === ready && this.readyReason === reason) return;
    this.ready = ready;
    this.readyReason = reason;
    await this.reportStatus();
  }

  private conditions(previous: NodeCondition[] | undefined): NodeCondition[] {
    const now = iso();
    const make = (type: string, status: string, reason: string, message: string): NodeCondition => {
      const old = previous?.find((c) => c.type === type);
      return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now };
    };
    return [
      make('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      make('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      make('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      this.ready
        ? make('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
        : make('Ready', 'False', this.readyReason, `container runtime is down: ${this.readyReason}`),
    ];
  }

  async reportStatus(): Promise<Node> {
    const { nodeName, nodeIP, dataDir } = this.opts;
    const current = await this.client.get<Node>(NODES, nodeName);
    const capacity = nodeCapacity(dataDir);
    const status = {
      capacity,
      allocatable: capacity,
      conditions: this.conditions(current.status?.conditions),
      addresses: nodeAddresses(nodeName, nodeIP),
      daemonEndpoints: { kubeletEndpoint: { Port: this.opts.kubeletPort ?? 10250 } },
      nodeInfo: nodeSystemInfo(this.runtime.name, this.runtime.version),
    };
    return this.client.patch<Node>(NODES, nodeName, { status }, 'application/merge-patch+json', 'status');
  }

  private async renewLease(node?: Node): Promise<void> {
    const name = this.opts.nodeName;
    try {
      const lease = await this.client.get<Lease>(LEASES, name);
      await this.client.update<Lease>(LEASES, { ...lease, spec: { ...lease.spec, holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_S, renewTime: micro() } });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
      const owner = node ?? await this.client.get<Node>(NODES, name);
      await this.client.create<Lease>(LEASES, {
        apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
        metadata: { name, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: owner.metadata!.uid! }] },
        spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_S, renewTime: micro() },
      });
    }
  }
}
