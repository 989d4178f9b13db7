// NodeAffinity: the pod's nodeSelector and required node affinity must match the node.
import type { PodInfo } from '../pod-info';
import type { NodeInfo } from '../node-info';
import { matchesRequiredNodeAffinity } from '../node-selector-terms';
import { type Rejection, reject } from './filter-result';

export const NODE_AFFINITY = 'NodeAffinity';
export const ERR_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

export function filterNodeAffinity(pod: PodInfo, node: NodeInfo): Rejection | undefined {
  if (matchesRequiredNodeAffinity(pod.pod, node.node)) return undefined;
  return reject(NODE_AFFINITY, 'UnschedulableAndUnresolvable', ERR_NODE_AFFINITY);
}
