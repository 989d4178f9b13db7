// One worker per pod, and the only place pod state changes: every trigger (the pod changed in the
// API, a container changed in the runtime, a back-off ran out) funnels into that pod's worker,
// which runs one pass at a time through an explicit lifecycle: syncing -> terminating -> terminated.
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError, type ResourcePath } from '../../client/api-client';
import { syncPod, killPod, type SyncDeps } from './pod-sync';
import { computePodStatus } from './pod-status';
import { cleanupPodDir } from './volumes';
import { POD_UID } from './cri-labels';

type Phase = 'syncing' | 'terminating' | 'terminated';

interface Worker {
  uid: string;
  pod: Pod;
  phase: Phase;
  /** The API no longer has the pod (force-deleted): terminate without writing status. */
  removed: boolean;
  running: boolean;
  again: boolean;
  timer?: NodeJS.Timeout;
  exitsSeen: Set<string>;
  lastStatus?: string;
}

const podsIn = (ns: string): ResourcePath => ({ group: '', version: 'v1', resource: 'pods', namespace: ns });
/** Resync period: back-offs and probes are noticed at least this often. */
const RESYNC_MS = 1000;

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private stopped = false;

  constructor(private readonly deps: SyncDeps) {}

  /** The pod as the API now has it (added or changed). */
  update(pod: Pod): void {
    const uid = pod.metadata!.uid!;
    let w = this.workers.get(uid);
    if (!w) {
      w = { uid, pod, phase: 'syncing', removed: false, running: false, again: false, exitsSeen: new Set() };
      this.workers.set(uid, w);
    }
    w.pod = pod;
    if (pod.metadata?.deletionTimestamp && w.phase === 'syncing') w.phase = 'terminating';
    this.kick(w);
  }

  /** The pod is gone from the API (deleted with grace 0, or its namespace went). */
  remove(pod: Pod): void {
    const w = this.workers.get(pod.metadata!.uid!);
    if (!w) return;
    w.removed = true;
    if (w.phase === 'syncing') w.phase = 'terminating';
    this.kick(w);
  }

  /** Something changed in the runtime for this pod uid. */
  poke(uid: string): void {
    const w = this.workers.get(uid);
    if (w) this.kick(w);
  }

  has(uid: string): boolean { return this.workers.has(uid); }

  stop(): void {
    this.stopped = true;
    for (const w of this.workers.values()) clearTimeout(w.timer);
  }

  private kick(w: Worker): void {
    if (this.stopped) return;
    if (w.running) { w.again = true; return; }
    clearTimeout(w.timer);
    w.running = true;
    void this.run(w).finally(() => {
      w.running = false;
      if (this.stopped) return;
      if (w.again) { w.again = false; this.kick(w); return; }
      if (w.phase === 'terminated') { this.workers.delete(w.uid); return; }
      w.timer = setTimeout(() => this.kick(w), RESYNC_MS);
    });
  }

  private async run(w: Worker): Promise<void> {
    try {
      if (w.phase === 'syncing') await this.sync(w);
      if (w.phase === 'terminating') await this.terminate(w);
    } catch (e) {
      console.error(`pod ${w.pod.metadata?.namespace}/${w.pod.metadata?.name}: ${(e as Error).message}`);
    }
  }

  private async sync(w: Worker): Promise<void> {
    const pod = w.pod;
    const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    if (terminal) return;
    const result = await syncPod(this.deps, pod, w.exitsSeen);
    const status = computePodStatus(pod, result, this.deps.nodeIP);
    await this.writeStatus(w, status);
  }

  private async writeStatus(w: Worker, status: object): Promise<void> {
    const text = JSON.stringify(status);
    if (text === w.lastStatus) return;
    const pod = w.pod;
    try {
      const updated = await this.deps.client.patch<Pod>(podsIn(pod.metadata!.namespace!), pod.metadata!.name!, { metadata: { uid: pod.metadata!.uid }, status }, 'application/merge-patch+json', 'status');
      w.lastStatus = text;
      if (updated.metadata?.uid === w.uid) w.pod = updated;
    } catch (e) {
      if (e instanceof ApiError && (e.code === 404 || e.code === 409)) return; // gone or replaced: the informer will tell
      throw e;
    }
  }

  private async terminate(w: Worker): Promise<void> {
    const pod = w.pod;
    const grace = pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    await killPod(this.deps, w.uid, w.removed ? Math.min(grace, 2) : grace, w.removed ? undefined : pod);
    cleanupPodDir(this.deps.podsDir, w.uid);
    this.deps.backoff.forget(`${w.uid}/`);
    this.deps.pullBackoff.forget(`${w.uid}/`);
    if (!w.removed) {
      // Confirm the deletion: the API server removes the pod once its node says grace 0.
      try {
        await this.deps.client.request('DELETE', `/api/v1/namespaces/${pod.metadata!.namespace}/pods/${pod.metadata!.name}`, {
          apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid: w.uid },
        });
      } catch (e) {
        if (!(e instanceof ApiError && (e.code === 404 || e.code === 409))) throw e;
      }
    }
    w.phase = 'terminated';
  }

  /** Pod uids the runtime runs that no worker owns: left over from force-deleted pods or an earlier agent. */
  async orphans(): Promise<string[]> {
    const sandboxes = await this.deps.cri.listPodSandbox();
    return [...new Set(sandboxes.map((s) => s.labels[POD_UID]).filter((u): u is string => !!u && !this.workers.has(u)))];
  }

  async killOrphan(uid: string): Promise<void> {
    await killPod(this.deps, uid, 2);
    cleanupPodDir(this.deps.podsDir, uid);
  }
}
