// A node as one scheduling cycle sees it: its allocatable resources, and the pods on it (bound
// or assumed) with their summed requests and claimed host ports.
import type { Node } from 'kubernetes-types/core/v1';
import { type Amounts, addInto, toAmounts } from './resource-amounts';
import type { HostPort, PodInfo } from './pod-info';

export interface NodeInfo {
  name: string;
  node: Node;
  pods: PodInfo[];
  allocatable: Amounts;
  requested: Amounts;
  nonZeroRequested: { cpu: number; memory: number };
  usedPorts: HostPort[];
}

export function newNodeInfo(node: Node, pods: PodInfo[]): NodeInfo {
  const info: NodeInfo = {
    name: node.metadata?.name ?? '',
    node,
    pods: [],
    allocatable: toAmounts(node.status?.allocatable as Record<string, string> | undefined),
    requested: {},
    nonZeroRequested: { cpu: 0, memory: 0 },
    usedPorts: [],
  };
  for (const p of pods) addPod(info, p);
  return info;
}

export function addPod(info: NodeInfo, pod: PodInfo): void {
  info.pods.push(pod);
  addInto(info.requested, pod.requests);
  info.nonZeroRequested.cpu += pod.nonZero.cpu;
  info.nonZeroRequested.memory += pod.nonZero.memory;
  info.usedPorts.push(...pod.hostPorts);
}

/** The same node without some of its pods (what preemption would leave behind). */
export function withoutPods(info: NodeInfo, remove: Set<string>): NodeInfo {
  return newNodeInfo(info.node, info.pods.filter((p) => !remove.has(p.key)));
}
