// The scheduler against a real in-process control plane, over HTTPS: fake nodes written through
// the API (status through nodes/status), pods placed by selector and by resources, an oversized
// pod left Pending with Kubernetes' FailedScheduling message, and retried when room appears.
// The scheduler under test serves its own scheduler name, so a default scheduler that the
// control plane may run itself cannot take its pods or add events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import { startControlPlane, type ControlPlane } from '../../src/cmd/control-plane';
import { ApiClient, ApiError } from '../../src/client/api-client';
import { loadKubeconfig } from '../../src/client/kubeconfig';
import { Scheduler } from '../../src/scheduler/scheduler';

const NODES = { group: '', version: 'v1', resource: 'nodes' };
const PODS = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };
const EVENTS = { group: '', version: 'v1', resource: 'events', namespace: 'default' };
const SCHEDULER = 'k8ts-test-scheduler';

let cp: ControlPlane;
let dir: string;
let api: ApiClient;
let scheduler: Scheduler;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-sched-'));
  cp = await startControlPlane({ dataDir: dir, port: 0, bindAddress: '127.0.0.1' });
  api = new ApiClient(loadKubeconfig(cp.kubeconfigPath), 'scheduler-test');
  scheduler = new Scheduler(new ApiClient(loadKubeconfig(cp.kubeconfigPath), 'k8ts-scheduler'), { schedulerName: SCHEDULER, initialBackoffMs: 100, maxBackoffMs: 400 }).start();
  await waitFor(async () => !!(await api.get({ ...PODS, resource: 'serviceaccounts' }, 'default').catch(() => undefined)));
});

after(async () => {
  scheduler?.stop();
  api?.close();
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor<T>(probe: () => Promise<T | undefined | false>, what = 'condition', ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Node writes race with the node IPAM controller's; the API server can answer such a patch with
 * a 409 although it names no resourceVersion, so retry those.
 */
async function patchNode(name: string, patch: unknown, sub?: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await api.patch(NODES, name, patch, 'application/merge-patch+json', sub);
      return;
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 409) || attempt >= 20) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A node as a kubelet would register it: the object, then its status, then (as the node
 * lifecycle controller does once it is Ready) without the not-ready taint put on at creation. */
async function addNode(name: string, labels: Record<string, string>, allocatable: Record<string, string>): Promise<void> {
  await api.create<Node>(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } });
  await patchNode(name, {
    status: {
      capacity: allocatable, allocatable,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    },
  }, 'status');
  await patchNode(name, { spec: { taints: null } });
}

async function createPod(name: string, requests: Record<string, string>, nodeSelector?: Record<string, string>, schedulerName = SCHEDULER): Promise<void> {
  await api.create<Pod>(PODS, {
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { schedulerName, nodeSelector, containers: [{ name: 'c', image: 'busybox:1.36', resources: { requests } }] },
  });
}

const nodeOf = (name: string) => waitFor(async () => (await api.get<Pod>(PODS, name)).spec?.nodeName, `${name} to be bound`);

async function events(pod: string, reason: string): Promise<Event[]> {
  const list = await api.list<Event>(EVENTS, `fieldSelector=${encodeURIComponent(`involvedObject.name=${pod},reason=${reason}`)}`);
  return list.items;
}

const tooBigFor = (n: number) =>
  `0/${n} nodes are available: ${n} Insufficient cpu. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.`;

test('pods are bound by node selector and by resources, with a Scheduled event', async () => {
  await addNode('node-a', { disk: 'ssd' }, { cpu: '2', memory: '4Gi', pods: '10' });
  await addNode('node-b', { disk: 'hdd' }, { cpu: '4', memory: '8Gi', pods: '10' });
  await createPod('on-ssd', { cpu: '500m' }, { disk: 'ssd' });
  await createPod('needs-3-cpus', { cpu: '3' });
  assert.equal(await nodeOf('on-ssd'), 'node-a');
  assert.equal(await nodeOf('needs-3-cpus'), 'node-b');

  const bound = await api.get<Pod>(PODS, 'on-ssd');
  assert.equal(bound.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status, 'True');
  const [scheduled] = await waitFor(async () => { const e = await events('on-ssd', 'Scheduled'); return e.length ? e : undefined; }, 'Scheduled event');
  assert.equal(scheduled.message, 'Successfully assigned default/on-ssd to node-a');
  assert.equal(scheduled.type, 'Normal');
  assert.equal(scheduled.source?.component, SCHEDULER);
});

test('pods for another scheduler are left alone', async () => {
  await createPod('not-ours', {}, undefined, 'someone-else');
  await createPod('ours', {}, { disk: 'hdd' });
  assert.equal(await nodeOf('ours'), 'node-b');
  assert.equal((await api.get<Pod>(PODS, 'not-ours')).spec?.nodeName, undefined);
  assert.deepEqual(await events('not-ours', 'FailedScheduling'), []);
});

test('a pod too big for every node stays Pending with PodScheduled=False and a FailedScheduling event', async () => {
  await createPod('huge', { cpu: '16' });
  const cond = await waitFor(async () => (await api.get<Pod>(PODS, 'huge')).status?.conditions?.find((c) => c.type === 'PodScheduled'), 'PodScheduled condition');
  assert.equal(cond.status, 'False');
  assert.equal(cond.reason, 'Unschedulable');
  assert.equal(cond.message, tooBigFor(2));
  const pod = await api.get<Pod>(PODS, 'huge');
  assert.equal(pod.spec?.nodeName, undefined);
  assert.equal(pod.status?.phase, 'Pending');

  const [failed] = await waitFor(async () => { const e = await events('huge', 'FailedScheduling'); return e.length ? e : undefined; }, 'FailedScheduling event');
  assert.equal(failed.message, tooBigFor(2));
  assert.equal(failed.type, 'Warning');
  assert.equal(failed.source?.component, SCHEDULER);
  assert.equal(failed.reportingComponent, SCHEDULER);
  assert.equal(failed.involvedObject.kind, 'Pod');
  assert.equal(failed.involvedObject.uid, pod.metadata?.uid);
  assert.equal(failed.count, 1);
});

test('a node change that does not make room retries the pod and counts the same event again', async () => {
  // More cpu on node-a, still far too little: the pod is retried (after its back-off) and fails the same way.
  await patchNode('node-a', { status: { allocatable: { cpu: '3', memory: '4Gi', pods: '10' } } }, 'status');
  const [again] = await waitFor(async () => { const e = await events('huge', 'FailedScheduling'); return e[0]?.count === 2 ? e : undefined; }, 'event count 2');
  assert.equal(again.message, tooBigFor(2));
  assert.equal((await events('huge', 'FailedScheduling')).length, 1, 'one event object, counted twice');
});

test('a pod waiting for room is placed when a bound pod finishes', async () => {
  await createPod('waits', { cpu: '3' });
  const cond = await waitFor(async () => (await api.get<Pod>(PODS, 'waits')).status?.conditions?.find((c) => c.type === 'PodScheduled'), 'PodScheduled condition');
  assert.equal(cond.status, 'False');
  // node-a has 2.5 of 3 cpus free, node-b 1 of 4.
  assert.equal(cond.message, tooBigFor(2));
  await api.patch(PODS, 'needs-3-cpus', { status: { phase: 'Succeeded' } }, 'application/merge-patch+json', 'status');
  assert.equal(await nodeOf('waits'), 'node-b');
});

test('the oversized pod is scheduled once a big enough node is added', async () => {
  await addNode('node-big', {}, { cpu: '32', memory: '64Gi', pods: '10' });
  assert.equal(await nodeOf('huge'), 'node-big');
  const [scheduled] = await waitFor(async () => { const e = await events('huge', 'Scheduled'); return e.length ? e : undefined; }, 'Scheduled event');
  assert.equal(scheduled.message, 'Successfully assigned default/huge to node-big');
  const cond = (await api.get<Pod>(PODS, 'huge')).status?.conditions?.find((c) => c.type === 'PodScheduled');
  assert.equal(cond?.status, 'True');
});
