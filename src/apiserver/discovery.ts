// Discovery documents: /api, /apis, /api/v1, /apis/<group>[/<version>] and /version, built from
// the registered descriptors so that kubectl finds every resource, its verbs and short names.
import { createHash } from 'node:crypto';
import type { ResourceDescriptor } from '../api/resource';

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-k8ts',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-28T00:00:00Z',
  goVersion: `node${process.versions.node}`,
  compiler: 'k8ts',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

const SUBRESOURCE_META: Record<string, { kind: (d: ResourceDescriptor) => string; group?: string; version?: string; verbs: string[] }> = {
  status: { kind: (d) => d.kind, verbs: ['get', 'patch', 'update'] },
  binding: { kind: () => 'Binding', verbs: ['create'] },
  finalize: { kind: () => 'Namespace', verbs: ['update'] },
  token: { kind: () => 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] },
  log: { kind: () => 'Pod', verbs: ['get'] },
  exec: { kind: () => 'PodExecOptions', verbs: ['create', 'get'] },
  attach: { kind: () => 'PodAttachOptions', verbs: ['create', 'get'] },
  portforward: { kind: () => 'PodPortForwardOptions', verbs: ['create', 'get'] },
  proxy: { kind: (d) => (d.kind === 'Node' ? 'NodeProxyOptions' : 'PodProxyOptions'), verbs: ['create', 'delete', 'get', 'patch', 'update'] },
  eviction: { kind: () => 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
};

function storageVersionHash(d: ResourceDescriptor): string {
  return createHash('sha256').update(`${d.group}/${d.version}/${d.kind}`).digest('base64').slice(0, 11);
}

export function apiResourceList(groupVersion: string, descs: ResourceDescriptor[]): unknown {
  const resources: unknown[] = [];
  for (const d of descs) {
    const r: Record<string, unknown> = { name: d.resource, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: d.verbs };
    if (d.shortNames?.length) r.shortNames = d.shortNames;
    if (d.categories?.length) r.categories = d.categories;
    // Views of one storage share its hash, as events.k8s.io and core events do in Kubernetes.
    r.storageVersionHash = storageVersionHash(d.storedAs?.resource ?? d);
    resources.push(r);
    for (const sub of d.subresources ?? []) {
      const m = SUBRESOURCE_META[sub];
      if (!m) continue;
      const s: Record<string, unknown> = { name: `${d.resource}/${sub}`, singularName: '', namespaced: d.namespaced, kind: m.kind(d), verbs: m.verbs };
      if (m.group) { s.group = m.group; s.version = m.version; }
      resources.push(s);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

export function apiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupVersions(descs: ResourceDescriptor[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const d of descs) {
    if (!d.group) continue;
    const vs = groups.get(d.group) ?? [];
    if (!vs.includes(d.version)) vs.push(d.version);
    groups.set(d.group, vs);
  }
  return groups;
}

function apiGroup(name: string, versions: string[]): Record<string, unknown> {
  const gvs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: gvs, preferredVersion: gvs[0] };
}

export function apiGroupList(descs: ResourceDescriptor[]): unknown {
  const groups = [...groupVersions(descs)].map(([name, vs]) => apiGroup(name, vs));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroupDoc(descs: ResourceDescriptor[], group: string): unknown | undefined {
  const vs = groupVersions(descs).get(group);
  return vs ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, vs) } : undefined;
}
