// Writes the admin kubeconfig that `k8ts server` leaves in its data dir.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { KeyPairPem } from './pki';

const b64 = (s: string) => Buffer.from(s).toString('base64');

export function kubeconfigYaml(server: string, caPem: string, client: KeyPairPem, name = 'default'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, 'certificate-authority-data': b64(caPem) } }],
    users: [{ name, user: { 'client-certificate-data': b64(client.certPem), 'client-key-data': b64(client.keyPem) } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
    preferences: {},
  });
}

export function writeKubeconfig(path: string, server: string, caPem: string, client: KeyPairPem): void {
  writeFileSync(path, kubeconfigYaml(server, caPem, client), { mode: 0o600 });
}
