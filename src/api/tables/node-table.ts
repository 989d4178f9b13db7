// Server-side table of nodes: NAME STATUS ROLES AGE VERSION, and with -o wide
// INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME.
import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../object';
import type { TableDefinition } from '../resource';
import { timestampSince } from './human-duration';
import { ageColumn, column, nameColumn } from './meta-columns';

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
/** The older way of naming a role: the role is the label's value. */
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';

/** `Ready`, `NotReady` or `Unknown` (no Ready condition yet), then `SchedulingDisabled` if cordoned. */
function nodeStatus(node: Node): string {
  const parts: string[] = [];
  // The last Ready condition wins, as the printer's map from type to condition makes it.
  const readyCondition = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').pop();
  if (readyCondition) parts.push(readyCondition.status === 'True' ? 'Ready' : 'NotReady');
  else parts.push('Unknown');
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** Roles from `node-role.kubernetes.io/<role>` keys and the legacy `kubernetes.io/role=<role>`, sorted. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith(ROLE_LABEL_PREFIX)) {
      const role = key.slice(ROLE_LABEL_PREFIX.length);
      if (role) roles.add(role);
    } else if (key === LEGACY_ROLE_LABEL && value) {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

function firstAddress(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

export const nodeTable: TableDefinition<Node & KubeObject> = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    column('Version', 'string', 'Kubelet version reported by the node.'),
    column('Internal-IP', 'string', 'Addresses through which the node can be reached.', { priority: 1 }),
    column('External-IP', 'string', 'Addresses through which the node can be reached.', { priority: 1 }),
    column('OS-Image', 'string', 'Operating system image reported by the node (from /etc/os-release).', { priority: 1 }),
    column('Kernel-Version', 'string', "Kernel version reported by the node (from 'uname -r').", { priority: 1 }),
    column('Container-Runtime', 'string', 'Container runtime version reported by the node, as <runtime>://<version>.', { priority: 1 }),
  ],
  cells(node, now) {
    const info = node.status?.nodeInfo;
    return [
      node.metadata?.name ?? '',
      nodeStatus(node),
      nodeRoles(node).join(',') || '<none>',
      timestampSince(node.metadata?.creationTimestamp, now),
      info?.kubeletVersion ?? '',
      firstAddress(node, 'InternalIP'),
      firstAddress(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};
