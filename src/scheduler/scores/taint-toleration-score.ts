// TaintToleration scoring: fewer untolerated PreferNoSchedule taints is better. The raw score
// is their count, normalized in reverse across the feasible nodes.
import type { PodInfo } from '../pod-info';
import type { NodeInfo } from '../node-info';
import { tolerationsTolerate } from '../tolerations';

export function intolerablePreferNoScheduleTaints(pod: PodInfo, node: NodeInfo): number {
  // Only tolerations that can apply to PreferNoSchedule count (empty effect matches all).
  const tolerations = (pod.pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  return (node.node.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !tolerationsTolerate(tolerations, t)).length;
}
