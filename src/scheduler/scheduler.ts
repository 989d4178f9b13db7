// The scheduler: watches pods and nodes through the API (informers), takes pending pods meant
// for the default scheduler one at a time from the scheduling queue, decides with the pure
// scheduling cycle, and binds through pods/<name>/binding. A pod no node can take stays
// Pending with PodScheduled=False/Unschedulable and a FailedScheduling event, and is retried
// when a cluster change could help (with back-off).
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { HasMetadata } from '../api/object';
import { semanticEqual } from '../api/validation/semantic-equal';
import { DEFAULT_SCHEDULER_NAME } from '../api/defaults/pod-defaults';
import { ApiClient, ApiError, type ResourcePath } from '../client/api-client';
import { Informer, stripManagedFields } from '../client/informer';
import { type PodInfo, newPodInfo, podKey } from './pod-info';
import { SchedulerCache } from './scheduler-cache';
import { type QueueOptions, type QueuedPod, SchedulingQueue } from './scheduling-queue';
import { schedulePod } from './scheduling-cycle';
import { ASSIGNED_POD_GONE, NODE_ADDED, nodeUpdateInterest } from './cluster-events';
import { EventRecorder } from '../client/event-recorder';

const ALL_PODS: ResourcePath = { group: '', version: 'v1', resource: 'pods' };
const NODES: ResourcePath = { group: '', version: 'v1', resource: 'nodes' };
const podsIn = (namespace: string): ResourcePath => ({ ...ALL_PODS, namespace });

export interface SchedulerOptions extends QueueOptions {
  /**
   * The spec.schedulerName this scheduler serves, also its events' reporting component (as a
   * Kubernetes scheduler profile does). Default: default-scheduler.
   */
  schedulerName?: string;
  /** Tie-breaking between equally scored nodes; tests pass a fixed sequence. */
  random?: () => number;
}

type PodScheduledReason = 'Unschedulable' | 'SchedulerError';

export class Scheduler {
  /** Pods on a node that have not finished: they take its room. */
  private readonly assigned: Informer<Pod>;
  /** Pods waiting for this scheduler. */
  private readonly pending: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly queue: SchedulingQueue;
  private readonly cache = new SchedulerCache();
  private readonly events: EventRecorder;
  private readonly random: () => number;
  private readonly schedulerName: string;
  private stopped = false;
  private signalStop!: () => void;
  private readonly stopping = new Promise<void>((r) => { this.signalStop = r; });

  constructor(private readonly client: ApiClient, opts: SchedulerOptions = {}) {
    this.schedulerName = opts.schedulerName ?? DEFAULT_SCHEDULER_NAME;
    // Two watches, so that the server filters: a pending pod of another scheduler matters to
    // nothing here until it is bound (then it arrives as added to `assigned`), and a pod that
    // finished frees its room (it leaves `assigned` as deleted). A pod this scheduler binds leaves
    // `pending` as deleted and arrives in `assigned`. Nothing here reads managedFields;
    // kube-scheduler drops them from its pod cache too.
    this.assigned = new Informer<Pod>(client, ALL_PODS, `fieldSelector=${encodeURIComponent('spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed')}`, stripManagedFields);
    this.pending = new Informer<Pod>(client, ALL_PODS, `fieldSelector=${encodeURIComponent(`spec.nodeName=,spec.schedulerName=${this.schedulerName}`)}`, stripManagedFields);
    this.nodes = new Informer<Node>(client, NODES);
    this.queue = new SchedulingQueue(opts);
    this.events = new EventRecorder(client, this.schedulerName);
    this.random = opts.random ?? Math.random;
  }

  start(): this {
    this.assigned.addHandlers({
      onAdd: (pod) => this.assignedPodChanged(pod),
      onUpdate: (pod) => this.assignedPodChanged(pod),
      onDelete: (pod) => { if (this.cache.deletePod(pod)) this.queue.clusterChanged(ASSIGNED_POD_GONE); },
    });
    this.pending.addHandlers({
      onAdd: (pod) => this.pendingPodChanged(pod),
      onUpdate: (pod, old) => this.pendingPodChanged(pod, old),
      // Deleted, or bound (by this scheduler: its assumption stands until `assigned` shows the pod).
      onDelete: (pod) => this.queue.delete(podKey(pod)),
    });
    this.nodes.addHandlers({
      onAdd: () => this.queue.clusterChanged(NODE_ADDED),
      onUpdate: (node, old) => {
        const interest = nodeUpdateInterest(old, node);
        if (interest === 'all' || interest.size > 0) this.queue.clusterChanged(interest);
      },
      // A node going away frees nothing a pending pod could use.
    });
    this.nodes.start();
    this.assigned.start();
    this.pending.start();
    void this.run();
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.signalStop();
    this.events.stop();
    this.queue.close();
    this.assigned.stop();
    this.pending.stop();
    this.nodes.stop();
  }

  private serves(pod: Pod): boolean {
    return (pod.spec?.schedulerName || DEFAULT_SCHEDULER_NAME) === this.schedulerName;
  }

  /** Is this a pod this scheduler should place now? */
  private wantsScheduling(pod: Pod): boolean {
    const phase = pod.status?.phase;
    return this.serves(pod)
      && !pod.spec?.nodeName
      && !pod.metadata?.deletionTimestamp
      && phase !== 'Succeeded' && phase !== 'Failed'
      // Gated pods wait until their gates are removed (an update brings them back).
      && (pod.spec?.schedulingGates ?? []).length === 0;
  }

  private assignedPodChanged(pod: Pod): void {
    if (this.cache.updatePod(pod)) this.queue.clusterChanged(ASSIGNED_POD_GONE);
  }

  private pendingPodChanged(pod: Pod, old?: Pod): void {
    if (!this.wantsScheduling(pod)) {
      this.queue.delete(podKey(pod));
      return;
    }
    // Our own status writes change neither spec nor labels; they must not cause a retry.
    const changed = !old || !semanticEqual(old.spec, pod.spec) || !semanticEqual(old.metadata?.labels, pod.metadata?.labels);
    this.queue.addOrUpdate(pod, changed);
  }

  private async run(): Promise<void> {
    await Promise.race([Promise.all([this.nodes.hasSynced, this.assigned.hasSynced, this.pending.hasSynced]), this.stopping]);
    while (!this.stopped) {
      const qp = await this.queue.pop();
      if (!qp) return;
      try {
        await this.scheduleOne(qp);
      } catch (e) {
        if (this.stopped) return;
        console.error(`scheduler: ${qp.key}: ${(e as Error).message}`);
        this.queue.errorAttempt(qp.key);
      }
    }
  }

  private async scheduleOne(qp: QueuedPod): Promise<void> {
    const [namespace, name] = splitKey(qp.key);
    // The informer's copy is the newest; the queue's may predate an update.
    const pod = this.pending.get(namespace, name);
    if (!pod || !this.wantsScheduling(pod) || this.cache.isAssumed(qp.key)) {
      this.queue.done(qp.key);
      return;
    }
    const info = newPodInfo(pod);
    const result = schedulePod(info, this.cache.snapshot(this.nodes.list()), this.random);
    if (result.kind === 'scheduled') {
      // Assume first so the next cycle sees the room taken, then bind without waiting.
      this.cache.assume(info, result.node);
      void this.bind(info, result.node);
      return;
    }
    this.queue.unschedulableAttempt(qp.key, result.rejectedBy);
    await this.reportFailure(pod, 'Unschedulable', result.message);
  }

  private async bind(info: PodInfo, node: string): Promise<void> {
    const pod = info.pod;
    const { namespace = '', name = '', uid } = pod.metadata ?? {};
    try {
      await this.client.request('POST', ApiClient.path(podsIn(namespace), name, 'binding'), {
        apiVersion: 'v1', kind: 'Binding',
        metadata: { name, namespace, uid },
        target: { apiVersion: 'v1', kind: 'Node', name: node },
      });
    } catch (e) {
      this.cache.forget(info.key);
      if (this.stopped) return;
      // The retry re-reads the pod: if it was deleted or bound meanwhile, it is dropped then.
      this.queue.errorAttempt(info.key);
      if (e instanceof ApiError && (e.code === 404 || e.code === 409)) return;
      console.error(`scheduler: binding ${info.key} to ${node}: ${(e as Error).message}`);
      await this.reportFailure(pod, 'SchedulerError', `binding rejected: ${(e as Error).message}`).catch((err) => this.logError(err));
      return;
    }
    this.queue.done(info.key);
    void this.events.record(podReference(pod), 'Normal', 'Scheduled', 'Binding', `Successfully assigned ${namespace}/${name} to ${node}`);
  }

  /** The FailedScheduling event (in the background; it may be cut short) and the PodScheduled=False condition (whole). */
  private async reportFailure(pod: Pod, reason: PodScheduledReason, message: string): Promise<void> {
    void this.events.record(podReference(pod), 'Warning', 'FailedScheduling', 'Scheduling', message);
    const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (current?.status === 'False' && current.reason === reason && current.message === message) return;
    const { namespace = '', name = '' } = pod.metadata ?? {};
    const condition = {
      type: 'PodScheduled', status: 'False', reason, message, lastProbeTime: null,
      // The transition time moves only when the status does.
      lastTransitionTime: current?.status === 'False' && current.lastTransitionTime ? current.lastTransitionTime : new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    try {
      await this.client.patch(podsIn(namespace), name, { status: { conditions: [condition] } }, 'application/strategic-merge-patch+json', 'status');
    } catch (e) {
      // A pod deleted meanwhile needs no condition.
      if (e instanceof ApiError && e.code === 404) return;
      throw e;
    }
  }

  private logError(e: unknown): void {
    if (!this.stopped) console.error(`scheduler: ${(e as Error).message}`);
  }
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** Informer list items may lack apiVersion/kind; events need them in involvedObject. */
function podReference(pod: Pod): HasMetadata {
  return { apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata };
}
