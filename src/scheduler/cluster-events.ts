// Which cluster changes may let a rejected pod fit, per filter (Kubernetes' EventsToRegister):
// a pod that every node rejected is retried only when something its rejecting filters look at
// changed, not on every node heartbeat.
import type { Node } from 'kubernetes-types/core/v1';
import { NODE_UNSCHEDULABLE } from './filters/node-unschedulable';
import { TAINT_TOLERATION } from './filters/taint-toleration';
import { NODE_AFFINITY } from './filters/node-affinity';
import { NODE_PORTS } from './filters/node-ports';
import { NODE_RESOURCES_FIT } from './filters/node-resources-fit';
import { semanticEqual } from '../api/validation/semantic-equal';

/** The filters a change concerns; 'all' for a new node. */
export type InterestedFilters = ReadonlySet<string> | 'all';

export const NODE_ADDED: InterestedFilters = 'all';
/** A bound pod went away or finished: its resources and host ports are free again. */
export const ASSIGNED_POD_GONE: InterestedFilters = new Set([NODE_RESOURCES_FIT, NODE_PORTS]);

const conditionStatuses = (n: Node) => Object.fromEntries((n.status?.conditions ?? []).map((c) => [c.type, c.status]));

/** What an update of a node may have unblocked; empty for heartbeats and other noise. */
export function nodeUpdateInterest(oldNode: Node, node: Node): InterestedFilters {
  const out = new Set<string>();
  if (!semanticEqual(oldNode.status?.allocatable, node.status?.allocatable)) out.add(NODE_RESOURCES_FIT);
  if (!semanticEqual(oldNode.metadata?.labels, node.metadata?.labels)) out.add(NODE_AFFINITY);
  if (!semanticEqual(oldNode.spec?.taints, node.spec?.taints) || !!oldNode.spec?.unschedulable !== !!node.spec?.unschedulable) {
    out.add(TAINT_TOLERATION);
    out.add(NODE_UNSCHEDULABLE);
  }
  // Readiness turns into implied taints (see tolerations.ts); heartbeat times are ignored.
  if (!semanticEqual(conditionStatuses(oldNode), conditionStatuses(node))) out.add(TAINT_TOLERATION);
  return out;
}

export function concerns(interest: InterestedFilters, rejectedBy: ReadonlySet<string>): boolean {
  if (interest === 'all' || rejectedBy.size === 0) return true;
  for (const f of rejectedBy) if (interest.has(f)) return true;
  return false;
}
