// The Init Containers / Containers sections of a pod's description: per container its ids,
// image, ports, command, state and last state, resources, probes, environment and mounts, in
// kubectl's order and wording.
import type { Container, ContainerState, ContainerStatus, EnvVar, Pod, Probe } from 'kubernetes-types/core/v1';
import { formatRFC1123Z } from './describe-time';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './prefix-writer';
import { milliValue, quantityText, sortedNames, toQuantity, wholeValue, type ResourceList } from './resource-lists';

export function describeContainers(label: string, containers: Container[], statuses: ContainerStatus[] | undefined, pod: Pod, w: PrefixWriter): void {
  w.write(LEVEL_0, `${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  for (const c of containers) {
    const status = byName.get(c.name);
    describeBasicInfo(c, status, w);
    describeCommand(c, w);
    if (status) describeState(status, w);
    describeResources(c.resources, w, LEVEL_2);
    describeProbes(c, w);
    if (c.envFrom?.length) describeEnvFrom(c, w);
    describeEnv(c, pod, w);
    describeMounts(c, w);
  }
}

function describeBasicInfo(c: Container, status: ContainerStatus | undefined, w: PrefixWriter): void {
  w.write(LEVEL_1, `${c.name}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
  const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? ''}`).join(', ');
  w.write(LEVEL_2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
  const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ''}`).join(', ');
  w.write(LEVEL_2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
  const seccomp = c.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type}\n`);
    if (seccomp.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
}

function describeCommand(c: Container, w: PrefixWriter): void {
  for (const [title, list] of [['Command', c.command], ['Args', c.args]] as const) {
    if (!list?.length) continue;
    w.write(LEVEL_2, `${title}:\n`);
    for (const item of list) for (const line of item.split('\n')) w.write(LEVEL_3, `${line}\n`);
  }
}

export function describeResources(resources: { limits?: object; requests?: object } | undefined, w: PrefixWriter, level: number): void {
  if (!resources) return;
  for (const [title, list] of [['Limits', resources.limits], ['Requests', resources.requests]] as const) {
    const names = sortedNames(list);
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const name of names) w.write(level + 1, `${name}:\t${quantityText((list as ResourceList)[name])}\n`);
  }
}

function describeState(status: ContainerStatus, w: PrefixWriter): void {
  describeStatus('State', status.state, w);
  if (status.lastState?.terminated) describeStatus('Last State', status.lastState, w);
  w.write(LEVEL_2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
  w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

function describeStatus(title: string, state: ContainerState | undefined, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${title}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${formatRFC1123Z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${title}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${formatRFC1123Z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${formatRFC1123Z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${title}:\tWaiting\n`);
  }
}

function describeProbes(c: Container, w: PrefixWriter): void {
  if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

/** Go's net.JoinHostPort: IPv6 hosts get brackets. */
const joinHostPort = (host: string, port: string): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

export function describeProbe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s ` +
    `#success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const port = String(p.httpGet.port ?? '');
    const host = port ? joinHostPort(p.httpGet.host ?? '', port) : p.httpGet.host ?? '';
    const path = p.httpGet.path ?? '';
    // Go's url.URL.String() puts a slash between a host and a relative path.
    const sep = path && !path.startsWith('/') && host ? '/' : '';
    const scheme = (p.httpGet.scheme ?? '').toLowerCase();
    return `http-get ${scheme ? `${scheme}:` : ''}${host ? `//${host}` : ''}${sep}${path} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${String(p.tcpSocket.port ?? '')} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeEnvFrom(c: Container, w: PrefixWriter): void {
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const e of c.envFrom ?? []) {
    const [from, ref] = e.configMapRef ? ['ConfigMap', e.configMapRef] : e.secretRef ? ['Secret', e.secretRef] : ['', undefined];
    const optional = ref?.optional === true;
    const source = e.prefix ? `${from} with prefix '${e.prefix}'` : from;
    w.write(LEVEL_3, `${ref?.name ?? ''}\t${source}\tOptional: ${optional}\n`);
  }
}

function describeEnv(c: Container, pod: Pod, w: PrefixWriter): void {
  w.write(LEVEL_2, `Environment:${c.env?.length ? '' : '\t<none>'}\n`);
  for (const e of c.env ?? []) {
    const from = e.valueFrom;
    if (!from) {
      (e.value ?? '').split('\n').forEach((line, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${line}\n` : `\t${line}\n`));
    } else if (from.fieldRef) {
      w.write(LEVEL_3, `${e.name}:\t${fieldRefValue(e, pod)} (${from.fieldRef.apiVersion ?? ''}:${from.fieldRef.fieldPath})\n`);
    } else if (from.resourceFieldRef) {
      const resource = from.resourceFieldRef.resource;
      let value = resourceFieldValue(e, c);
      if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) value = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${value} (${resource})\n`);
    } else if (from.secretKeyRef) {
      const r = from.secretKeyRef;
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${r.key}' in secret '${r.name ?? ''}'>\tOptional: ${r.optional === true}\n`);
    } else if (from.configMapKeyRef) {
      const r = from.configMapKeyRef;
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${r.key}' of config map '${r.name ?? ''}'>\tOptional: ${r.optional === true}\n`);
    }
  }
}

/**
 * kubectl resolves a field reference through its client scheme, which only knows the generic
 * metadata.name and metadata.namespace field labels; every other path shows as empty.
 */
function fieldRefValue(e: EnvVar, pod: Pod): string {
  const ref = e.valueFrom!.fieldRef!;
  if (ref.fieldPath === 'metadata.name') return pod.metadata?.name ?? '';
  if (ref.fieldPath === 'metadata.namespace') return pod.metadata?.namespace ?? '';
  return '';
}

/** kubectl's ExtractContainerResourceValue: the container's own value over the divisor, rounded up. */
function resourceFieldValue(e: EnvVar, c: Container): string {
  const ref = e.valueFrom!.resourceFieldRef!;
  const divisorQ = toQuantity(ref.divisor as string | number | undefined);
  const divisor = divisorQ.unscaled === 0n ? toQuantity('1') : divisorQ;
  const [kind, name] = ref.resource.split('.', 2) as [string, string | undefined];
  const list = (kind === 'limits' ? c.resources?.limits : kind === 'requests' ? c.resources?.requests : undefined) as ResourceList | undefined;
  if (list === undefined && kind !== 'limits' && kind !== 'requests') return '';
  if (!name || !(name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-'))) return '';
  const q = toQuantity(list?.[name]);
  if (name === 'cpu') return String(Math.ceil(milliValue(q) / milliValue(divisor)));
  return String(Math.ceil(wholeValue(q) / wholeValue(divisor)));
}

function describeMounts(c: Container, w: PrefixWriter): void {
  const none = c.volumeMounts?.length ? '' : '\t<none>';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  if (c.volumeDevices?.length) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    const devices = [...c.volumeDevices].sort((a, b) => (a.devicePath < b.devicePath ? -1 : a.devicePath > b.devicePath ? 1 : 0));
    for (const d of devices) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}
