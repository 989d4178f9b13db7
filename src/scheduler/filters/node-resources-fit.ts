// NodeResourcesFit: the pod's requests must fit in the node's allocatable minus what the pods
// already there request, and the node must have room for one more pod. Every shortage is a
// separate reason ("Too many pods", "Insufficient cpu", "Insufficient nvidia.com/gpu", ...), in
// Kubernetes' order: pods, cpu, memory, ephemeral-storage, then the other resources.
import type { PodInfo } from '../pod-info';
import type { NodeInfo } from '../node-info';
import { CPU, EPHEMERAL_STORAGE, MEMORY, PODS } from '../resource-amounts';
import { type Rejection, reject } from './filter-result';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';

const FIRST = [CPU, MEMORY, EPHEMERAL_STORAGE];

/** The reasons the node cannot hold the pod; empty when it fits. */
export function insufficientResources(pod: PodInfo, node: NodeInfo): string[] {
  const reasons: string[] = [];
  if (node.pods.length + 1 > (node.allocatable[PODS] ?? 0)) reasons.push('Too many pods');
  const others = Object.keys(pod.requests).filter((r) => !FIRST.includes(r) && r !== PODS).sort();
  for (const r of [...FIRST, ...others]) {
    const want = pod.requests[r] ?? 0;
    // A zero request fits anywhere, even on a node that does not have the resource at all.
    if (want > 0 && want > (node.allocatable[r] ?? 0) - (node.requested[r] ?? 0)) reasons.push(`Insufficient ${r}`);
  }
  return reasons;
}

export function filterNodeResourcesFit(pod: PodInfo, node: NodeInfo): Rejection | undefined {
  const reasons = insufficientResources(pod, node);
  return reasons.length ? reject(NODE_RESOURCES_FIT, 'Unschedulable', ...reasons) : undefined;
}
