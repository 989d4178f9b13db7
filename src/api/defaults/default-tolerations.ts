// What Kubernetes' DefaultTolerationSeconds admission plugin does to pods on create and update:
// unless the pod already tolerates them, tolerate the node.kubernetes.io/not-ready and
// node.kubernetes.io/unreachable NoExecute taints for 300 seconds, so that pods are evicted
// five minutes after their node stops answering rather than at once.
import type { Pod, Toleration } from 'kubernetes-types/core/v1';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const DEFAULT_TOLERATION_SECONDS = 300;

/** Does some toleration already cover `key:NoExecute` (an empty key or effect matches all)? */
function tolerates(tolerations: Toleration[], key: string): boolean {
  return tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
}

export function admitPodDefaultTolerations(pod: Pod): void {
  if (!pod.spec) return;
  const tolerations = pod.spec.tolerations ?? [];
  const added: Toleration[] = [];
  for (const key of [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE]) {
    if (!tolerates(tolerations, key)) added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  if (added.length) pod.spec.tolerations = [...tolerations, ...added];
}
