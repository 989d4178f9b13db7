// Server-side table of pods: NAME READY STATUS RESTARTS AGE, and with -o wide
// IP NODE NOMINATED NODE READINESS GATES. The server always fills the wide cells;
// kubectl hides the priority-1 columns unless asked.
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../object';
import type { TableDefinition } from '../resource';
import { timestampSince } from './human-duration';
import { ageColumn, column, nameColumn } from './meta-columns';
import { summarizePod } from './pod-status';

/** Ready gates whose condition is True, out of all gates; `<none>` without gates. */
function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const passed = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${passed}/${gates.length}`;
}

/** meta.k8s.io TableRowCondition. */
export interface TableRowCondition { type: string; status: string; reason?: string; message?: string }

/**
 * The `conditions` the real server puts on a finished pod's row (the TableDefinition hook has no
 * place for them; a table handler can add them to the row). Clients use them to tell finished
 * pods from live ones.
 */
export function podRowConditions(pod: Pod): TableRowCondition[] | undefined {
  switch (pod.status?.phase) {
    case 'Succeeded': return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    case 'Failed': return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    default: return undefined;
  }
}

export const podTable: TableDefinition<Pod & KubeObject> = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageColumn(),
    column('IP', 'string', "The pod's primary IP address, allocated from the cluster's pod network.", { priority: 1 }),
    column('Node', 'string', 'Name of the node the pod is bound to.', { priority: 1 }),
    column('Nominated Node', 'string', 'Node on which the scheduler expects the pod to run once preemption of other pods there completes.', { priority: 1 }),
    column('Readiness Gates', 'string', 'Extra pod conditions that must be True before the pod counts as ready.', { priority: 1 }),
  ],
  cells(pod, now) {
    const s = summarizePod(pod, now);
    // A v1 client may have written only podIP; when both are set, podIP wins, as in conversion.
    const ip = pod.status?.podIP || pod.status?.podIPs?.[0]?.ip || '<none>';
    return [
      pod.metadata?.name ?? '',
      s.ready,
      s.status,
      s.restarts,
      timestampSince(pod.metadata?.creationTimestamp, now),
      ip,
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
  },
};
