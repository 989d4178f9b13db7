// metrics.k8s.io/v1beta1 against an in-process control plane and a stand-in kubelet serving
// /stats/summary: discovery, lists with namespaces and selectors, gets, and what is NotFound.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Pod } from 'kubernetes-types/core/v1';
import { startControlPlane, type ControlPlane } from '../../../src/cmd/control-plane';
import { ApiClient } from '../../../src/client/api-client';
import { loadKubeconfig } from '../../../src/client/kubeconfig';
import { ensureServingCert } from '../../../src/kubelet/server/serving-cert';
import type { PodSummary, Summary } from '../../../src/kubelet/server/stats-summary';

let cp: ControlPlane;
let dir: string;
let api: ApiClient;
let kubelet: https.Server;
let summary: Summary;

const M = '/apis/metrics.k8s.io/v1beta1';
const T = '2026-11-28T10:00:00Z';

function podSummary(pod: Pod, cpu: number, memory: number): PodSummary {
  const { name, namespace, uid } = pod.metadata!;
  return {
    podRef: { name: name!, namespace: namespace!, uid: uid! }, startTime: T,
    containers: [{ name: 'c', startTime: T, cpu: { time: T, usageNanoCores: cpu }, memory: { time: T, workingSetBytes: memory } }],
    cpu: { time: T, usageNanoCores: cpu }, memory: { time: T, workingSetBytes: memory },
  };
}

async function node(name: string, port: number): Promise<void> {
  await api.request('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { tier: name } } });
  await api.request('PATCH', `/api/v1/nodes/${name}/status`, {
    status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: port } }, allocatable: { cpu: '2', memory: '4Gi' } },
  }, 'application/merge-patch+json');
}

async function pod(namespace: string, name: string, nodeName: string | undefined, labels: Record<string, string>, running = true): Promise<Pod> {
  const created = await api.request<Pod>('POST', `/api/v1/namespaces/${namespace}/pods`, {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels },
    spec: { schedulerName: 'no-scheduler', ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'busybox:1.36' }] },
  });
  if (!running) return created;
  return api.request<Pod>('PATCH', `/api/v1/namespaces/${namespace}/pods/${name}/status`, { status: { phase: 'Running' } }, 'application/merge-patch+json');
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-metrics-'));
  cp = await startControlPlane({ dataDir: dir, port: 0, bindAddress: '127.0.0.1' });
  api = new ApiClient(loadKubeconfig(cp.kubeconfigPath), 'metrics-api-test/1.0');
  const cert = await ensureServingCert(join(dir, 'kubelet'), 'n1', ['127.0.0.1']);
  kubelet = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    if (req.url !== '/stats/summary') { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(summary));
  });
  await new Promise<void>((r) => kubelet.listen(0, '127.0.0.1', r));
  // n2's kubelet port has nothing listening: a node whose kubelet cannot be reached.
  const closed = https.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  await node('n1', (kubelet.address() as AddressInfo).port);
  await node('n2', closedPort);
  await api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
  const web = await pod('default', 'web', 'n1', { app: 'web' });
  const db = await pod('default', 'db', 'n1', { app: 'db' });
  const x = await pod('other', 'x', 'n1', { app: 'web' });
  const far = await pod('default', 'far', 'n2', { app: 'web' });
  await pod('default', 'pending', undefined, { app: 'web' }, false);
  summary = {
    node: { nodeName: 'n1', startTime: T, cpu: { time: T, usageNanoCores: 250_000_000 }, memory: { time: T, workingSetBytes: 1024 ** 3 } },
    pods: [podSummary(web, 3_000_000, 2 * 1024 ** 2), podSummary(db, 1234567, 4096), podSummary(x, 0, 1024), podSummary(far, 1, 1)],
  };
});
after(async () => {
  api?.close();
  kubelet?.close();
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Item { metadata: { name: string; namespace?: string }; containers?: Array<{ usage: { cpu: string; memory: string } }>; usage?: { cpu: string; memory: string } }
const names = (list: { items: Item[] }) => list.items.map((i) => (i.metadata.namespace ? `${i.metadata.namespace}/${i.metadata.name}` : i.metadata.name));

test('discovery lists the metrics group with nodes and pods, get and list only', async () => {
  const groups = await api.request<{ groups: Array<{ name: string; preferredVersion: { groupVersion: string } }> }>('GET', '/apis');
  assert.equal(groups.groups.find((g) => g.name === 'metrics.k8s.io')?.preferredVersion.groupVersion, 'metrics.k8s.io/v1beta1');
  const group = await api.request<{ kind: string; versions: unknown[] }>('GET', '/apis/metrics.k8s.io');
  assert.equal(group.kind, 'APIGroup');
  assert.deepEqual(group.versions, [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }]);
  const list = await api.request<{ groupVersion: string; resources: Array<{ name: string; namespaced: boolean; kind: string; verbs: string[] }> }>('GET', M);
  assert.equal(list.groupVersion, 'metrics.k8s.io/v1beta1');
  assert.deepEqual(list.resources.map((r) => [r.name, r.namespaced, r.kind, r.verbs.join(',')]), [
    ['nodes', false, 'NodeMetrics', 'get,list'], ['pods', true, 'PodMetrics', 'get,list'],
  ]);
});

test('a namespace list has its Running pods that have figures, with usage as quantities', async () => {
  const list = await api.request<{ kind: string; apiVersion: string; items: Item[] }>('GET', `${M}/namespaces/default/pods`);
  assert.equal(list.kind, 'PodMetricsList');
  assert.equal(list.apiVersion, 'metrics.k8s.io/v1beta1');
  // far: its kubelet does not answer; pending: not Running.
  assert.deepEqual(names(list), ['default/db', 'default/web']);
  assert.deepEqual(list.items.map((i) => i.containers![0].usage), [{ cpu: '1234567n', memory: '4Ki' }, { cpu: '3m', memory: '2Mi' }]);
});

test('label and field selectors choose the pods; all namespaces lists them all', async () => {
  assert.deepEqual(names(await api.request('GET', `${M}/namespaces/default/pods?labelSelector=app%3Dweb`)), ['default/web']);
  assert.deepEqual(names(await api.request('GET', `${M}/namespaces/default/pods?fieldSelector=metadata.name%3Ddb`)), ['default/db']);
  assert.deepEqual(names(await api.request('GET', `${M}/pods`)), ['default/db', 'default/web', 'other/x']);
  assert.deepEqual(names(await api.request('GET', `${M}/pods?labelSelector=app%3Dweb`)), ['default/web', 'other/x']);
});

test('get of one pod gives its PodMetrics; unknown pods and pods without figures are NotFound', async () => {
  const web = await api.request<Item & { kind: string; window: string }>('GET', `${M}/namespaces/default/pods/web`);
  assert.equal(web.kind, 'PodMetrics');
  assert.deepEqual(web.containers, [{ name: 'c', usage: { cpu: '3m', memory: '2Mi' } }]);
  assert.match(web.window, /^(\d+h)?(\d+m)?[\d.]+(ms|s)$/);
  const cases: Array<[string, string]> = [
    ['namespaces/default/pods/nope', 'pods "nope" not found'],
    ['namespaces/default/pods/pending', 'pods.metrics.k8s.io "default/pending" not found'],
    ['namespaces/default/pods/far', 'pods.metrics.k8s.io "default/far" not found'],
    ['nodes/n3', 'nodes "n3" not found'],
    ['nodes/n2', 'nodes.metrics.k8s.io "n2" not found'],
  ];
  for (const [path, message] of cases) {
    const r = await api.send('GET', `${M}/${path}`);
    assert.equal(r.status, 404, path);
    const status = JSON.parse(r.text) as { kind: string; reason: string; message: string };
    assert.deepEqual([status.kind, status.reason, status.message], ['Status', 'NotFound', message]);
  }
});

test('nodes: the list has those whose kubelet answered, selectable by label; get gives one', async () => {
  const list = await api.request<{ kind: string; items: Item[] }>('GET', `${M}/nodes`);
  assert.equal(list.kind, 'NodeMetricsList');
  assert.deepEqual(names(list), ['n1']);
  assert.deepEqual(list.items[0].usage, { cpu: '250m', memory: '1Gi' });
  assert.deepEqual(names(await api.request('GET', `${M}/nodes?labelSelector=tier%3Dn2`)), []);
  const n1 = await api.request<Item & { kind: string }>('GET', `${M}/nodes/n1`);
  assert.equal(n1.kind, 'NodeMetrics');
});

test('the metrics API is read-only and has no other paths', async () => {
  assert.equal((await api.send('GET', `${M}/pods?watch=true`)).status, 405);
  assert.equal((await api.send('POST', `${M}/namespaces/default/pods`, { body: {} })).status, 405);
  assert.equal((await api.send('DELETE', `${M}/nodes/n1`)).status, 405);
  assert.equal((await api.send('GET', `${M}/namespaces/default/nodes`)).status, 404);
  assert.equal((await api.send('GET', `${M}/services`)).status, 404);
  assert.equal((await api.send('GET', '/apis/metrics.k8s.io/v1/pods')).status, 404);
});

test('kubectl get asks for a Table: name, summed cpu and memory, and window', async () => {
  const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
  const pods = await api.request<{ kind: string; columnDefinitions: Array<{ name: string }>; rows: Array<{ cells: unknown[]; object: { kind: string } }> }>(
    'GET', `${M}/namespaces/default/pods`, undefined, 'application/json', accept);
  assert.equal(pods.kind, 'Table');
  assert.deepEqual(pods.columnDefinitions.map((c) => c.name), ['Name', 'cpu', 'memory', 'Window']);
  assert.deepEqual(pods.rows.map((r) => r.cells.slice(0, 3)), [['db', '1234567n', '4Ki'], ['web', '3m', '2Mi']]);
  assert.equal(pods.rows[0].object.kind, 'PartialObjectMetadata');
  const n1 = await api.request<{ rows: Array<{ cells: unknown[] }> }>('GET', `${M}/nodes/n1`, undefined, 'application/json', accept);
  assert.deepEqual(n1.rows.map((r) => r.cells.slice(0, 3)), [['n1', '250m', '1Gi']]);
});
