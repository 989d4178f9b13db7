// Defaulting and strategy steps of Nodes: allocatable defaults to capacity, quantities are stored
// canonically, status is only written through nodes/status (or at registration), and a new
// node carries the not-ready taint until the node lifecycle controller sees it Ready (what the
// TaintNodesByCondition admission plugin does).
import type { Node, NodeStatus, Taint } from 'kubernetes-types/core/v1';
import { deepClone } from '../object';
import { defaultResourceList } from './pod-defaults';
import { TAINT_NODE_NOT_READY } from './default-tolerations';

function setStatus(node: Node, status: NodeStatus | undefined): void {
  (node as { status?: NodeStatus }).status = status;
}

export function defaultNode(node: Node): void {
  const status = node.status;
  if (!status) return;
  if (!status.allocatable && status.capacity) status.allocatable = { ...status.capacity };
  defaultResourceList(status.capacity);
  defaultResourceList(status.allocatable);
}

/** A PUT/PATCH of the node keeps the stored status. */
export function prepareNodeForUpdate(node: Node, old: Node): void {
  setStatus(node, deepClone(old.status));
}

/** A write through nodes/status keeps the stored spec. */
export function prepareNodeForStatusUpdate(node: Node, old: Node): void {
  node.spec = deepClone(old.spec);
}

/** TaintNodesByCondition on create: add node.kubernetes.io/not-ready:NoSchedule unless present. */
export function admitNodeNotReadyTaint(node: Node): void {
  node.spec = node.spec ?? {};
  const taints: Taint[] = node.spec.taints ?? [];
  if (taints.some((t) => t.key === TAINT_NODE_NOT_READY && t.effect === 'NoSchedule')) return;
  node.spec.taints = [...taints, { key: TAINT_NODE_NOT_READY, effect: 'NoSchedule' }];
}
