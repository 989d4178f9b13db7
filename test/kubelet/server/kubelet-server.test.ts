import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { ensurePki, issueCertificate, type ClusterPki, type KeyPairPem } from '../../../src/apiserver/auth/pki';
import { startKubeletServer, type RunningKubeletServer } from '../../../src/kubelet/server/kubelet-server';
import type { CriClient } from '../../../src/kubelet/runtime/cri-client';

let dir: string;
let pki: ClusterPki;
let otherCa: ClusterPki;
let server: RunningKubeletServer;

const waiting: Pod = {
  metadata: { name: 'web', namespace: 'default', uid: 'u1' },
  spec: { containers: [{ name: 'app' }] },
  status: { containerStatuses: [{ name: 'app', image: 'i', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] },
};

// Just what the endpoints under test ask the runtime.
const cri = {
  listPodSandbox: async () => [{ id: 's1', state: 'SANDBOX_READY', createdAt: 0, labels: {}, annotations: {}, runtimeHandler: '' }],
  listContainers: async () => [{ id: 'c1', state: 'CONTAINER_RUNNING', createdAt: 0, labels: {}, annotations: {}, podSandboxId: 's1', imageRef: '', imageId: '' }],
} as unknown as CriClient;

function get(path: string, identity?: KeyPairPem, headers: Record<string, string> = {}): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port: server.port, path, rejectUnauthorized: false, cert: identity?.certPem, key: identity?.keyPem, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-kubelet-server-'));
  pki = await ensurePki(join(dir, 'cluster'));
  otherCa = await ensurePki(join(dir, 'other'));
  server = await startKubeletServer({ port: 0, nodeName: 'n1', dataDir: join(dir, 'agent'), caPem: pki.ca.certPem });
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('callers without a certificate of the cluster CA are refused', async () => {
  assert.equal((await get('/healthz')).code, 401);
  assert.equal((await get('/healthz', otherCa.admin)).code, 401, 'an admin certificate of another CA');
  const impostor = await issueCertificate(otherCa.ca, 'CN=kube-apiserver', { client: true });
  assert.equal((await get('/healthz', impostor)).code, 401, 'the API server name from another CA');
});

test('the API server (its serving certificate) and cluster admins are let in; other users are forbidden', async () => {
  assert.deepEqual(await get('/healthz', pki.serving), { code: 200, body: 'ok' });
  assert.deepEqual(await get('/healthz', pki.admin), { code: 200, body: 'ok' });
  const jane = await issueCertificate(pki.ca, 'CN=jane, O=developers', { client: true });
  const r = await get('/healthz', jane);
  assert.equal(r.code, 403);
  assert.match(r.body, /user=jane/);
});

test('until the agent hands over the runtime and pods, requests get 503; then they are served', async () => {
  assert.equal((await get('/pods', pki.admin)).code, 503);
  server.serve({ cri, pods: { get: (ns, name) => (ns === 'default' && name === 'web' ? waiting : undefined), list: () => [waiting] } });
  const pods = await get('/pods', pki.admin);
  assert.equal(pods.code, 200);
  assert.deepEqual(JSON.parse(pods.body).items.map((p: Pod) => p.metadata?.name), ['web']);
  const metrics = await get('/metrics', pki.admin);
  assert.match(metrics.body, /^kubelet_running_pods 1$/m);
  assert.match(metrics.body, /^kubelet_running_containers\{container_state="running"\} 1$/m);
});

test('container logs: an unknown pod is 404, a container that has not started says what it waits for', async () => {
  const missing = await get('/containerLogs/default/nosuch/app', pki.admin);
  assert.deepEqual(missing, { code: 404, body: 'pod "nosuch" does not exist' });
  const r = await get('/containerLogs/default/web/app', pki.admin);
  assert.deepEqual(r, { code: 400, body: 'container "app" in pod "web" is waiting to start: ContainerCreating' });
});

test('exec without an Upgrade header is a bad request; unknown paths are 404', async () => {
  assert.equal((await get('/exec/default/web/app?command=ls&output=1', pki.admin)).code, 400);
  assert.equal((await get('/nosuch', pki.admin)).code, 404);
});

test('a taken port is an error naming --kubelet-port, unless any port will do', async () => {
  await assert.rejects(startKubeletServer({ port: server.port, nodeName: 'n2', dataDir: join(dir, 'agent2') }), /--kubelet-port/);
  const other = await startKubeletServer({ port: server.port, anyPortIfTaken: true, nodeName: 'n2', dataDir: join(dir, 'agent2') });
  try {
    assert.notEqual(other.port, server.port);
  } finally {
    await other.close();
  }
});
