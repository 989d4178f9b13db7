// NodeAffinity scoring: the sum of the weights of the pod's preferred node affinity terms that
// the node matches, normalized so the best node gets 100.
import type { PodInfo } from '../pod-info';
import type { NodeInfo } from '../node-info';
import { matchesTerm } from '../node-selector-terms';

export function preferredNodeAffinityWeight(pod: PodInfo, node: NodeInfo): number {
  const preferred = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  let sum = 0;
  for (const p of preferred) if (p.weight && matchesTerm(p.preference, node.node)) sum += p.weight;
  return sum;
}
