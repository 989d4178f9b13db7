import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegistries, renderHostsFiles, toCriAuth, RegistriesError } from '../../../src/kubelet/runtime/registries';
import { registryHost } from '../../../src/kubelet/pods/pull-credentials';

test('a docker.io mirror on a local registry becomes a hosts.toml with the mirror as a pull host', () => {
  const r = parseRegistries(`
mirrors:
  docker.io:
    endpoint:
      - "http://127.0.0.1:5000"
configs:
  "127.0.0.1:5000":
    tls:
      insecure_skip_verify: true
    auth:
      username: u
      password: p
`);
  const files = renderHostsFiles(r);
  const docker = files.get('docker.io')!;
  assert.match(docker, /^server = "https:\/\/registry-1\.docker\.io"$/m);
  assert.match(docker, /^\[host\."http:\/\/127\.0\.0\.1:5000"\]\n {2}capabilities = \["pull", "resolve"\]\n {2}skip_verify = true$/m);
  assert.match(files.get('127.0.0.1:5000')!, /^skip_verify = true$/m);
  assert.deepEqual(toCriAuth(r.configs?.[registryHost('127.0.0.1:5000/app:1')]?.auth), { username: 'u', password: 'p', auth: undefined, identityToken: undefined });
  assert.equal(registryHost('nginx:latest'), 'docker.io');
  assert.equal(registryHost('library/nginx'), 'docker.io');
  assert.equal(registryHost('localhost/app'), 'localhost');
});

test('bad registries files are refused with the path of the mistake', () => {
  assert.throws(() => parseRegistries('mirrors:\n  docker.io:\n    endpoint: http://x\n'), (e: Error) => e instanceof RegistriesError && /mirrors\.docker\.io\.endpoint must be a list/.test(e.message));
  assert.throws(() => parseRegistries('- a\n- b\n'), /expected a mapping/);
  assert.deepEqual(parseRegistries(''), {});
});
