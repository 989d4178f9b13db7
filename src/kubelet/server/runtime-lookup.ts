// Finding a pod's running container or sandbox in the runtime, by the labels the kubelet put on
// them, for exec, attach and port-forward.
import type { Pod } from 'kubernetes-types/core/v1';
import type { CriClient } from '../runtime/cri-client';
import type { Container, PodSandbox } from '../runtime/cri-types';
import { CONTAINER_NAME, POD_UID } from '../pods/cri-labels';

export class NotRunningError extends Error {}

export async function runningContainer(cri: CriClient, pod: Pod, containerName: string): Promise<Container> {
  const found = await cri.listContainers({
    labelSelector: { [POD_UID]: pod.metadata!.uid!, [CONTAINER_NAME]: containerName },
    state: { state: 'CONTAINER_RUNNING' },
  });
  if (!found.length) throw new NotRunningError(`container not found ("${containerName}")`);
  return found.sort((a, b) => b.createdAt - a.createdAt)[0];
}

export async function readySandbox(cri: CriClient, pod: Pod): Promise<PodSandbox> {
  const found = await cri.listPodSandbox({ labelSelector: { [POD_UID]: pod.metadata!.uid! }, state: { state: 'SANDBOX_READY' } });
  if (!found.length) throw new NotRunningError(`pod "${pod.metadata?.name}" has no running sandbox`);
  return found.sort((a, b) => b.createdAt - a.createdAt)[0];
}
