// One pass of making a pod on this node look like its spec, through CRI: volumes, the sandbox
// (network namespace and IP), init containers in order to completion, then the app containers,
// restarting exited ones as the restart policy and the crash back-off say, and killing (then
// restarting) those that failed their liveness or startup probe. Every pass starts from what the
// runtime reports (labels find the pod's sandbox and containers), so a restarted agent adopts what
// is already running instead of starting it again.
import type { Pod, Container } from 'kubernetes-types/core/v1';
import type { ContainerStatus as CriContainerStatus, PodSandbox } from '../runtime/cri-types';
import { RESTART_COUNT } from './cri-labels';
import { formatDelay } from './crash-backoff';
import { prepareVolumes, VolumeError } from './volumes';
import { podSandboxes, readContainers, sandboxConfig } from './pod-runtime';
import { removeOldAttempts } from './container-gc';
import { startContainer, type StartContext } from './container-start';
import { killContainer } from './container-kill';
import { GracePeriod } from './grace-period';
import { podRef, type SyncDeps, type SyncResult } from './sync-deps';

/** What the pass needs to know from the probes and from earlier passes of the same pod. */
export interface SyncContext {
  /** The probe whose failure means this container attempt must be restarted, if any. */
  failedProbe(uid: string, name: string, containerId: string): 'liveness' | 'startup' | undefined;
  /** Container attempts whose back-off has been reported with an event already. */
  backoffReported: Set<string>;
}

const podName = (pod: Pod) => `${pod.metadata!.name}_${pod.metadata!.namespace}(${pod.metadata!.uid})`;

/** Should an exited container run again, under the pod's restart policy? */
function wantsRestart(pod: Pod, exitCode: number): boolean {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

/**
 * The attempt number of a container's next start: one more than the highest attempt known for its
 * name, from the runtime or from the pod's status in the API (which remembers the attempts that a
 * re-created sandbox took with it), as the kubelet derives its restart count; 0 for a first start.
 */
function nextAttempt(pod: Pod, name: string, latest: CriContainerStatus | undefined): number {
  const known = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s) => s.name === name);
  const ranBefore = known && (known.containerID !== undefined || known.restartCount > 0);
  const fromApi = ranBefore ? known.restartCount : -1;
  const fromRuntime = latest ? Number(latest.annotations[RESTART_COUNT] ?? 0) : -1;
  return Math.max(fromApi, fromRuntime) + 1;
}

/** Restarts an exited container unless it is backing off; marks CrashLoopBackOff meanwhile. */
async function restartOrWait(deps: SyncDeps, pod: Pod, c: Container, s: CriContainerStatus, start: StartContext, ctx: SyncContext): Promise<void> {
  const key = `${pod.metadata!.uid}/${c.name}`;
  const finishedMs = s.finishedAt ? Math.floor(s.finishedAt / 1e6) : Date.now();
  if (deps.backoff.remainingSince(key, finishedMs) > 0) {
    start.result.waiting.set(c.name, { reason: 'CrashLoopBackOff', message: `back-off ${formatDelay(deps.backoff.delay(key))} restarting failed container=${c.name} pod=${podName(pod)}` });
    if (!ctx.backoffReported.has(s.id)) {
      ctx.backoffReported.add(s.id);
      void deps.events.record(podRef(pod), 'Warning', 'BackOff', 'Started', `Back-off restarting failed container ${c.name} in pod ${podName(pod)}`);
    }
    return;
  }
  deps.backoff.next(key, finishedMs);
  await startContainer(deps, pod, c, nextAttempt(pod, c.name, s), start);
}

/** Kills a running container that failed its liveness or startup probe; restarts it unless the policy is Never. */
async function restartUnhealthy(deps: SyncDeps, pod: Pod, c: Container, s: CriContainerStatus, probe: 'liveness' | 'startup', start: StartContext, ctx: SyncContext): Promise<void> {
  const restart = (pod.spec?.restartPolicy ?? 'Always') !== 'Never';
  const message = `Container ${c.name} failed ${probe} probe${restart ? ', will be restarted' : ''}`;
  const probeGrace = (probe === 'liveness' ? c.livenessProbe : c.startupProbe)?.terminationGracePeriodSeconds;
  const grace = pod.metadata?.deletionGracePeriodSeconds ?? probeGrace ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  await killContainer(deps, { id: s.id, name: c.name, pod, podIP: start.podIP }, new GracePeriod(grace), message);
  if (!restart) return;
  const after = (await deps.cri.containerStatus(s.id).catch(() => undefined))?.status ?? s;
  await restartOrWait(deps, pod, c, after, start, ctx);
}

/** The pod's ready sandbox, created (or re-created, with a new IP) when it has none. */
async function ensureSandbox(deps: SyncDeps, pod: Pod): Promise<PodSandbox> {
  const uid = pod.metadata!.uid!;
  const sandboxes = await podSandboxes(deps.cri, uid);
  const ready = sandboxes.find((s) => s.state === 'SANDBOX_READY');
  if (ready) return ready;
  for (const s of sandboxes) { await deps.cri.stopPodSandbox(s.id).catch(() => {}); await deps.cri.removePodSandbox(s.id).catch(() => {}); }
  const attempt = sandboxes.length ? (sandboxes[0]!.metadata?.attempt ?? 0) + 1 : 0;
  if (sandboxes.length) void deps.events.record(podRef(pod), 'Normal', 'SandboxChanged', 'SyncLoop', 'Pod sandbox changed, it will be killed and re-created.');
  const id = await deps.cri.runPodSandbox(sandboxConfig(deps, pod, attempt));
  const sandbox = (await podSandboxes(deps.cri, uid)).find((s) => s.id === id);
  if (!sandbox) throw new Error(`sandbox ${id} vanished right after it was created`);
  return sandbox;
}

/** Init containers one at a time, in order, each to success; true once all have succeeded. */
async function syncInitContainers(deps: SyncDeps, pod: Pod, start: StartContext, ctx: SyncContext): Promise<boolean> {
  const { result } = start;
  for (const c of pod.spec?.initContainers ?? []) {
    const s = result.containers.get(c.name);
    if (!s) { await startContainer(deps, pod, c, nextAttempt(pod, c.name, undefined), start); return false; }
    if (s.state === 'CONTAINER_RUNNING' || s.state === 'CONTAINER_CREATED') return false;
    if (s.state === 'CONTAINER_EXITED' && s.exitCode === 0) continue;
    // A failed init container is retried unless the pod never restarts.
    if ((pod.spec?.restartPolicy ?? 'Always') !== 'Never') await restartOrWait(deps, pod, c, s, start, ctx);
    return false;
  }
  return true;
}

export async function syncPod(deps: SyncDeps, pod: Pod, ctx: SyncContext): Promise<SyncResult> {
  const uid = pod.metadata!.uid!;
  const result: SyncResult = { containers: new Map(), previous: new Map(), waiting: new Map(), initDone: false };
  let volumes: Map<string, string>;
  try {
    volumes = await prepareVolumes({ client: deps.client, podsDir: deps.podsDir, caPem: deps.caPem }, pod);
  } catch (e) {
    if (!(e instanceof VolumeError)) throw e;
    void deps.events.record(podRef(pod), 'Warning', 'FailedMount', 'Mounting', `MountVolume.SetUp failed for volume "${e.volume}" : ${e.message}`);
    for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) result.waiting.set(c.name, { reason: 'ContainerCreating' });
    return result;
  }

  const listed = await ensureSandbox(deps, pod);
  Object.assign(result, await readContainers(deps.cri, uid));
  // The sandbox's state is read after its containers': a sandbox being stopped (behind the agent's
  // back) kills its containers before it leaves SANDBOX_READY, and those exits are not crashes to
  // restart into it. A sandbox no longer ready is left for the next pass, which re-creates it.
  const sandboxStatus = (await deps.cri.podSandboxStatus(listed.id)).status;
  const sandbox: PodSandbox = { ...listed, state: sandboxStatus?.state ?? 'SANDBOX_NOTREADY' };
  result.sandbox = sandbox;
  const podIP = sandboxStatus?.network?.ip ?? '';
  result.podIP = podIP;
  if (sandbox.state !== 'SANDBOX_READY') return result;
  const start: StartContext = { sandbox, podIP, volumes, result };

  result.initDone = await syncInitContainers(deps, pod, start, ctx);
  if (result.initDone) {
    for (const c of pod.spec?.containers ?? []) {
      const s = result.containers.get(c.name);
      if (!s) {
        await startContainer(deps, pod, c, nextAttempt(pod, c.name, undefined), start);
      } else if (s.state === 'CONTAINER_RUNNING') {
        const failed = ctx.failedProbe(uid, c.name, s.id);
        if (failed) await restartUnhealthy(deps, pod, c, s, failed, start, ctx);
      } else if (s.state === 'CONTAINER_EXITED' || s.state === 'CONTAINER_UNKNOWN') {
        if (wantsRestart(pod, s.exitCode)) await restartOrWait(deps, pod, c, s, start, ctx);
      }
    }
  }
  if (start.createdAttempt) await removeOldAttempts(deps.cri, deps.podsDir, uid);
  // Re-read so the status shows what this pass started.
  Object.assign(result, await readContainers(deps.cri, uid));
  return result;
}
