// Starts one attempt of a container: image, config (with its termination-log file), CRI create and
// start with the kubelet's events, then the postStart hook. A failing postStart hook kills the
// container (event FailedPostStartHook) and leaves it waiting with reason PostStartHookError.
import type { Pod, Container } from 'kubernetes-types/core/v1';
import type { PodSandbox } from '../runtime/cri-types';
import { buildContainerConfig, ContainerConfigError } from './container-config';
import { ensureImage } from './image-pull';
import { sandboxConfig } from './pod-runtime';
import { createTerminationLog, terminationLogPath } from './termination-message';
import { runLifecycleHook } from './lifecycle-hooks';
import { killContainer } from './container-kill';
import { GracePeriod } from './grace-period';
import { podRef, type SyncDeps, type SyncResult } from './sync-deps';

export interface StartContext {
  sandbox: PodSandbox;
  podIP: string;
  volumes: Map<string, string>;
  result: SyncResult;
  /** Set once this pass has created a container (a new attempt). */
  createdAttempt?: boolean;
}

export async function startContainer(deps: SyncDeps, pod: Pod, c: Container, attempt: number, ctx: StartContext): Promise<void> {
  const { result } = ctx;
  const image = await ensureImage(deps, pod, c, result);
  if (!image) return;
  const terminationLog = c.terminationMessagePath !== '' ? terminationLogPath(deps.podsDir, pod.metadata!.uid!, c.name, attempt) : undefined;
  let config;
  try {
    if (terminationLog) createTerminationLog(terminationLog);
    config = await buildContainerConfig({
      client: deps.client, pod, container: c, attempt, volumePaths: ctx.volumes, podIP: ctx.podIP,
      nodeName: deps.nodeName, hostIP: deps.nodeIP, image, terminationLog,
    });
  } catch (e) {
    if (!(e instanceof ContainerConfigError)) throw e;
    result.waiting.set(c.name, { reason: e.reason, message: e.message });
    void deps.events.record(podRef(pod), 'Warning', 'Failed', 'Created', `Error: ${e.message}`);
    return;
  }
  const sbConfig = sandboxConfig(deps, pod, ctx.sandbox.metadata?.attempt ?? 0);
  let id: string;
  try {
    id = await deps.cri.createContainer(ctx.sandbox.id, config, sbConfig);
  } catch (e) {
    result.waiting.set(c.name, { reason: 'CreateContainerError', message: (e as Error).message });
    void deps.events.record(podRef(pod), 'Warning', 'Failed', 'Created', `Error: ${(e as Error).message}`);
    return;
  }
  ctx.createdAttempt = true;
  void deps.events.record(podRef(pod), 'Normal', 'Created', 'Created', `Created container ${c.name}`);
  try {
    await deps.cri.startContainer(id);
  } catch (e) {
    result.waiting.set(c.name, { reason: 'RunContainerError', message: (e as Error).message });
    void deps.events.record(podRef(pod), 'Warning', 'Failed', 'Started', `Error: ${(e as Error).message}`);
    return;
  }
  void deps.events.record(podRef(pod), 'Normal', 'Started', 'Started', `Started container ${c.name}`);

  const postStart = c.lifecycle?.postStart;
  if (!postStart) return;
  const failure = await runLifecycleHook({ cri: deps.cri, pod, container: c, containerId: id, podIP: ctx.podIP }, postStart);
  if (!failure) return;
  void deps.events.record(podRef(pod), 'Warning', 'FailedPostStartHook', 'Started', 'PostStartHook failed');
  await killContainer(deps, { id, name: c.name, pod, podIP: ctx.podIP }, new GracePeriod(pod.spec?.terminationGracePeriodSeconds ?? 30), 'FailedPostStartHook');
  result.waiting.set(c.name, { reason: 'PostStartHookError', message: failure });
}
