// spec.activeDeadlineSeconds: a pod that has been active on the node (since status.startTime) for
// that long fails with reason DeadlineExceeded, and its containers are stopped.
import type { Pod } from 'kubernetes-types/core/v1';

export const DEADLINE_EXCEEDED = 'DeadlineExceeded';
export const DEADLINE_MESSAGE = 'Pod was active on the node longer than the specified deadline';

/** Milliseconds until the pod's active deadline (0 or less: passed); undefined when it has none yet. */
export function msUntilActiveDeadline(pod: Pod, now = Date.now()): number | undefined {
  const seconds = pod.spec?.activeDeadlineSeconds;
  const start = pod.status?.startTime;
  if (seconds === undefined || seconds === null || !start) return undefined;
  return Date.parse(start) + seconds * 1000 - now;
}

export function activeDeadlinePassed(pod: Pod, now = Date.now()): boolean {
  const ms = msUntilActiveDeadline(pod, now);
  return ms !== undefined && ms <= 0;
}
