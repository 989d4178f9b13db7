// What Kubernetes' Priority admission plugin does to pods: on create, resolve
// spec.priorityClassName to spec.priority and spec.preemptionPolicy (0 and PreemptLowerPriority
// when no class is named and none is the global default); on update, keep what create set.
import type { Pod } from 'kubernetes-types/core/v1';

export interface PriorityClassInfo {
  name: string;
  value: number;
  preemptionPolicy?: string;
  globalDefault?: boolean;
}

/** The two classes every cluster has. */
export const SYSTEM_PRIORITY_CLASSES: PriorityClassInfo[] = [
  { name: 'system-node-critical', value: 2000001000, preemptionPolicy: 'PreemptLowerPriority' },
  { name: 'system-cluster-critical', value: 2000000000, preemptionPolicy: 'PreemptLowerPriority' },
];

/**
 * Applies the plugin to a pod being created, in place. `classes` are the PriorityClasses
 * stored in the cluster besides the system ones. Returns the reason the pod must be refused.
 */
export function admitPodPriority(pod: Pod, classes: PriorityClassInfo[] = []): string | undefined {
  const spec = pod.spec;
  if (!spec) return undefined;
  const all = [...SYSTEM_PRIORITY_CLASSES, ...classes];
  let priority = 0;
  let preemptionPolicy: string | undefined = 'PreemptLowerPriority';
  if (!spec.priorityClassName) {
    // With several global defaults (a race), Kubernetes picks the lowest value.
    const fallback = all.filter((c) => c.globalDefault).sort((a, b) => a.value - b.value)[0];
    if (fallback) {
      spec.priorityClassName = fallback.name;
      priority = fallback.value;
      preemptionPolicy = fallback.preemptionPolicy;
    }
  } else {
    const pc = all.find((c) => c.name === spec.priorityClassName);
    if (!pc) return `no PriorityClass with name ${spec.priorityClassName} was found`;
    priority = pc.value;
    preemptionPolicy = pc.preemptionPolicy;
  }
  if (typeof spec.priority === 'number' && spec.priority !== priority) {
    return `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`;
  }
  spec.priority = priority;
  if (preemptionPolicy) {
    if (spec.preemptionPolicy && spec.preemptionPolicy !== preemptionPolicy) {
      return `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`;
    }
    spec.preemptionPolicy = preemptionPolicy;
  }
  return undefined;
}

/** On update the plugin only restores priority fields a client left out. */
export function admitPodPriorityOnUpdate(pod: Pod, old: Pod): void {
  if (!pod.spec || !old.spec) return;
  if (typeof pod.spec.priority !== 'number' && typeof old.spec.priority === 'number') pod.spec.priority = old.spec.priority;
  if (!pod.spec.preemptionPolicy && old.spec.preemptionPolicy) pod.spec.preemptionPolicy = old.spec.preemptionPolicy;
}
