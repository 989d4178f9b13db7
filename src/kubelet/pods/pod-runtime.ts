// What the runtime holds for one pod, found by the labels the kubelet puts on everything it
// creates: the pod's sandboxes (newest first) and the latest and previous attempt of each of its
// containers, with their CRI statuses (and termination messages, read as the kubelet does).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import type { CriClient } from '../runtime/cri-client';
import type { Container as CriContainer, ContainerStatus as CriContainerStatus, PodSandbox, PodSandboxConfig } from '../runtime/cri-types';
import { POD_UID, CONTAINER_NAME, RESTART_COUNT, podLabels, podLogDirName } from './cri-labels';
import { terminationMessage } from './termination-message';
import type { SyncDeps } from './sync-deps';

/** The sandbox config of a pod (also needed to create its containers). */
export function sandboxConfig(deps: Pick<SyncDeps, 'logsDir'>, pod: Pod, attempt: number): PodSandboxConfig {
  const logDirectory = join(deps.logsDir, podLogDirName(pod));
  mkdirSync(logDirectory, { recursive: true });
  return {
    metadata: { name: pod.metadata!.name!, uid: pod.metadata!.uid!, namespace: pod.metadata!.namespace!, attempt },
    hostname: pod.spec?.hostname ?? pod.metadata!.name!,
    logDirectory,
    portMappings: (pod.spec?.containers ?? []).flatMap((c) => (c.ports ?? []).filter((p) => p.hostPort).map((p) => ({
      protocol: (p.protocol ?? 'TCP') as 'TCP' | 'UDP' | 'SCTP', containerPort: p.containerPort, hostPort: p.hostPort, hostIp: p.hostIP,
    }))),
    labels: podLabels(pod),
    annotations: pod.metadata?.annotations ?? {},
    linux: { securityContext: { namespaceOptions: { network: 'POD', pid: 'CONTAINER', ipc: 'POD' } } },
  };
}

export async function podSandboxes(cri: CriClient, uid: string): Promise<PodSandbox[]> {
  const all = await cri.listPodSandbox({ labelSelector: { [POD_UID]: uid } });
  return all.sort((a, b) => b.createdAt - a.createdAt);
}

/** The IP of the pod's ready sandbox, or '' when it has none. */
export async function podIPOf(cri: CriClient, uid: string): Promise<string> {
  const ready = (await podSandboxes(cri, uid)).find((s) => s.state === 'SANDBOX_READY');
  if (!ready) return '';
  return (await cri.podSandboxStatus(ready.id).catch(() => undefined))?.status?.network?.ip ?? '';
}

interface Attempts {
  latest: Map<string, CriContainer>;
  previous: Map<string, CriContainer>;
  /** Every attempt before the previous one. */
  older: CriContainer[];
}

/** Latest and previous attempt of each container of the pod, by name, and the older ones. */
export async function containerAttempts(cri: CriClient, uid: string): Promise<Attempts> {
  const list = await cri.listContainers({ labelSelector: { [POD_UID]: uid } });
  const byName = new Map<string, CriContainer[]>();
  for (const c of list) {
    const name = c.labels[CONTAINER_NAME];
    if (!name) continue;
    byName.set(name, [...(byName.get(name) ?? []), c]);
  }
  const latest = new Map<string, CriContainer>();
  const previous = new Map<string, CriContainer>();
  const older: CriContainer[] = [];
  for (const [name, cs] of byName) {
    cs.sort((a, b) => Number(b.annotations[RESTART_COUNT] ?? 0) - Number(a.annotations[RESTART_COUNT] ?? 0) || b.createdAt - a.createdAt);
    latest.set(name, cs[0]!);
    if (cs[1]) previous.set(name, cs[1]);
    older.push(...cs.slice(2));
  }
  return { latest, previous, older };
}

async function statusesOf(cri: CriClient, containers: Map<string, CriContainer>): Promise<Map<string, CriContainerStatus>> {
  const out = new Map<string, CriContainerStatus>();
  for (const [name, c] of containers) {
    try {
      const s = (await cri.containerStatus(c.id)).status;
      if (!s) continue;
      const message = terminationMessage(s);
      if (message) s.message = s.message ? `${s.message}: ${message}` : message;
      out.set(name, s);
    } catch { /* removed meanwhile */ }
  }
  return out;
}

/** CRI statuses of the latest and the previous attempt of each of the pod's containers. */
export async function readContainers(cri: CriClient, uid: string): Promise<{ containers: Map<string, CriContainerStatus>; previous: Map<string, CriContainerStatus> }> {
  const { latest, previous } = await containerAttempts(cri, uid);
  return { containers: await statusesOf(cri, latest), previous: await statusesOf(cri, previous) };
}
