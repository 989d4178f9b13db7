// The filters in the order Kubernetes' default profile runs them. A node is rejected by the
// first filter that fails, so its reasons in the FailedScheduling message come from that one.
import type { PodInfo } from '../pod-info';
import type { NodeInfo } from '../node-info';
import type { Rejection } from './filter-result';
import { filterNodeUnschedulable } from './node-unschedulable';
import { filterTaintToleration } from './taint-toleration';
import { filterNodeAffinity } from './node-affinity';
import { filterNodePorts } from './node-ports';
import { filterNodeResourcesFit } from './node-resources-fit';

export type Filter = (pod: PodInfo, node: NodeInfo) => Rejection | undefined;

export const FILTERS: readonly Filter[] = [
  filterNodeUnschedulable,
  filterTaintToleration,
  filterNodeAffinity,
  filterNodePorts,
  filterNodeResourcesFit,
];

export function runFilters(pod: PodInfo, node: NodeInfo): Rejection | undefined {
  for (const f of FILTERS) {
    const r = f(pod, node);
    if (r) return r;
  }
  return undefined;
}
