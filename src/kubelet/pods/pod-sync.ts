// One pass of making a pod on this node look like its spec, through CRI: volumes, the sandbox
// (network namespace and IP), image pulls, init containers in order to completion, then the app
// containers, restarting exited ones as the restart policy and the crash back-off say. Every pass
// starts from what the runtime reports (labels find the pod's sandbox and containers), so a
// restarted agent adopts what is already running instead of starting it again.
import type { Pod, Container as K8sContainer } from 'kubernetes-types/core/v1';
import type { CriClient } from '../runtime/cri-client';
import type { Container as CriContainer, ContainerStatus as CriContainerStatus, PodSandbox } from '../runtime/cri-types';
import type { ApiClient } from '../../client/api-client';
import type { EventRecorder } from '../../client/event-recorder';
import { POD_UID, CONTAINER_NAME, RESTART_COUNT, podLabels, podLogDirName } from './cri-labels';
import { Backoff, formatDelay } from './crash-backoff';
import { prepareVolumes, VolumeError } from './volumes';
import { buildContainerConfig, ContainerConfigError } from './container-config';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';

/** Why a container is waiting, when the runtime cannot say (no container yet, back-off, pull failure). */
export interface Waiting { reason: string; message?: string }

/** What one sync pass learnt, for the status. */
export interface SyncResult {
  sandbox?: PodSandbox;
  podIP?: string;
  /** Latest CRI container status per container name (init and app). */
  containers: Map<string, CriContainerStatus>;
  /** The previous attempt's status per container name, for lastState. */
  previous: Map<string, CriContainerStatus>;
  waiting: Map<string, Waiting>;
  initDone: boolean;
}

export interface SyncDeps {
  cri: CriClient;
  client: ApiClient;
  events: EventRecorder;
  nodeName: string;
  nodeIP: string;
  podsDir: string;
  logsDir: string;
  caPem?: string;
  /** Containers restart no sooner than this after failing (back-off state lives across passes). */
  backoff: Backoff;
  pullBackoff: Backoff;
}

const podRef = (pod: Pod) => ({ ...pod, apiVersion: 'v1', kind: 'Pod' });

/** The sandbox config of a pod (also needed to create its containers). */
export function sandboxConfig(deps: SyncDeps, pod: Pod, attempt: number) {
  const logDirectory = join(deps.logsDir, podLogDirName(pod));
  mkdirSync(logDirectory, { recursive: true });
  return {
    metadata: { name: pod.metadata!.name!, uid: pod.metadata!.uid!, namespace: pod.metadata!.namespace!, attempt },
    hostname: pod.spec?.hostname ?? pod.metadata!.name!,
    logDirectory,
    portMappings: (pod.spec?.containers ?? []).flatMap((c) => (c.ports ?? []).filter((p) => p.hostPort).map((p) => ({
      protocol: (p.protocol ?? 'TCP') as 'TCP' | 'UDP' | 'SCTP', containerPort: p.containerPort, hostPort: p.hostPort, hostIp: p.hostIP,
    }))),
    labels: podLabels(pod),
    annotations: pod.metadata?.annotations ?? {},
    linux: { securityContext: { namespaceOptions: { network: 'POD' as const, pid: 'CONTAINER' as const, ipc: 'POD' as const } } },
  };
}

async function podSandboxes(cri: CriClient, uid: string): Promise<PodSandbox[]> {
  const all = await cri.listPodSandbox({ labelSelector: { [POD_UID]: uid } });
  return all.sort((a, b) => b.createdAt - a.createdAt);
}

/** Latest and previous attempt of each container of the pod, by name. */
async function containerAttempts(cri: CriClient, uid: string): Promise<{ latest: Map<string, CriContainer>; previous: Map<string, CriContainer> }> {
  const list = await cri.listContainers({ labelSelector: { [POD_UID]: uid } });
  const byName = new Map<string, CriContainer[]>();
  for (const c of list) {
    const name = c.labels[CONTAINER_NAME];
    if (!name) continue;
    byName.set(name, [...(byName.get(name) ?? []), c]);
  }
  const latest = new Map<string, CriContainer>();
  const previous = new Map<string, CriContainer>();
  for (const [name, cs] of byName) {
    cs.sort((a, b) => Number(b.annotations[RESTART_COUNT] ?? 0) - Number(a.annotations[RESTART_COUNT] ?? 0) || b.createdAt - a.createdAt);
    latest.set(name, cs[0]);
    if (cs[1]) previous.set(name, cs[1]);
  }
  return { latest, previous };
}

export async function statusesOf(cri: CriClient, containers: Map<string, CriContainer>): Promise<Map<string, CriContainerStatus>> {
  const out = new Map<string, CriContainerStatus>();
  for (const [name, c] of containers) {
    try {
      const s = (await cri.containerStatus(c.id)).status;
      if (s) out.set(name, s);
    } catch { /* removed meanwhile */ }
  }
  return out;
}

/** Pulls the image if the pull policy asks for it; reports through events and `waiting`. */
async function ensureImage(deps: SyncDeps, pod: Pod, c: K8sContainer, result: SyncResult): Promise<string | undefined> {
  const image = c.image!;
  const policy = c.imagePullPolicy ?? 'IfNotPresent';
  const key = `${pod.metadata!.uid}/${c.name}/pull`;
  const present = (await deps.cri.imageStatus(image)).image;
  if (present && policy !== 'Always') {
    void deps.events.record(podRef(pod), 'Normal', 'Pulled', 'Pulling', `Container image "${image}" already present on machine`);
    return image;
  }
  if (!present && policy === 'Never') {
    result.waiting.set(c.name, { reason: 'ErrImageNeverPull', message: `Container image "${image}" is not present with pull policy of Never` });
    void deps.events.record(podRef(pod), 'Warning', 'ErrImageNeverPull', 'Pulling', `Container image "${image}" is not present with pull policy of Never`);
    return undefined;
  }
  const wait = deps.pullBackoff.remaining(key);
  if (wait > 0) {
    result.waiting.set(c.name, { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` });
    return undefined;
  }
  void deps.events.record(podRef(pod), 'Normal', 'Pulling', 'Pulling', `Pulling image "${image}"`);
  const started = Date.now();
  try {
    await deps.cri.pullImage(image, undefined, sandboxConfig(deps, pod, 0));
  } catch (e) {
    deps.pullBackoff.failed(key);
    const msg = `Failed to pull image "${image}": ${(e as Error).message}`;
    result.waiting.set(c.name, { reason: 'ErrImagePull', message: msg });
    void deps.events.record(podRef(pod), 'Warning', 'Failed', 'Pulling', msg);
    return undefined;
  }
  const secs = ((Date.now() - started) / 1000).toFixed(3).replace(/\.?0+$/, '');
  const size = (await deps.cri.imageStatus(image)).image?.size ?? 0;
  void deps.events.record(podRef(pod), 'Normal', 'Pulled', 'Pulling', `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting). Image size: ${size} bytes.`);
  return image;
}

async function startContainer(deps: SyncDeps, pod: Pod, c: K8sContainer, attempt: number, sandbox: PodSandbox, podIP: string, volumes: Map<string, string>, result: SyncResult): Promise<void> {
  const image = await ensureImage(deps, pod, c, result);
  if (!image) return;
  let config;
  try {
    config = await buildContainerConfig({ client: deps.client, pod, container: c, attempt, volumePaths: volumes, podIP, nodeName: deps.nodeName, hostIP: deps.nodeIP, image });
  } catch (e) {
    if (!(e instanceof ContainerConfigError)) throw e;
    result.waiting.set(c.name, { reason: e.reason, message: e.message });
    void deps.events.record(podRef(pod), 'Warning', 'Failed', 'Created', `Error: ${e.message}`);
    return;
  }
  const sbConfig = sandboxConfig(deps, pod, sandbox.metadata?.attempt ?? 0);
  let id: string;
  try {
    id = await deps.cri.createContainer(sandbox.id, config, sbConfig);
  } catch (e) {
    result.waiting.set(c.name, { reason: 'CreateContainerError', message: (e as Error).message });
    void deps.events.record(podRef(pod), 'Warning', 'Failed', 'Created', `Error: ${(e as Error).message}`);
    return;
  }
  void deps.events.record(podRef(pod), 'Normal', 'Created', 'Created', `Created container ${c.name}`);
  try {
    await deps.cri.startContainer(id);
  } catch (e) {
    result.waiting.set(c.name, { reason: 'RunContainerError', message: (e as Error).message });
    void deps.events.record(podRef(pod), 'Warning', 'Failed', 'Started', `Error: ${(e as Error).message}`);
    return;
  }
  void deps.events.record(podRef(pod), 'Normal', 'Started', 'Started', `Started container ${c.name}`);
}

/** Should an exited container run again, under the pod's restart policy? */
function wantsRestart(pod: Pod, exitCode: number): boolean {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

/** Restarts an exited container once its back-off allows; marks CrashLoopBackOff meanwhile. */
async function restartOrWait(deps: SyncDeps, pod: Pod, c: K8sContainer, status: CriContainerStatus, sandbox: PodSandbox, podIP: string, volumes: Map<string, string>, result: SyncResult): Promise<void> {
  const key = `${pod.metadata!.uid}/${c.name}`;
  const wait = deps.backoff.remaining(key);
  const attempt = Number(status.annotations[RESTART_COUNT] ?? 0) + 1;
  if (wait > 0) {
    const delay = formatDelay(deps.backoff.delay(key));
    result.waiting.set(c.name, { reason: 'CrashLoopBackOff', message: `back-off ${delay} restarting failed container=${c.name} pod=${pod.metadata!.name}_${pod.metadata!.namespace}(${pod.metadata!.uid})` });
    return;
  }
  await startContainer(deps, pod, c, attempt, sandbox, podIP, volumes, result);
}

/** Records the back-off for a container that has just been seen exited (once per attempt). */
function noteExit(deps: SyncDeps, pod: Pod, c: K8sContainer, status: CriContainerStatus, seen: Set<string>): void {
  if (seen.has(status.id)) return;
  seen.add(status.id);
  if (!wantsRestart(pod, status.exitCode)) return;
  const ranMs = status.finishedAt && status.startedAt ? (status.finishedAt - status.startedAt) / 1e6 : 0;
  const key = `${pod.metadata!.uid}/${c.name}`;
  const delay = deps.backoff.failed(key, Date.now(), ranMs);
  void deps.events.record(podRef(pod), 'Warning', 'BackOff', 'Started', `Back-off restarting failed container ${c.name} in pod ${pod.metadata!.name}_${pod.metadata!.namespace}(${pod.metadata!.uid})`);
  void delay;
}

export async function syncPod(deps: SyncDeps, pod: Pod, exitsSeen: Set<string>): Promise<SyncResult> {
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

  // The sandbox: reuse a ready one, else replace it (a new network namespace and IP).
  const sandboxes = await podSandboxes(deps.cri, uid);
  let sandbox = sandboxes.find((s) => s.state === 'SANDBOX_READY');
  if (!sandbox) {
    for (const s of sandboxes) { await deps.cri.stopPodSandbox(s.id).catch(() => {}); await deps.cri.removePodSandbox(s.id).catch(() => {}); }
    const attempt = sandboxes.length ? (sandboxes[0].metadata?.attempt ?? 0) + 1 : 0;
    if (sandboxes.length) void deps.events.record(podRef(pod), 'Normal', 'SandboxChanged', 'SyncLoop', 'Pod sandbox changed, it will be killed and re-created.');
    const id = await deps.cri.runPodSandbox(sandboxConfig(deps, pod, attempt));
    sandbox = (await podSandboxes(deps.cri, uid)).find((s) => s.id === id);
    if (!sandbox) throw new Error(`sandbox ${id} vanished right after it was created`);
  }
  result.sandbox = sandbox;
  const sbStatus = (await deps.cri.podSandboxStatus(sandbox.id)).status;
  const podIP = sbStatus?.network?.ip ?? '';
  result.podIP = podIP;

  const { latest, previous } = await containerAttempts(deps.cri, uid);
  result.containers = await statusesOf(deps.cri, latest);
  result.previous = await statusesOf(deps.cri, previous);

  // Init containers: one at a time, in order, each to success.
  let initDone = true;
  for (const c of pod.spec?.initContainers ?? []) {
    const s = result.containers.get(c.name);
    if (!s) { await startContainer(deps, pod, c, 0, sandbox, podIP, volumes, result); initDone = false; break; }
    if (s.state === 'CONTAINER_RUNNING' || s.state === 'CONTAINER_CREATED') { initDone = false; break; }
    if (s.state === 'CONTAINER_EXITED' && s.exitCode === 0) continue;
    // Failed init container: retried unless the pod never restarts.
    initDone = false;
    noteExit(deps, pod, c, s, exitsSeen);
    if ((pod.spec?.restartPolicy ?? 'Always') !== 'Never') await restartOrWait(deps, pod, c, s, sandbox, podIP, volumes, result);
    break;
  }
  result.initDone = initDone;
  if (!initDone) return result;

  for (const c of pod.spec?.containers ?? []) {
    const s = result.containers.get(c.name);
    if (!s) { await startContainer(deps, pod, c, 0, sandbox, podIP, volumes, result); continue; }
    if (s.state === 'CONTAINER_EXITED' || s.state === 'CONTAINER_UNKNOWN') {
      noteExit(deps, pod, c, s, exitsSeen);
      if (wantsRestart(pod, s.exitCode)) await restartOrWait(deps, pod, c, s, sandbox, podIP, volumes, result);
    }
  }
  // Re-read so the status shows what this pass started.
  const after = await containerAttempts(deps.cri, uid);
  result.containers = await statusesOf(deps.cri, after.latest);
  result.previous = await statusesOf(deps.cri, after.previous);
  return result;
}

/** Stops every container (grace period, then kill), then the sandbox, and removes them all. */
export async function killPod(deps: SyncDeps, uid: string, graceSeconds: number, pod?: Pod): Promise<void> {
  const containers = await deps.cri.listContainers({ labelSelector: { [POD_UID]: uid } });
  await Promise.all(containers.filter((c) => c.state === 'CONTAINER_RUNNING' || c.state === 'CONTAINER_CREATED').map(async (c) => {
    if (pod) void deps.events.record(podRef(pod), 'Normal', 'Killing', 'Killing', `Stopping container ${c.labels[CONTAINER_NAME]}`);
    await deps.cri.stopContainer(c.id, Math.max(0, graceSeconds)).catch(() => {});
  }));
  for (const c of containers) await deps.cri.removeContainer(c.id).catch(() => {});
  for (const s of await podSandboxes(deps.cri, uid)) {
    await deps.cri.stopPodSandbox(s.id).catch(() => {});
    await deps.cri.removePodSandbox(s.id).catch(() => {});
  }
}
