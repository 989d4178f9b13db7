// Turns a pod's container spec into a CRI ContainerConfig: image, command and args, environment
// (literal values, $(VAR) expansion, and valueFrom field, config map, secret and resource refs),
// envFrom, volume mounts and the termination-log file, working dir, TTY and stdin, cgroup resources,
// stop signal, log path, and the labels and annotations the kubelet finds it and reads it back by.
import type { Pod, Container as K8sContainer, EnvVar, ConfigMap, Secret } from 'kubernetes-types/core/v1';
import type { ContainerConfig, KeyValue, Mount, StopSignal } from '../runtime/cri-types';
import type { ApiClient } from '../../client/api-client';
import { containerLabels, RESTART_COUNT, TERMINATION_MESSAGE_PATH, TERMINATION_MESSAGE_POLICY } from './cri-labels';
import { linuxResources } from './container-resources';
import { expandVars } from './env-expansion';

export class ContainerConfigError extends Error {
  constructor(readonly reason: string, message: string) { super(message); }
}

interface EnvSources {
  configMaps: Map<string, ConfigMap | undefined>;
  secrets: Map<string, Secret | undefined>;
}

async function load<T>(client: ApiClient, cache: Map<string, T | undefined>, resource: string, ns: string, name: string): Promise<T | undefined> {
  if (cache.has(name)) return cache.get(name);
  const obj = await client.find<T & { metadata?: object }>({ group: '', version: 'v1', resource, namespace: ns }, name);
  cache.set(name, obj);
  return obj;
}

function fieldValue(pod: Pod, path: string, podIP: string, nodeName: string, hostIP: string): string {
  const m = pod.metadata ?? {};
  switch (path) {
    case 'metadata.name': return m.name ?? '';
    case 'metadata.namespace': return m.namespace ?? '';
    case 'metadata.uid': return m.uid ?? '';
    case 'spec.nodeName': return nodeName;
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP': return hostIP;
    case 'status.hostIPs': return hostIP;
    case 'status.podIP': return podIP;
    case 'status.podIPs': return podIP;
  }
  const sub = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (sub) return (sub[1] === 'labels' ? m.labels : m.annotations)?.[sub[2]] ?? '';
  throw new ContainerConfigError('CreateContainerConfigError', `unsupported fieldRef ${path}`);
}

async function envValue(client: ApiClient, pod: Pod, c: K8sContainer, e: EnvVar, src: EnvSources, ctx: { podIP: string; nodeName: string; hostIP: string }): Promise<string | undefined> {
  const ns = pod.metadata!.namespace!;
  const from = e.valueFrom;
  if (!from) return e.value ?? '';
  if (from.fieldRef) return fieldValue(pod, from.fieldRef.fieldPath, ctx.podIP, ctx.nodeName, ctx.hostIP);
  if (from.configMapKeyRef) {
    const ref = from.configMapKeyRef;
    const cm = await load<ConfigMap>(client, src.configMaps, 'configmaps', ns, ref.name ?? '');
    const v = cm?.data?.[ref.key];
    if (v === undefined) {
      if (ref.optional) return undefined;
      throw new ContainerConfigError('CreateContainerConfigError', cm ? `couldn't find key ${ref.key} in ConfigMap ${ns}/${ref.name}` : `configmap "${ref.name}" not found`);
    }
    return v;
  }
  if (from.secretKeyRef) {
    const ref = from.secretKeyRef;
    const s = await load<Secret>(client, src.secrets, 'secrets', ns, ref.name ?? '');
    const v = s?.data?.[ref.key];
    if (v === undefined) {
      if (ref.optional) return undefined;
      throw new ContainerConfigError('CreateContainerConfigError', s ? `couldn't find key ${ref.key} in Secret ${ns}/${ref.name}` : `secret "${ref.name}" not found`);
    }
    return Buffer.from(v, 'base64').toString('utf8');
  }
  if (from.resourceFieldRef) {
    const r = from.resourceFieldRef;
    const target = r.containerName ? pod.spec?.containers.find((x) => x.name === r.containerName) ?? c : c;
    const [kind, res] = r.resource.split('.') as ['limits' | 'requests', string];
    const v = target.resources?.[kind]?.[res];
    return v === undefined ? '' : String(v);
  }
  return '';
}

export interface BuildContext {
  client: ApiClient;
  pod: Pod;
  container: K8sContainer;
  attempt: number;
  volumePaths: Map<string, string>;
  podIP: string;
  nodeName: string;
  hostIP: string;
  /** The image reference to run (after pulling: what CRI resolved). */
  image: string;
  /** The host file to mount at the container's terminationMessagePath. */
  terminationLog?: string;
}

/** `lifecycle.stopSignal` (Kubernetes 1.33+, not yet in kubernetes-types) as CRI's enum name. */
function stopSignal(c: K8sContainer): StopSignal | undefined {
  const signal = (c.lifecycle as { stopSignal?: string } | undefined)?.stopSignal?.toUpperCase();
  if (!signal) return undefined;
  return `SIGNAL_${signal.startsWith('SIG') ? signal : `SIG${signal}`}` as StopSignal;
}

export async function buildContainerConfig(b: BuildContext): Promise<ContainerConfig> {
  const { pod, container: c } = b;
  const src: EnvSources = { configMaps: new Map(), secrets: new Map() };
  const env = new Map<string, string>();
  const ns = pod.metadata!.namespace!;
  for (const ef of c.envFrom ?? []) {
    const prefix = ef.prefix ?? '';
    if (ef.configMapRef) {
      const cm = await load<ConfigMap>(b.client, src.configMaps, 'configmaps', ns, ef.configMapRef.name ?? '');
      if (!cm && !ef.configMapRef.optional) throw new ContainerConfigError('CreateContainerConfigError', `configmap "${ef.configMapRef.name}" not found`);
      for (const [k, v] of Object.entries(cm?.data ?? {})) env.set(prefix + k, v);
    }
    if (ef.secretRef) {
      const s = await load<Secret>(b.client, src.secrets, 'secrets', ns, ef.secretRef.name ?? '');
      if (!s && !ef.secretRef.optional) throw new ContainerConfigError('CreateContainerConfigError', `secret "${ef.secretRef.name}" not found`);
      for (const [k, v] of Object.entries(s?.data ?? {})) env.set(prefix + k, Buffer.from(v, 'base64').toString('utf8'));
    }
  }
  for (const e of c.env ?? []) {
    const v = await envValue(b.client, pod, c, e, src, b);
    if (v !== undefined) env.set(e.name, e.valueFrom ? v : expandVars(v, env));
  }
  const envs: KeyValue[] = [...env].map(([key, value]) => ({ key, value }));
  const mounts: Mount[] = [];
  for (const m of c.volumeMounts ?? []) {
    const host = b.volumePaths.get(m.name);
    if (!host) throw new ContainerConfigError('CreateContainerConfigError', `cannot find volume "${m.name}" to mount into container "${c.name}"`);
    mounts.push({ containerPath: m.mountPath, hostPath: m.subPath ? `${host}/${m.subPath}` : host, readonly: !!m.readOnly });
  }
  const termPath = c.terminationMessagePath ?? '/dev/termination-log';
  if (b.terminationLog && termPath) mounts.push({ containerPath: termPath, hostPath: b.terminationLog });
  const signal = stopSignal(c);
  return {
    metadata: { name: c.name, attempt: b.attempt },
    image: { image: b.image },
    command: c.command?.map((s) => expandVars(s, env)),
    args: c.args?.map((s) => expandVars(s, env)),
    workingDir: c.workingDir,
    envs,
    mounts,
    labels: containerLabels(pod, c.name),
    annotations: {
      [RESTART_COUNT]: String(b.attempt),
      [TERMINATION_MESSAGE_PATH]: termPath,
      [TERMINATION_MESSAGE_POLICY]: c.terminationMessagePolicy ?? 'File',
    },
    logPath: `${c.name}/${b.attempt}.log`,
    stdin: !!c.stdin,
    stdinOnce: !!c.stdinOnce,
    tty: !!c.tty,
    ...(signal ? { stopSignal: signal } : {}),
    linux: {
      resources: linuxResources(pod, c),
      securityContext: {
        privileged: !!c.securityContext?.privileged,
        runAsUser: c.securityContext?.runAsUser !== undefined ? { value: c.securityContext.runAsUser } : pod.spec?.securityContext?.runAsUser !== undefined ? { value: pod.spec.securityContext.runAsUser } : undefined,
        readonlyRootfs: !!c.securityContext?.readOnlyRootFilesystem,
        capabilities: c.securityContext?.capabilities ? { addCapabilities: c.securityContext.capabilities.add, dropCapabilities: c.securityContext.capabilities.drop } : undefined,
        namespaceOptions: { network: 'POD', pid: pod.spec?.shareProcessNamespace ? 'POD' : 'CONTAINER', ipc: 'POD' },
      },
    },
  };
}
