// NodePorts: a host port (protocol + port) can be taken once per host IP; 0.0.0.0 (the default)
// stands for every IP, so it conflicts with the same port on any IP and the other way round.
import type { HostPort, PodInfo } from '../pod-info';
import type { NodeInfo } from '../node-info';
import { type Rejection, reject } from './filter-result';

export const NODE_PORTS = 'NodePorts';
export const ERR_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
const ANY_IP = '0.0.0.0';

export function portsConflict(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.hostIP === b.hostIP || a.hostIP === ANY_IP || b.hostIP === ANY_IP;
}

export function filterNodePorts(pod: PodInfo, node: NodeInfo): Rejection | undefined {
  const clash = pod.hostPorts.some((want) => node.usedPorts.some((used) => portsConflict(want, used)));
  return clash ? reject(NODE_PORTS, 'Unschedulable', ERR_NODE_PORTS) : undefined;
}
