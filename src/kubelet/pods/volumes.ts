// Prepares a pod's volumes on the node before its containers start, under
// DATA/pods/<uid>/volumes/<plugin>/<name>: emptyDir (a directory, or tmpfs for medium Memory),
// hostPath, configMap, secret, downwardAPI and projected (config maps, secrets, downward API,
// the cluster CA and namespace). Returns, per volume name, the host path containers mount.
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Pod, Volume, KeyToPath, ConfigMap, Secret, DownwardAPIVolumeFile } from 'kubernetes-types/core/v1';
import type { ApiClient } from '../../client/api-client';

export class VolumeError extends Error {
  constructor(readonly volume: string, message: string) { super(message); }
}

export interface VolumeContext {
  client: ApiClient;
  podsDir: string;
  /** The cluster CA, for the projected service-account volume's ca.crt. */
  caPem?: string;
}

export function podDir(podsDir: string, uid: string): string {
  return join(podsDir, uid);
}

function writeFiles(dir: string, files: Array<{ path: string; data: Buffer; mode?: number }>, defaultMode: number): void {
  // Rewritten whole each time, so keys removed from the source disappear from the volume.
  if (existsSync(dir)) for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.data);
    chmodSync(p, f.mode ?? defaultMode);
  }
}

function selectItems(data: Record<string, Buffer>, items: KeyToPath[] | undefined, source: string, volume: string, optional: boolean): Array<{ path: string; data: Buffer; mode?: number }> {
  if (!items?.length) return Object.entries(data).map(([k, v]) => ({ path: k, data: v }));
  return items.flatMap((it) => {
    if (!(it.key in data)) {
      if (optional) return [];
      throw new VolumeError(volume, `configmap references non-existent config key: ${it.key}`.replace('configmap', source));
    }
    return [{ path: it.path, data: data[it.key], mode: it.mode }];
  });
}

async function readConfigMap(ctx: VolumeContext, ns: string, name: string): Promise<Record<string, Buffer> | undefined> {
  const cm = await ctx.client.find<ConfigMap>({ group: '', version: 'v1', resource: 'configmaps', namespace: ns }, name);
  if (!cm) return undefined;
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(cm.data ?? {})) out[k] = Buffer.from(v);
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) out[k] = Buffer.from(v, 'base64');
  return out;
}

async function readSecret(ctx: VolumeContext, ns: string, name: string): Promise<Record<string, Buffer> | undefined> {
  const s = await ctx.client.find<Secret>({ group: '', version: 'v1', resource: 'secrets', namespace: ns }, name);
  return s && Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
}

function downwardValue(pod: Pod, f: DownwardAPIVolumeFile): string {
  const fp = f.fieldRef?.fieldPath ?? '';
  const meta = pod.metadata ?? {};
  const kv = (m: Record<string, string> | undefined) => Object.keys(m ?? {}).sort().map((k) => `${k}=${JSON.stringify(m![k])}`).join('\n');
  if (fp === 'metadata.name') return meta.name ?? '';
  if (fp === 'metadata.namespace') return meta.namespace ?? '';
  if (fp === 'metadata.uid') return meta.uid ?? '';
  if (fp === 'metadata.labels') return kv(meta.labels);
  if (fp === 'metadata.annotations') return kv(meta.annotations);
  const sub = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fp);
  if (sub) return (sub[1] === 'labels' ? meta.labels : meta.annotations)?.[sub[2]] ?? '';
  if (f.resourceFieldRef) return '';
  throw new VolumeError(f.path, `unsupported downward API field ${fp}`);
}

async function sourceFiles(ctx: VolumeContext, pod: Pod, vol: Volume): Promise<Array<{ path: string; data: Buffer; mode?: number }> | undefined> {
  const ns = pod.metadata!.namespace!;
  if (vol.configMap) {
    const data = await readConfigMap(ctx, ns, vol.configMap.name ?? '');
    if (!data) {
      if (vol.configMap.optional) return [];
      throw new VolumeError(vol.name, `configmap "${vol.configMap.name}" not found`);
    }
    return selectItems(data, vol.configMap.items, 'configmap', vol.name, !!vol.configMap.optional);
  }
  if (vol.secret) {
    const data = await readSecret(ctx, ns, vol.secret.secretName ?? '');
    if (!data) {
      if (vol.secret.optional) return [];
      throw new VolumeError(vol.name, `secret "${vol.secret.secretName}" not found`);
    }
    return selectItems(data, vol.secret.items, 'secret', vol.name, !!vol.secret.optional);
  }
  if (vol.downwardAPI) {
    return (vol.downwardAPI.items ?? []).map((f) => ({ path: f.path, data: Buffer.from(downwardValue(pod, f)), mode: f.mode }));
  }
  if (vol.projected) {
    const out: Array<{ path: string; data: Buffer; mode?: number }> = [];
    for (const src of vol.projected.sources ?? []) {
      if (src.configMap) {
        const name = src.configMap.name ?? '';
        let data = await readConfigMap(ctx, ns, name);
        // kube-root-ca.crt is published by a controller moments after the namespace: fall back to the CA we hold.
        if (!data && name === 'kube-root-ca.crt' && ctx.caPem) data = { 'ca.crt': Buffer.from(ctx.caPem) };
        if (!data) { if (src.configMap.optional) continue; throw new VolumeError(vol.name, `configmap "${name}" not found`); }
        out.push(...selectItems(data, src.configMap.items, 'configmap', vol.name, !!src.configMap.optional));
      } else if (src.secret) {
        const data = await readSecret(ctx, ns, src.secret.name ?? '');
        if (!data) { if (src.secret.optional) continue; throw new VolumeError(vol.name, `secret "${src.secret.name}" not found`); }
        out.push(...selectItems(data, src.secret.items, 'secret', vol.name, !!src.secret.optional));
      } else if (src.downwardAPI) {
        out.push(...(src.downwardAPI.items ?? []).map((f) => ({ path: f.path, data: Buffer.from(downwardValue(pod, f)), mode: f.mode })));
      } else if (src.serviceAccountToken) {
        const token = await serviceAccountToken(ctx, pod, src.serviceAccountToken.audience, src.serviceAccountToken.expirationSeconds ?? 3600);
        out.push({ path: src.serviceAccountToken.path, data: Buffer.from(token) });
      }
    }
    return out;
  }
  return undefined;
}

interface CachedToken { token: string; refreshAt: number }
/** Tokens per pod uid and audience, refreshed once 80% of their lifetime has passed (as the kubelet does). */
const tokenCache = new Map<string, CachedToken>();

/** A token for the pod's service account, bound to the pod, from the TokenRequest API. */
async function serviceAccountToken(ctx: VolumeContext, pod: Pod, audience: string | undefined, expirationSeconds: number): Promise<string> {
  const key = `${pod.metadata!.uid}/${audience ?? ''}/${expirationSeconds}`;
  const cached = tokenCache.get(key);
  if (cached && cached.refreshAt > Date.now()) return cached.token;
  const ns = pod.metadata!.namespace!;
  const sa = pod.spec?.serviceAccountName || 'default';
  const r = await ctx.client.request<{ status: { token: string; expirationTimestamp: string } }>('POST', `/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`, {
    apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest',
    spec: { audiences: audience ? [audience] : [], expirationSeconds, boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata!.name, uid: pod.metadata!.uid } },
  });
  const lifetimeMs = Date.parse(r.status.expirationTimestamp) - Date.now();
  tokenCache.set(key, { token: r.status.token, refreshAt: Date.now() + lifetimeMs * 0.8 });
  return r.status.token;
}

/** Forgets a pod's cached tokens (when the pod is gone). */
export function forgetPodTokens(uid: string): void {
  for (const k of tokenCache.keys()) if (k.startsWith(`${uid}/`)) tokenCache.delete(k);
}

/** Sets up every volume of `pod`; returns volume name -> host path. */
export async function prepareVolumes(ctx: VolumeContext, pod: Pod): Promise<Map<string, string>> {
  const base = join(podDir(ctx.podsDir, pod.metadata!.uid!), 'volumes');
  const paths = new Map<string, string>();
  for (const vol of pod.spec?.volumes ?? []) {
    if (vol.emptyDir) {
      const dir = join(base, 'kubernetes.io~empty-dir', vol.name);
      if (!existsSync(dir)) {
        mkdirSync(dir, { recursive: true, mode: 0o777 });
        chmodSync(dir, 0o777);
        if (vol.emptyDir.medium === 'Memory') {
          const size = vol.emptyDir.sizeLimit ? [`-o`, `size=${vol.emptyDir.sizeLimit}`] : [];
          execFileSync('mount', ['-t', 'tmpfs', ...size, 'tmpfs', dir]);
        }
      }
      paths.set(vol.name, dir);
      continue;
    }
    if (vol.hostPath) {
      const p = vol.hostPath.path;
      const type = vol.hostPath.type ?? '';
      if (type === 'DirectoryOrCreate' && !existsSync(p)) mkdirSync(p, { recursive: true, mode: 0o755 });
      else if (type === 'FileOrCreate' && !existsSync(p)) { mkdirSync(dirname(p), { recursive: true }); writeFileSync(p, ''); }
      else if ((type === 'Directory' || type === 'File' || type === 'Socket') && !existsSync(p)) throw new VolumeError(vol.name, `hostPath type check failed: ${p} does not exist`);
      paths.set(vol.name, p);
      continue;
    }
    const files = await sourceFiles(ctx, pod, vol);
    if (!files) throw new VolumeError(vol.name, `volume ${vol.name}: this volume type is not supported by k8ts`);
    const plugin = vol.configMap ? 'configmap' : vol.secret ? 'secret' : vol.downwardAPI ? 'downward-api' : 'projected';
    const dir = join(base, `kubernetes.io~${plugin}`, vol.name);
    const mode = vol.configMap?.defaultMode ?? vol.secret?.defaultMode ?? vol.downwardAPI?.defaultMode ?? vol.projected?.defaultMode ?? 0o644;
    writeFiles(dir, files, mode);
    paths.set(vol.name, dir);
  }
  return paths;
}

/** Removes a pod's volumes (unmounting tmpfs emptyDirs) and its directory. */
export function cleanupPodDir(podsDir: string, uid: string): void {
  forgetPodTokens(uid);
  const dir = podDir(podsDir, uid);
  const emptyDirs = join(dir, 'volumes', 'kubernetes.io~empty-dir');
  if (existsSync(emptyDirs)) {
    for (const name of readdirSync(emptyDirs)) {
      try { execFileSync('umount', [join(emptyDirs, name)], { stdio: 'ignore' }); } catch { /* not a mount */ }
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
