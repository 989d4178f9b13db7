// Taints and tolerations: Kubernetes' matching rule, and the taints the scheduler treats a node
// as having. Besides spec.taints, a node whose Ready condition is not True counts as carrying the
// NoSchedule taint that the node lifecycle controller would put on it (not-ready, or unreachable
// when the status is Unknown), so a node that stopped reporting gets no new pods even while no
// controller has tainted it yet, and pods that tolerate those taints may still go there.
import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** An empty effect matches every effect, an empty key with Exists matches every taint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Exists': return true;
    case '':
    case 'Equal': return (t.value ?? '') === (taint.value ?? '');
    default: return false;
  }
}

export function tolerationsTolerate(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

function conditionTaint(node: Node): Taint | undefined {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return undefined;
  return { key: ready?.status === 'Unknown' ? TAINT_UNREACHABLE : TAINT_NOT_READY, effect: 'NoSchedule' };
}

/** spec.taints plus the implied readiness taint when the node is not Ready and lacks it. */
export function effectiveTaints(node: Node): Taint[] {
  const taints = node.spec?.taints ?? [];
  const implied = conditionTaint(node);
  if (!implied || taints.some((t) => t.key === implied.key && t.effect === implied.effect)) return taints;
  return [...taints, implied];
}
