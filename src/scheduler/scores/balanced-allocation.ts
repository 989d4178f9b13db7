// NodeResourcesBalancedAllocation: prefer the node whose CPU and memory would be used in the
// most similar proportions after placing the pod, so that neither runs out while the other idles.
// Score = (1 - standard deviation of the used fractions) × 100, on the pods' actual requests.
import type { PodInfo } from '../pod-info';
import type { NodeInfo } from '../node-info';
import { CPU, MEMORY } from '../resource-amounts';
import { MAX_NODE_SCORE } from './score-types';

export function balancedAllocationScore(pod: PodInfo, node: NodeInfo): number {
  const fractions: number[] = [];
  for (const r of [CPU, MEMORY]) {
    const capacity = node.allocatable[r] ?? 0;
    if (capacity === 0) continue;
    const requested = (node.requested[r] ?? 0) + (pod.requests[r] ?? 0);
    fractions.push(Math.min(requested / capacity, 1));
  }
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs((fractions[0] - fractions[1]) / 2);
  } else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) ** 2, 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}
