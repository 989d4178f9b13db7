// Credentials for an image pull, as the kubelet finds them: the pod's imagePullSecrets
// (kubernetes.io/dockerconfigjson or dockercfg secrets, matched by registry host), then the
// node's registries.yaml `configs` for that registry.
import type { Pod, Secret } from 'kubernetes-types/core/v1';
import type { ApiClient } from '../../client/api-client';
import type { AuthConfig } from '../runtime/cri-types';

/** The registry host of an image reference; Docker Hub's names have none. */
export function registryHost(image: string): string {
  const first = image.split('/')[0];
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

type DockerAuths = Record<string, { username?: string; password?: string; auth?: string; identitytoken?: string }>;

function authsOf(secret: Secret): DockerAuths {
  const decode = (b64: string | undefined) => (b64 ? JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) : undefined);
  if (secret.type === 'kubernetes.io/dockerconfigjson') return (decode(secret.data?.['.dockerconfigjson'])?.auths ?? {}) as DockerAuths;
  if (secret.type === 'kubernetes.io/dockercfg') return (decode(secret.data?.['.dockercfg']) ?? {}) as DockerAuths;
  return {};
}

/** Does a docker config key (`https://index.docker.io/v1/`, `127.0.0.1:5000`, ...) name `host`? */
function keyMatches(key: string, host: string): boolean {
  const k = key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  if (host === 'docker.io') return ['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(k);
  return k === host;
}

export async function pullCredentials(client: ApiClient, pod: Pod, image: string, nodeAuth: (host: string) => AuthConfig | undefined): Promise<AuthConfig | undefined> {
  const host = registryHost(image);
  for (const ref of pod.spec?.imagePullSecrets ?? []) {
    const secret = await client.find<Secret>({ group: '', version: 'v1', resource: 'secrets', namespace: pod.metadata!.namespace! }, ref.name ?? '');
    if (!secret) continue; // the kubelet skips missing pull secrets too
    for (const [key, a] of Object.entries(authsOf(secret))) {
      // No serverAddress, as the kubelet sends none: containerd would withhold the credentials from
      // any host that differs from it (a mirror endpoint), and cannot parse a bare `host:port`.
      if (keyMatches(key, host)) return { username: a.username, password: a.password, auth: a.auth, identityToken: a.identitytoken };
    }
  }
  return nodeAuth(host);
}
