// `kubectl describe node`: roles, labels, taints, the node's Lease, conditions, addresses,
// capacity, system info, pod CIDRs, the pods running there with their share of the node, and
// the node's events (kubelets file them under the node's name as uid, controllers under its uid).
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import { ApiError } from '../../client/api-client';
import { nodeRoles } from '../../api/tables/node-table';
import { CORE, type Describer } from './describer';
import { formatRFC1123Z } from './describe-time';
import { describeEvents, searchEvents } from './events-section';
import { listAll } from './chunked-list';
import { printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline } from './multiline-fields';
import { describeNodeResource } from './node-allocated-resources';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './prefix-writer';
import { quantityText, sortedNames } from './resource-lists';

/** The lease read failed with this message, or it is the lease. */
type LeaseOrError = Lease | { error: string };

export const describeNodeByName: Describer = async (ctx, _target, _namespace, name) => {
  const { client, settings } = ctx;
  const node = await client.get<Node>(CORE('nodes'), name);
  let pods: Pod[] | undefined;
  try {
    const selector = `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`;
    pods = await listAll<Pod>(client, CORE('pods'), { fieldSelector: selector }, settings.chunkSize);
  } catch (e) {
    // Someone allowed to see the node but not its pods still gets the rest.
    if (!(e instanceof ApiError && e.code === 403)) throw e;
  }
  let events: Event[] | undefined;
  if (settings.showEvents) {
    const ref = { kind: 'Node', name, namespace: '' };
    const byUid = await searchEvents(client, { ...ref, uid: node.metadata?.uid }, settings.chunkSize).catch(() => []);
    const byName = await searchEvents(client, { ...ref, uid: name }, settings.chunkSize).catch(() => []);
    events = [...byUid, ...byName];
  }
  let lease: LeaseOrError;
  try {
    lease = await client.get<Lease>({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-node-lease' }, name);
  } catch (e) {
    lease = { error: e instanceof Error ? e.message : String(e) };
  }
  return describeNode(node, pods, events, lease, settings.now);
};

export function describeNode(node: Node, pods: Pod[] | undefined, events: Event[] | undefined, lease: LeaseOrError, now: Date): string {
  const spec = node.spec ?? {};
  const status = node.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${node.metadata?.name ?? ''}\n`);
    const roles = nodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', node.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', node.metadata?.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(node.metadata?.creationTimestamp)}\n`);
    printTaintsMultiline(w, 'Taints', spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true}\n`);
    describeLease(lease, w);
    if (status.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of status.conditions) {
        w.write(LEVEL_1, `${c.type} \t${c.status} \t${formatRFC1123Z(c.lastHeartbeatTime)} \t${formatRFC1123Z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
      }
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    for (const [title, list] of [['Capacity', status.capacity], ['Allocatable', status.allocatable]] as const) {
      const names = sortedNames(list);
      if (names.length === 0) continue;
      w.write(LEVEL_0, `${title}:\n`);
      for (const n of names) w.write(LEVEL_0, `  ${n}:\t${quantityText(list![n] as string | number)}\n`);
    }
    const info = status.nodeInfo;
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ''}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ''}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if (spec.podCIDRs?.length) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    if (pods) describeNodeResource(pods, node, w, now);
    else w.write(LEVEL_0, 'Pods:\tnot authorized\n');
    if (events) describeEvents(events, w, now);
  });
}

function describeLease(lease: LeaseOrError, w: PrefixWriter): void {
  if ('error' in lease) {
    w.write(LEVEL_0, `Lease:\tFailed to get lease: ${lease.error}\n`);
    return;
  }
  const spec = lease.spec ?? {};
  w.write(LEVEL_0, 'Lease:\n');
  w.write(LEVEL_1, `HolderIdentity:\t${spec.holderIdentity ?? '<unset>'}\n`);
  w.write(LEVEL_1, `AcquireTime:\t${spec.acquireTime ? formatRFC1123Z(spec.acquireTime) : '<unset>'}\n`);
  w.write(LEVEL_1, `RenewTime:\t${spec.renewTime ? formatRFC1123Z(spec.renewTime) : '<unset>'}\n`);
}
