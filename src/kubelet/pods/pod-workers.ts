// One worker per pod, and the only place pod state changes: every trigger (the pod changed in the
// API, a container changed in the runtime, a probe result changed, a back-off or deadline ran out)
// funnels into that pod's worker, which runs one pass at a time through an explicit lifecycle:
//   syncing     -> make the runtime match the spec and write the status; once the pod reaches a
//                  terminal phase (or its active deadline passes) stop it and sync no more;
//   terminating -> deleted in the API: stop every container within the grace period (which a
//                  second delete may shorten), remove the sandbox, confirm the deletion;
//   terminated  -> the worker is dropped.
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError, type ResourcePath } from '../../client/api-client';
import { ProbeManager } from '../probes/probe-manager';
import { syncPod } from './pod-sync';
import { killContainers, killPod, removePod, stopSandboxes } from './container-kill';
import { computePodStatus, type PodFailure } from './pod-status';
import { podSandboxes, readContainers } from './pod-runtime';
import { cleanupPodDir } from './volumes';
import { removePodLogs } from '../logs/pod-log-cleanup';
import { POD_UID } from './cri-labels';
import { GracePeriod, MIN_GRACE_SECONDS } from './grace-period';
import { activeDeadlinePassed, msUntilActiveDeadline, DEADLINE_EXCEEDED, DEADLINE_MESSAGE } from './active-deadline';
import { podRef, type SyncDeps, type SyncResult } from './sync-deps';
import { isOlderVersion } from './pod-version';

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
  /** Container attempts whose crash back-off has been reported with an event. */
  backoffReported: Set<string>;
  lastStatus?: string;
  /** The pod reached a terminal phase here: its containers and sandbox are stopped for good. */
  finished: boolean;
  /** The deadline of the termination under way. */
  grace?: GracePeriod;
  /** The last pass left every container as the spec wants it (nothing waiting or backing off). */
  steady: boolean;
}

const podsIn = (ns: string): ResourcePath => ({ group: '', version: 'v1', resource: 'pods', namespace: ns });
/** Resync period while something waits (a back-off, a pull, a mount): its end is noticed this soon. */
const RESYNC_MS = 1000;
/**
 * Resync period of a pod in a steady state. Changes reach its worker without a resync: the API's
 * through the informer, the runtime's through the relist (every second, one call for all pods),
 * probe results from the probe manager. The periodic pass is only a safety net, as the kubelet's
 * (whose is a minute), and idle pods then cost next to nothing.
 */
const STEADY_RESYNC_MS = 10_000;

const gracePeriodOf = (pod: Pod): number => pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
const isTerminal = (phase: string | undefined): boolean => phase === 'Succeeded' || phase === 'Failed';
/** What a sync acts on: the spec, labels and annotations, and a deletion. */
const desiredState = (pod: Pod): string => JSON.stringify([
  pod.spec, pod.metadata?.labels, pod.metadata?.annotations, pod.metadata?.deletionTimestamp, pod.metadata?.deletionGracePeriodSeconds,
]);

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private readonly probes: ProbeManager;
  private stopped = false;

  constructor(private readonly deps: SyncDeps) {
    this.probes = new ProbeManager({ cri: deps.cri, events: deps.events, onChange: (uid) => this.poke(uid) });
  }

  /** The pod as the API now has it (added or changed). */
  update(pod: Pod): void {
    const uid = pod.metadata!.uid!;
    let w = this.workers.get(uid);
    // A watch event older than the answer to our own status write must not bring back a stale
    // status: restart counts after a sandbox re-creation are read from it.
    if (w && isOlderVersion(pod, w.pod)) return;
    if (!w) {
      w = { uid, pod, phase: 'syncing', removed: false, running: false, again: false, backoffReported: new Set(), finished: false, steady: false };
      this.workers.set(uid, w);
    } else if (desiredState(w.pod) === desiredState(pod)) {
      // Only the status changed (most often by our own write): nothing to do until the next resync.
      w.pod = pod;
      return;
    }
    w.pod = pod;
    if (pod.metadata?.deletionTimestamp && w.phase === 'syncing') w.phase = 'terminating';
    // A second delete with a shorter grace period cuts the termination under way short.
    if (pod.metadata?.deletionTimestamp) w.grace?.shorten(gracePeriodOf(pod));
    this.kick(w);
  }

  /** The pod is gone from the API (deleted with grace 0, or its namespace went). */
  remove(pod: Pod): void {
    const w = this.workers.get(pod.metadata!.uid!);
    if (!w) return;
    w.removed = true;
    if (w.phase === 'syncing') w.phase = 'terminating';
    w.grace?.shorten(MIN_GRACE_SECONDS);
    this.kick(w);
  }

  /** Something changed in the runtime or in a probe result for this pod uid. */
  poke(uid: string): void {
    const w = this.workers.get(uid);
    if (w) this.kick(w);
  }

  has(uid: string): boolean { return this.workers.has(uid); }

  stop(): void {
    this.stopped = true;
    this.probes.stop();
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
      const untilDeadline = msUntilActiveDeadline(w.pod);
      const resync = w.steady ? STEADY_RESYNC_MS : RESYNC_MS;
      const delay = untilDeadline !== undefined && untilDeadline > 0 ? Math.min(resync, untilDeadline) : resync;
      w.timer = setTimeout(() => this.kick(w), delay);
    });
  }

  private async run(w: Worker): Promise<void> {
    w.steady = false;
    try {
      if (w.phase === 'syncing') await this.sync(w);
      if (w.phase === 'terminating') await this.terminate(w);
    } catch (e) {
      console.error(`pod ${w.pod.metadata?.namespace}/${w.pod.metadata?.name}: ${(e as Error).message}`);
    }
  }

  private async sync(w: Worker): Promise<void> {
    if (w.finished) { w.steady = true; return; }
    const pod = w.pod;
    if (isTerminal(pod.status?.phase)) {
      // Finished before (perhaps under an earlier agent): make sure nothing of it still runs.
      await this.finish(w);
      w.steady = true;
      return;
    }
    if (activeDeadlinePassed(pod)) {
      await this.failPod(w, { reason: DEADLINE_EXCEEDED, message: DEADLINE_MESSAGE });
      return;
    }
    const result = await syncPod(this.deps, pod, { failedProbe: (...a) => this.probes.failedProbe(...a), backoffReported: w.backoffReported });
    this.probes.observe(pod, result.podIP ?? '', result.containers);
    this.addProbeResults(pod, result);
    const status = computePodStatus(pod, result, this.deps.nodeIP);
    await this.writeStatus(w, status);
    if (isTerminal(status.phase)) await this.finish(w);
    w.steady = result.sandbox?.state === 'SANDBOX_READY' && result.waiting.size === 0 && [...result.containers.values()].every((s) => s.state === 'CONTAINER_RUNNING' || s.state === 'CONTAINER_EXITED');
  }

  /** started/ready of each running app container, as its probes say. */
  private addProbeResults(pod: Pod, result: SyncResult): void {
    const uid = pod.metadata!.uid!;
    result.started = new Map();
    result.ready = new Map();
    for (const c of pod.spec?.containers ?? []) {
      const s = result.containers.get(c.name);
      if (s?.state !== 'CONTAINER_RUNNING') continue;
      result.started.set(c.name, this.probes.started(uid, c.name, s.id));
      result.ready.set(c.name, this.probes.ready(uid, c.name, s.id));
    }
  }

  /** The pod will not run again on this node: stop its probes and its sandbox (its containers have exited). */
  private async finish(w: Worker): Promise<void> {
    this.probes.removePod(w.uid);
    await stopSandboxes(this.deps.cri, w.uid);
    w.finished = true;
  }

  /** Fails the pod (status first, so users see why at once), then stops its containers and sandbox. */
  private async failPod(w: Worker, failure: PodFailure): Promise<void> {
    const pod = w.pod;
    void this.deps.events.record(podRef(pod), 'Normal', failure.reason, 'Syncing', failure.message);
    this.probes.removePod(w.uid);
    await this.writeStatus(w, computePodStatus(pod, await this.observe(pod), this.deps.nodeIP, new Date(), failure));
    await killContainers(this.deps, w.uid, new GracePeriod(gracePeriodOf(pod)), pod);
    await this.writeStatus(w, computePodStatus(w.pod, await this.observe(pod), this.deps.nodeIP, new Date(), failure));
    await this.finish(w);
  }

  /** What the runtime has of the pod, without changing anything. */
  private async observe(pod: Pod): Promise<SyncResult> {
    const uid = pod.metadata!.uid!;
    const sandbox = (await podSandboxes(this.deps.cri, uid))[0];
    const { containers, previous } = await readContainers(this.deps.cri, uid);
    const initDone = (pod.spec?.initContainers ?? []).every((c) => {
      const s = containers.get(c.name);
      return s?.state === 'CONTAINER_EXITED' && s.exitCode === 0;
    });
    return { sandbox, containers, previous, waiting: new Map(), initDone };
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
    this.probes.removePod(w.uid);
    // Kept across retries, so a failed pass does not restart the grace period.
    w.grace ??= new GracePeriod(w.removed ? Math.min(gracePeriodOf(pod), MIN_GRACE_SECONDS) : gracePeriodOf(pod));
    await killContainers(this.deps, w.uid, w.grace, pod);
    await stopSandboxes(this.deps.cri, w.uid);
    // Nothing of the pod runs any more: confirm the deletion first, clean up after.
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
    await removePod(this.deps.cri, w.uid);
    cleanupPodDir(this.deps.podsDir, w.uid);
    removePodLogs(this.deps.logsDir, w.uid);
    this.deps.backoff.forget(`${w.uid}/`);
    this.deps.pullBackoff.forget(`${w.uid}/`);
    for (const k of this.deps.pullErrors.keys()) if (k.startsWith(`${w.uid}/`)) this.deps.pullErrors.delete(k);
    w.phase = 'terminated';
  }

  /** Pod uids the runtime runs that no worker owns: left over from force-deleted pods or an earlier agent. */
  async orphans(): Promise<string[]> {
    const sandboxes = await this.deps.cri.listPodSandbox();
    return [...new Set(sandboxes.map((s) => s.labels[POD_UID]).filter((u): u is string => !!u && !this.workers.has(u)))];
  }

  async killOrphan(uid: string): Promise<void> {
    await killPod(this.deps, uid, new GracePeriod(MIN_GRACE_SECONDS));
    cleanupPodDir(this.deps.podsDir, uid);
    removePodLogs(this.deps.logsDir, uid);
  }
}
