// Which credentials a pull gets: the first of the pod's imagePullSecrets (dockerconfigjson or the
// older dockercfg) with an entry for the image's registry, else the node's registries.yaml; sent
// without a server address, as the kubelet sends them, so containerd applies them to mirrors too.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Secret } from 'kubernetes-types/core/v1';
import type { ApiClient } from '../../../src/client/api-client';
import { pullCredentials, registryHost } from '../../../src/kubelet/pods/pull-credentials';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secrets: Record<string, Secret> = {
  json: {
    metadata: { name: 'json' }, type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { '127.0.0.1:5000': { username: 'u', password: 'p', auth: b64('u:p') } } })) },
  },
  cfg: {
    metadata: { name: 'cfg' }, type: 'kubernetes.io/dockercfg',
    data: { '.dockercfg': b64(JSON.stringify({ 'https://registry.example:8443/v1/': { auth: b64('old:style'), email: '' } })) },
  },
  opaque: { metadata: { name: 'opaque' }, type: 'Opaque', data: { '.dockerconfigjson': b64('{}') } },
};
const client = { find: async (_r: unknown, name: string) => secrets[name] } as unknown as ApiClient;
const pod = (...names: string[]): Pod => ({ metadata: { name: 'p', namespace: 'default' }, spec: { containers: [], imagePullSecrets: names.map((name) => ({ name })) } });
const noNodeAuth = () => undefined;

describe('pull credentials', () => {
  it('finds the registry host of an image reference', () => {
    assert.equal(registryHost('127.0.0.1:5000/team/app:1'), '127.0.0.1:5000');
    assert.equal(registryHost('library/busybox'), 'docker.io');
    assert.equal(registryHost('busybox'), 'docker.io');
  });

  it('takes a dockerconfigjson entry for the host, with no server address', async () => {
    assert.deepEqual(await pullCredentials(client, pod('missing', 'opaque', 'json'), '127.0.0.1:5000/team/app:1', noNodeAuth),
      { username: 'u', password: 'p', auth: b64('u:p'), identityToken: undefined });
  });

  it('matches a dockercfg key written as a URL', async () => {
    const auth = await pullCredentials(client, pod('json', 'cfg'), 'registry.example:8443/app:1', noNodeAuth);
    assert.equal(auth?.auth, b64('old:style'));
    assert.equal(auth?.serverAddress, undefined);
  });

  it("falls back to the node's credentials when no secret names the registry", async () => {
    const node = { username: 'node', password: 'secret' };
    assert.deepEqual(await pullCredentials(client, pod('json', 'cfg'), 'other.example/app:1', (host) => (host === 'other.example' ? node : undefined)), node);
    assert.equal(await pullCredentials(client, pod(), 'busybox', noNodeAuth), undefined);
  });
});
