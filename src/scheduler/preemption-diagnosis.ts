// The "preemption: ..." part of a FailedScheduling message: what Kubernetes' DefaultPreemption
// would report after a failed scheduling attempt. Nodes rejected for reasons that removing pods
// cannot fix are "not helpful"; elsewhere only pods of lower priority may be evicted: with none,
// "No preemption victims found"; if the pod would still not fit without all of them, the filter's
// reasons. k8ts does not evict pods yet, so when eviction would make room the suffix is left out,
// as Kubernetes leaves it out when preemption succeeds.
import type { PodInfo } from './pod-info';
import { type NodeInfo, withoutPods } from './node-info';
import type { Rejection } from './filters/filter-result';
import { runFilters } from './filters/filter-chain';
import { nodesAvailableMessage } from './fit-error';

export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';

/** The suffix for a pod every node rejected (`rejections` has each node's rejection), or undefined. */
export function preemptionMessage(pod: PodInfo, nodes: NodeInfo[], rejections: Map<string, Rejection>): string | undefined {
  if (pod.pod.spec?.preemptionPolicy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  const perNode: string[][] = [];
  for (const node of nodes) {
    const rejection = rejections.get(node.name);
    if (!rejection) continue;
    if (rejection.code === 'UnschedulableAndUnresolvable') {
      perNode.push([PREEMPTION_NOT_HELPFUL]);
      continue;
    }
    const victims = node.pods.filter((p) => p.priority < pod.priority);
    if (victims.length === 0) {
      perNode.push([NO_PREEMPTION_VICTIMS]);
      continue;
    }
    const still = runFilters(pod, withoutPods(node, new Set(victims.map((v) => v.key))));
    if (!still) return undefined;
    perNode.push(still.reasons);
  }
  return `preemption: ${nodesAvailableMessage(perNode.length, perNode)}`;
}
