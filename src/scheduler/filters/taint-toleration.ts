// TaintToleration: the node's first NoSchedule or NoExecute taint that the pod does not
// tolerate rejects it (PreferNoSchedule only lowers the score).
import type { PodInfo } from '../pod-info';
import type { NodeInfo } from '../node-info';
import { effectiveTaints, tolerationsTolerate } from '../tolerations';
import { type Rejection, reject } from './filter-result';

export const TAINT_TOLERATION = 'TaintToleration';

export function filterTaintToleration(pod: PodInfo, node: NodeInfo): Rejection | undefined {
  const tolerations = pod.pod.spec?.tolerations;
  const taint = effectiveTaints(node.node).find((t) =>
    (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerationsTolerate(tolerations, t));
  if (!taint) return undefined;
  return reject(TAINT_TOLERATION, 'UnschedulableAndUnresolvable', `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
}
