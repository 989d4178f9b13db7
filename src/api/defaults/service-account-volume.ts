// What Kubernetes' ServiceAccount admission plugin does to a new pod: default the service
// account to "default", copy the account's imagePullSecrets, and mount a projected
// "kube-api-access-xxxxx" volume (a bound token, the cluster CA from the kube-root-ca.crt
// ConfigMap, and the pod's namespace) read-only at the well-known path in every container.
import type { Pod, ServiceAccount, Volume, VolumeMount } from 'kubernetes-types/core/v1';

export const DEFAULT_SERVICE_ACCOUNT_NAME = 'default';
export const SERVICE_ACCOUNT_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
export const SERVICE_ACCOUNT_VOLUME_PREFIX = 'kube-api-access-';
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
/** An hour plus seven seconds: the kubelet refreshes tokens well before, and the odd value marks them. */
export const SERVICE_ACCOUNT_TOKEN_EXPIRATION_SECONDS = 3607;
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** Kubernetes' alphabet for random name suffixes: no vowels and no look-alike digits. */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Five random characters, as generateName and this plugin append. */
export function randomNameSuffix(length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += SUFFIX_ALPHABET[Math.floor(Math.random() * SUFFIX_ALPHABET.length)];
  return s;
}

/** The projected volume source the plugin adds, with its defaults written out. */
export function serviceAccountTokenVolumeSource(): NonNullable<Volume['projected']> {
  return {
    defaultMode: 0o644,
    sources: [
      { serviceAccountToken: { expirationSeconds: SERVICE_ACCOUNT_TOKEN_EXPIRATION_SECONDS, path: 'token' } },
      { configMap: { name: ROOT_CA_CONFIGMAP, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  };
}

function shouldAutomount(pod: Pod, sa: ServiceAccount | undefined): boolean {
  if (typeof pod.spec?.automountServiceAccountToken === 'boolean') return pod.spec.automountServiceAccountToken;
  if (typeof sa?.automountServiceAccountToken === 'boolean') return sa.automountServiceAccountToken;
  return true;
}

/**
 * Applies the plugin to a pod being created, in place. `serviceAccount` is the pod's account
 * when the caller has looked it up (its automount preference and pull secrets apply).
 * Returns the reason the pod must be refused (a mirror pod referencing accounts or secrets).
 */
export function admitPodServiceAccount(pod: Pod, random: () => string = randomNameSuffix, serviceAccount?: ServiceAccount): string | undefined {
  const spec = pod.spec;
  if (!spec) return undefined;
  if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
    if (spec.serviceAccountName) return 'a mirror pod may not reference service accounts';
    if ((spec.volumes ?? []).some((v) => v.secret)) return 'a mirror pod may not reference secrets';
    return undefined;
  }
  if (!spec.serviceAccountName) spec.serviceAccountName = DEFAULT_SERVICE_ACCOUNT_NAME;

  if (shouldAutomount(pod, serviceAccount)) mountServiceAccountToken(pod, random);

  if ((spec.imagePullSecrets ?? []).length === 0 && (serviceAccount?.imagePullSecrets ?? []).length > 0) {
    spec.imagePullSecrets = serviceAccount!.imagePullSecrets!.map((s) => ({ ...s }));
  }
  return undefined;
}

function mountServiceAccountToken(pod: Pod, random: () => string): void {
  const spec = pod.spec!;
  const volumes = spec.volumes ?? [];
  const existing = volumes.find((v) => v.name?.startsWith(SERVICE_ACCOUNT_VOLUME_PREFIX));
  const names = new Set(volumes.map((v) => v.name));
  let name = existing?.name;
  while (!name || (!existing && names.has(name))) name = SERVICE_ACCOUNT_VOLUME_PREFIX + random();

  let needsVolume = false;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    if ((c.volumeMounts ?? []).some((m) => m.mountPath === SERVICE_ACCOUNT_TOKEN_MOUNT_PATH)) continue;
    const mount: VolumeMount = { name, readOnly: true, mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH };
    c.volumeMounts = [...(c.volumeMounts ?? []), mount];
    needsVolume = true;
  }
  if (!existing && needsVolume) spec.volumes = [...volumes, { name, projected: serviceAccountTokenVolumeSource() }];
}
