// One scheduling decision, free of I/O: filter every node, and either score the feasible ones
// and pick a host, or explain (in Kubernetes' words) why no node fits.
import type { PodInfo } from './pod-info';
import type { NodeInfo } from './node-info';
import type { Rejection } from './filters/filter-result';
import { runFilters } from './filters/filter-chain';
import { scoreNodes, selectHost } from './scores/score-chain';
import { NO_NODES_AVAILABLE, nodesAvailableMessage } from './fit-error';
import { preemptionMessage } from './preemption-diagnosis';

export type CycleResult =
  | { kind: 'scheduled'; node: string; feasibleNodes: number }
  | {
    kind: 'unschedulable';
    message: string;
    /** The filters that rejected some node: only cluster changes they care about warrant a retry. Empty: any change. */
    rejectedBy: Set<string>;
  };

export function schedulePod(pod: PodInfo, nodes: NodeInfo[], random: () => number = Math.random): CycleResult {
  if (nodes.length === 0) return { kind: 'unschedulable', message: NO_NODES_AVAILABLE, rejectedBy: new Set() };
  const feasible: NodeInfo[] = [];
  const rejections = new Map<string, Rejection>();
  for (const node of nodes) {
    const r = runFilters(pod, node);
    if (r) rejections.set(node.name, r);
    else feasible.push(node);
  }
  if (feasible.length === 0) {
    const reasons = [...rejections.values()].map((r) => r.reasons);
    return {
      kind: 'unschedulable',
      message: nodesAvailableMessage(nodes.length, reasons, preemptionMessage(pod, nodes, rejections)),
      rejectedBy: new Set([...rejections.values()].map((r) => r.plugin)),
    };
  }
  // One candidate needs no scoring (Kubernetes skips it too).
  const node = feasible.length === 1 ? feasible[0].name : selectHost(scoreNodes(pod, feasible), random);
  return { kind: 'scheduled', node, feasibleNodes: feasible.length };
}
