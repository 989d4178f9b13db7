// The labels and annotations the kubelet puts on CRI sandboxes and containers: they are how a
// restarted agent finds the pods it already runs, and which attempt of a container is the latest.
import type { Pod } from 'kubernetes-types/core/v1';

export const POD_NAME = 'io.kubernetes.pod.name';
export const POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const POD_UID = 'io.kubernetes.pod.uid';
export const CONTAINER_NAME = 'io.kubernetes.container.name';
export const RESTART_COUNT = 'io.kubernetes.container.restartCount';
export const TERMINATION_MESSAGE_PATH = 'io.kubernetes.container.terminationMessagePath';
export const TERMINATION_MESSAGE_POLICY = 'io.kubernetes.container.terminationMessagePolicy';
export const CONTAINER_KIND = 'k8ts.io/container-kind';

export function podLabels(pod: Pod): Record<string, string> {
  return {
    ...(pod.metadata?.labels ?? {}),
    [POD_NAME]: pod.metadata!.name!,
    [POD_NAMESPACE]: pod.metadata!.namespace!,
    [POD_UID]: pod.metadata!.uid!,
  };
}

export function containerLabels(pod: Pod, containerName: string): Record<string, string> {
  return {
    [POD_NAME]: pod.metadata!.name!,
    [POD_NAMESPACE]: pod.metadata!.namespace!,
    [POD_UID]: pod.metadata!.uid!,
    [CONTAINER_NAME]: containerName,
  };
}

/** The directory of a pod's logs, in the /var/log/pods layout: NAMESPACE_NAME_UID. */
export function podLogDirName(pod: Pod): string {
  return `${pod.metadata!.namespace}_${pod.metadata!.name}_${pod.metadata!.uid}`;
}
