// Which container instance a log request reads, decided from the pod's status as the kubelet
// does: the running or last terminated one, or with `previous` the one before. A container that
// has not run yet has no log, and the answer says what it waits for, in the kubelet's words.
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';

export class LogUnavailableError extends Error {}

function statusOf(pod: Pod, name: string): ContainerStatus | undefined {
  const s = pod.status;
  return s?.containerStatuses?.find((c) => c.name === name)
    ?? s?.initContainerStatuses?.find((c) => c.name === name)
    ?? s?.ephemeralContainerStatuses?.find((c) => c.name === name);
}

/** The runtime's id (without `containerd://`) of the container whose log to read. */
export function logContainerId(pod: Pod, containerName: string, previous: boolean): string {
  const podName = pod.metadata?.name ?? '';
  const where = `container "${containerName}" in pod "${podName}"`;
  const cs = statusOf(pod, containerName);
  if (!cs) throw new LogUnavailableError(`${where} is not available`);
  const last = cs.lastState?.terminated;
  const { waiting, running, terminated } = cs.state ?? {};
  let id: string | undefined;
  if (previous) {
    if (!last?.containerID) throw new LogUnavailableError(`previous terminated ${where} not found`);
    id = last.containerID;
  } else if (running) {
    id = cs.containerID;
  } else if (terminated) {
    id = terminated.containerID || last?.containerID;
    if (!id) throw new LogUnavailableError(`${where} is terminated`);
  } else if (last) {
    if (!last.containerID) throw new LogUnavailableError(`${where} is terminated`);
    id = last.containerID;
  } else if (waiting) {
    if (waiting.reason === 'ErrImagePull') throw new LogUnavailableError(`${where} is waiting to start: image can't be pulled`);
    if (waiting.reason === 'ImagePullBackOff') throw new LogUnavailableError(`${where} is waiting to start: trying and failing to pull image`);
    throw new LogUnavailableError(`${where} is waiting to start: ${waiting.reason ?? ''}`);
  }
  if (!id) throw new LogUnavailableError(`${where} is waiting to start - no logs yet`);
  return id.replace(/^[a-z]+:\/\//, '');
}
