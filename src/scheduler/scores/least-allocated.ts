// NodeResourcesFit's default scoring strategy, LeastAllocated: prefer the node with the most
// CPU and memory left after placing the pod (0-100, CPU and memory weighted equally). Requests
// are the "non-zero" ones, so pods that request nothing still spread out.
import type { PodInfo } from '../pod-info';
import type { NodeInfo } from '../node-info';
import { CPU, MEMORY } from '../resource-amounts';
import { MAX_NODE_SCORE } from './score-types';

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export function leastAllocatedScore(pod: PodInfo, node: NodeInfo): number {
  const pairs: Array<[number, number]> = [
    [node.nonZeroRequested.cpu + pod.nonZero.cpu, node.allocatable[CPU] ?? 0],
    [node.nonZeroRequested.memory + pod.nonZero.memory, node.allocatable[MEMORY] ?? 0],
  ];
  let sum = 0;
  let weights = 0;
  for (const [requested, capacity] of pairs) {
    // A resource the node does not report is left out rather than scored as full.
    if (capacity === 0) continue;
    sum += leastRequested(requested, capacity);
    weights += 1;
  }
  return weights === 0 ? 0 : Math.floor(sum / weights);
}
