// Image pulls from a registry that demands authentication (Debian's docker-registry with htpasswd
// on 127.0.0.1, plain HTTP through a registries.yaml endpoint), seen through the real kubectl:
// without a pull secret the pod shows ErrImagePull, then ImagePullBackOff, with the registry's
// 401 in its events; with imagePullSecrets naming a kubernetes.io/dockerconfigjson secret (made by
// `kubectl create secret docker-registry`) or an older kubernetes.io/dockercfg one, it runs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushImage } from '../../src/kubelet/images/image-transfer';
import { startLocalRegistry, TEST_USER, type LocalRegistry } from '../kubelet/runtime/local-registry';
import {
  applyYaml, BUSYBOX, busyboxArchive, describedEvents, kubectlAsyncOk, kubectlPodLine, podManifest,
  startAgentCluster, until, type AgentCluster,
} from './agent-harness';

let registry: LocalRegistry;
let cluster: AgentCluster;
let configDir: string;
let image: string;
const server = () => cluster.server;

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject);
  });
}

before(async () => {
  registry = await startLocalRegistry({ auth: true });
  image = `${registry.host}/private/busybox:1`;
  await pushImage(busyboxArchive(), BUSYBOX, image, { tlsVerify: false, credentials: `${TEST_USER.username}:${TEST_USER.password}` });
  // Without this the tests below would prove nothing: the registry refuses anonymous pulls.
  assert.equal(await httpStatus(`http://${registry.host}/v2/private/busybox/manifests/1`), 401);
  configDir = mkdtempSync(join(tmpdir(), 'k8ts-pullauth-'));
  const registries = join(configDir, 'registries.yaml');
  writeFileSync(registries, `mirrors:\n  "${registry.host}":\n    endpoint:\n      - "http://${registry.host}"\n`);
  cluster = await startAgentCluster({ name: 'pullauth', octet: 76, agentFlags: ['--registries', registries] });
});

after(async () => {
  await cluster?.stop();
  await registry?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

/** A pod that pulls the private image on every start (so that no test finds it already present). */
const privatePod = (name: string, secret?: string) => podManifest(name, {
  ...(secret ? { imagePullSecrets: [{ name: secret }] } : {}),
  containers: [{ name: 'app', image, imagePullPolicy: 'Always', command: ['sleep', '3600'] }],
});

/** Waits for the pod's `kubectl get po` line to match; a timeout says what the pod's events were. */
async function untilKubectlLine(name: string, pattern: RegExp): Promise<string> {
  try {
    return await until(async () => {
      const line = await kubectlPodLine(server(), name);
      return line !== undefined && pattern.test(line) ? line : undefined;
    }, `kubectl get po ${name} to show ${pattern}`);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${await describedEvents(server(), name)}`);
  }
}

async function assertPulled(name: string): Promise<void> {
  await untilKubectlLine(name, new RegExp(`^${name}\\s+1/1\\s+Running\\s+0\\s`));
  const events = await describedEvents(server(), name);
  assert.match(events, new RegExp(`Normal\\s+Pulling\\s+.*Pulling image "${image}"`));
  assert.match(events, new RegExp(`Normal\\s+Pulled\\s+.*Successfully pulled image "${image}"`));
  assert.doesNotMatch(events, /Failed/);
}

describe('image pulls from a registry with authentication', { concurrency: 3 }, () => {
  it('without imagePullSecrets the pull is unauthorized: ErrImagePull, then ImagePullBackOff', async () => {
    await applyYaml(server(), privatePod('anonymous'));
    await untilKubectlLine('anonymous', /^anonymous\s+0\/1\s+ErrImagePull\s/);
    await untilKubectlLine('anonymous', /^anonymous\s+0\/1\s+ImagePullBackOff\s/);
    const events = await describedEvents(server(), 'anonymous');
    // The kubelet's wording, with containerd's error as gRPC prints it.
    assert.match(events, new RegExp(`Warning\\s+Failed\\s+.*Failed to pull image "${image}": rpc error: code = Unknown desc = .*401 Unauthorized`));
    assert.match(events, /Warning\s+Failed\s+.*Error: ErrImagePull/);
    assert.match(events, new RegExp(`Normal\\s+BackOff\\s+.*Back-off pulling image "${image}"`));
  });

  it('a kubernetes.io/dockerconfigjson secret from kubectl create secret docker-registry lets the pod pull and run', async () => {
    await kubectlAsyncOk(server(), ['create', 'secret', 'docker-registry', 'regcred',
      `--docker-server=${registry.host}`, `--docker-username=${TEST_USER.username}`, `--docker-password=${TEST_USER.password}`]);
    assert.equal(await kubectlAsyncOk(server(), ['get', 'secret', 'regcred', '-o', 'jsonpath={.type}']), 'kubernetes.io/dockerconfigjson');
    await applyYaml(server(), privatePod('with-secret', 'regcred'));
    await assertPulled('with-secret');
  });

  it('an older kubernetes.io/dockercfg secret (a URL key and an auth string) works too', async () => {
    const dockercfg = { [`http://${registry.host}`]: { auth: Buffer.from(`${TEST_USER.username}:${TEST_USER.password}`).toString('base64'), email: '' } };
    await applyYaml(server(), JSON.stringify({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'legacycred' }, type: 'kubernetes.io/dockercfg',
      data: { '.dockercfg': Buffer.from(JSON.stringify(dockercfg)).toString('base64') },
    }));
    await applyYaml(server(), privatePod('with-dockercfg', 'legacycred'));
    await assertPulled('with-dockercfg');
  });
});
