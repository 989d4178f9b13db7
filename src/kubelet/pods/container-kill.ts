// Stopping containers the kubelet's way: a Killing event, the preStop hook (bounded by the grace
// period, which it uses up), then CRI StopContainer, which sends the stop signal (the image's
// STOPSIGNAL or the container's stop signal, else SIGTERM) and SIGKILL when the rest of the grace
// period (never under 2 s) runs out. A grace period shortened meanwhile re-issues the stop with the
// shorter timeout. Stopping a whole pod stops its containers in parallel, then its sandboxes;
// removing them from the runtime is a separate step that need not delay anyone.
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { isNotFound, type CriClient } from '../runtime/cri-client';
import type { EventRecorder } from '../../client/event-recorder';
import { CONTAINER_NAME, POD_UID } from './cri-labels';
import { GracePeriod, MIN_GRACE_SECONDS } from './grace-period';
import { runLifecycleHook } from './lifecycle-hooks';
import { podIPOf, podSandboxes } from './pod-runtime';
import { podRef } from './sync-deps';

export interface KillDeps { cri: CriClient; events: EventRecorder }

export interface KillTarget {
  id: string;
  name: string;
  /** The pod, when the API still has it: for events and the preStop hook. */
  pod?: Pod;
  podIP: string;
}

const specOf = (pod: Pod | undefined, name: string): Container | undefined =>
  [...(pod?.spec?.containers ?? []), ...(pod?.spec?.initContainers ?? [])].find((c) => c.name === name);

export async function killContainer(deps: KillDeps, t: KillTarget, grace: GracePeriod, message?: string): Promise<void> {
  const spec = specOf(t.pod, t.name);
  if (t.pod) void deps.events.record(podRef(t.pod), 'Normal', 'Killing', 'Killing', message ?? `Stopping container ${t.name}`);
  const preStop = spec?.lifecycle?.preStop;
  if (t.pod && spec && preStop && grace.remainingMs() > 0) {
    const pod = t.pod;
    const hook = runLifecycleHook({ cri: deps.cri, pod, container: spec, containerId: t.id, podIP: t.podIP }, preStop).then((failure) => {
      if (!failure) return;
      console.error(`pod ${pod.metadata?.namespace}/${pod.metadata?.name}: ${failure}`);
      void deps.events.record(podRef(pod), 'Warning', 'FailedPreStopHook', 'Killing', 'PreStopHook failed');
    });
    const expired = grace.expired();
    await Promise.race([hook, expired.promise]);
    expired.cancel();
  }
  const stop = () => deps.cri.stopContainer(t.id, Math.max(MIN_GRACE_SECONDS, grace.remainingSeconds())).catch((e) => {
    if (!isNotFound(e)) throw e;
  });
  const off = grace.onShorten(() => { void stop().catch(() => {}); });
  try {
    await stop();
  } finally {
    off();
  }
}

/** Stops the pod's running containers (in parallel, each with `grace`); keeps them and the sandbox. */
export async function killContainers(deps: KillDeps, uid: string, grace: GracePeriod, pod?: Pod): Promise<void> {
  const containers = await deps.cri.listContainers({ labelSelector: { [POD_UID]: uid } });
  const live = containers.filter((c) => c.state === 'CONTAINER_RUNNING' || c.state === 'CONTAINER_CREATED');
  if (live.length === 0) return;
  const httpHooks = live.some((c) => specOf(pod, c.labels[CONTAINER_NAME] ?? '')?.lifecycle?.preStop?.httpGet);
  const podIP = httpHooks ? await podIPOf(deps.cri, uid) : '';
  const results = await Promise.allSettled(live.map((c) => killContainer(deps, { id: c.id, name: c.labels[CONTAINER_NAME] ?? '', pod, podIP }, grace)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Stops the pod's sandboxes (network torn down, pause process gone) without removing anything. */
export async function stopSandboxes(cri: CriClient, uid: string): Promise<void> {
  for (const s of await podSandboxes(cri, uid)) {
    if (s.state === 'SANDBOX_READY') await cri.stopPodSandbox(s.id).catch((e) => { if (!isNotFound(e)) throw e; });
  }
}

/** Removes the pod's (stopped) containers and sandboxes from the runtime. */
export async function removePod(cri: CriClient, uid: string): Promise<void> {
  for (const c of await cri.listContainers({ labelSelector: { [POD_UID]: uid } })) {
    await cri.removeContainer(c.id).catch((e) => { if (!isNotFound(e)) throw e; });
  }
  for (const s of await podSandboxes(cri, uid)) {
    await cri.stopPodSandbox(s.id).catch((e) => { if (!isNotFound(e)) throw e; });
    await cri.removePodSandbox(s.id).catch((e) => { if (!isNotFound(e)) throw e; });
  }
}

/** Stops every container (grace period, then kill), then the sandboxes, and removes them all. */
export async function killPod(deps: KillDeps, uid: string, grace: GracePeriod, pod?: Pod): Promise<void> {
  await killContainers(deps, uid, grace, pod);
  await stopSandboxes(deps.cri, uid);
  await removePod(deps.cri, uid);
}
