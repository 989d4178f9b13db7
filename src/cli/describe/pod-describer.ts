// `kubectl describe pod`: identity, node, times, labels and annotations, status (or how long it
// has been terminating), IPs, containers, conditions, volumes, QoS, node selectors, tolerations
// and the pod's events.
import type { Event, Pod } from 'kubernetes-types/core/v1';
import { computePodQOS } from '../../api/defaults/pod-qos';
import { timestampSince } from '../../api/tables/human-duration';
import { CORE, type Describer } from './describer';
import { formatRFC1123Z } from './describe-time';
import { describeEvents, searchEvents } from './events-section';
import { printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline } from './multiline-fields';
import { describeContainers, describeResources } from './pod-containers';
import { describeVolumes } from './pod-volumes';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './prefix-writer';

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export const describePodByName: Describer = async (ctx, _target, namespace, name) => {
  const pod = await ctx.client.get<Pod>(CORE('pods', namespace), name);
  let events: Event[] | undefined;
  if (ctx.settings.showEvents) {
    // Events about a pod are matched without a kind; a mirror pod's events name its static pod's uid.
    const uid = pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] ?? pod.metadata?.uid;
    events = await searchEvents(ctx.client, { name: pod.metadata!.name!, namespace: pod.metadata!.namespace ?? '', uid }, ctx.settings.chunkSize).catch(() => []);
  }
  return describePod(pod, events, ctx.settings.now);
};

export function describePod(pod: Pod, events: Event[] | undefined, now: Date): string {
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  const meta = pod.metadata ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
    if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    w.write(LEVEL_0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${formatRFC1123Z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    if (meta.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${timestampSince(meta.deletionTimestamp, now)})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${meta.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    describePodIPs(pod, w);
    const controller = meta.ownerReferences?.find((r) => r.controller);
    if (controller) w.write(LEVEL_0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    const podResources = (spec as { resources?: { limits?: object; requests?: object } }).resources;
    if (podResources) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(podResources, w, LEVEL_1);
    }
    if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, status.initContainerStatuses, pod, w);
    describeContainers('Containers', spec.containers ?? [], status.containerStatuses, pod, w);
    if (spec.ephemeralContainers?.length) describeContainers('Ephemeral Containers', spec.ephemeralContainers, status.ephemeralContainerStatuses, pod, w);
    if (spec.readinessGates?.length) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of spec.readinessGates) {
        const c = status.conditions?.find((x) => x.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
      }
    }
    if (status.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec.volumes, w);
    w.write(LEVEL_0, `QoS Class:\t${status.qosClass ?? computePodQOS(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
    describeTopologySpread(pod, w);
    if (events) describeEvents(events, w, now);
  });
}

function describePodIPs(pod: Pod, w: PrefixWriter): void {
  const ips = pod.status?.podIPs ?? [];
  if (ips.length === 0) {
    w.write(LEVEL_0, 'IPs:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'IPs:\n');
  for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
}

function describeTopologySpread(pod: Pod, w: PrefixWriter): void {
  const tscs = [...(pod.spec?.topologySpreadConstraints ?? [])].sort((a, b) => (a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0));
  if (tscs.length === 0) return;
  w.write(LEVEL_0, 'Topology Spread Constraints:\t');
  tscs.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    let text = `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded`;
    if (t.labelSelector) text += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(LEVEL_0, `${text}\n`);
  });
}

/** metav1.FormatLabelSelector: requirements sorted by key, `k=v,k in (a,b),!k`; `<none>` when empty. */
function formatLabelSelector(s: { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> }): string {
  const parts: Array<[string, string]> = Object.entries(s.matchLabels ?? {}).map(([k, v]) => [k, `${k}=${v}`]);
  for (const e of s.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push([e.key, `${e.key} in (${values})`]);
    else if (e.operator === 'NotIn') parts.push([e.key, `${e.key} notin (${values})`]);
    else if (e.operator === 'Exists') parts.push([e.key, e.key]);
    else if (e.operator === 'DoesNotExist') parts.push([e.key, `!${e.key}`]);
  }
  const text = parts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, t]) => t).join(',');
  return text.length === 0 ? '<none>' : text;
}
