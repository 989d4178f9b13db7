// NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that tolerate the
// node.kubernetes.io/unschedulable:NoSchedule taint.
import type { PodInfo } from '../pod-info';
import type { NodeInfo } from '../node-info';
import { TAINT_UNSCHEDULABLE, tolerationsTolerate } from '../tolerations';
import { type Rejection, reject } from './filter-result';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
export const ERR_NODE_UNSCHEDULABLE = 'node(s) were unschedulable';

export function filterNodeUnschedulable(pod: PodInfo, node: NodeInfo): Rejection | undefined {
  if (!node.node.spec?.unschedulable) return undefined;
  if (tolerationsTolerate(pod.pod.spec?.tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' })) return undefined;
  return reject(NODE_UNSCHEDULABLE, 'UnschedulableAndUnresolvable', ERR_NODE_UNSCHEDULABLE);
}
