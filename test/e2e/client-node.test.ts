// The official JavaScript client (@kubernetes/client-node) against a real server: create, list,
// patch (strategic merge, JSON patch), watch and delete pods.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { type Server, startServer, eventually } from './harness';

let server: Server;
let kc: k8s.KubeConfig;
before(async () => {
  server = await startServer();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(server.kubeconfig);
});
after(async () => { await server?.stop(); });

const pod = (name: string): k8s.V1Pod => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, labels: { app: 'client-node' } },
  spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
});

test('client-node creates, lists, patches, watches and deletes pods', async () => {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const created = await core.createNamespacedPod({ namespace: 'default', body: pod('cn-1') });
  assert.equal(created.metadata?.name, 'cn-1');
  assert.ok(created.metadata?.uid);
  assert.equal(created.spec?.containers[0].imagePullPolicy, 'IfNotPresent');

  const events: Array<[string, string]> = [];
  const watch = new k8s.Watch(kc);
  const abort = await watch.watch('/api/v1/namespaces/default/pods', { labelSelector: 'app=client-node', resourceVersion: created.metadata?.resourceVersion }, (type, obj: k8s.V1Pod) => {
    events.push([type, obj.metadata?.name ?? '']);
  }, () => {});

  await core.createNamespacedPod({ namespace: 'default', body: pod('cn-2') });
  const list = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=client-node' });
  assert.deepEqual(list.items.map((p) => p.metadata?.name), ['cn-1', 'cn-2']);
  assert.ok(Number(list.metadata?.resourceVersion) > 0);

  const smp = await core.patchNamespacedPod({ name: 'cn-1', namespace: 'default', body: { metadata: { labels: { patched: 'smp' } } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch));
  assert.equal(smp.metadata?.labels?.patched, 'smp');
  assert.equal(smp.metadata?.labels?.app, 'client-node');
  const jp = await core.patchNamespacedPod({ name: 'cn-1', namespace: 'default', body: [{ op: 'replace', path: '/spec/containers/0/image', value: 'busybox:1.37' }] },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch));
  assert.equal(jp.spec?.containers[0].image, 'busybox:1.37');

  await core.deleteNamespacedPod({ name: 'cn-2', namespace: 'default' });
  await eventually(() => events.some(([t, n]) => t === 'DELETED' && n === 'cn-2'), `DELETED event, saw ${JSON.stringify(events)}`);
  assert.ok(events.some(([t, n]) => t === 'ADDED' && n === 'cn-2'), JSON.stringify(events));
  assert.ok(events.some(([t, n]) => t === 'MODIFIED' && n === 'cn-1'), JSON.stringify(events));
  abort.abort();

  await assert.rejects(core.readNamespacedPod({ name: 'cn-2', namespace: 'default' }), (e: { code?: number }) => e.code === 404);
});
