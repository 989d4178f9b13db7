import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredObject } from '../../../src/api/object';
import { ALL_RESOURCES } from '../../../src/api/resources';
import { tableJsonParts, toTable } from '../../../src/apiserver/handlers/table';

const pods = ALL_RESOURCES.find((d) => d.resource === 'pods' && !d.group)!;
const pod = (name: string): StoredObject => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '7', creationTimestamp: '2024-01-02T03:04:05Z', labels: { app: 'x' } },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
  status: { phase: 'Pending' },
} as StoredObject);

for (const include of ['None', 'Metadata', 'Object'] as const) {
  test(`a Table in parts is the same JSON as toTable's (includeObject=${include})`, () => {
    const objs = [pod('a'), pod('b'), pod('c')];
    const now = new Date('2024-01-02T04:00:00Z');
    const meta = { resourceVersion: '9', continue: 'abc' };
    const parts = tableJsonParts(pods, objs, now, include, meta, 'meta.k8s.io/v1');
    assert.equal(`${parts.head}${[...parts.rows].join(',')}${parts.tail}`, JSON.stringify(toTable(pods, objs, now, include, meta, 'meta.k8s.io/v1')));
  });
}

/** Pods whose cells read metadata, spec and status, with managedFields first, last or absent in metadata. */
const richPods = (): StoredObject[] => [
  { ...pod('plain') },
  {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {} } } } } }], name: 'running', namespace: 'default', uid: 'u1', creationTimestamp: '2024-01-02T03:00:00Z', deletionTimestamp: '2024-01-02T03:59:00Z', resourceVersion: '8' },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }, { name: 'd', image: 'busybox' }], readinessGates: [{ conditionType: 'x/y' }] },
    status: { phase: 'Running', podIP: '10.0.0.5', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'c', ready: true, restartCount: 3, lastState: { terminated: { exitCode: 1, finishedAt: '2024-01-02T03:50:00Z' } }, state: { running: {} } }, { name: 'd', ready: false, restartCount: 0, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
  },
  {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'init', namespace: 'default', uid: 'u2', creationTimestamp: '2024-01-01T00:00:00Z', labels: { 'managedFields': '[]' }, managedFields: [{ manager: 'm', fieldsV1: {} }] },
    spec: { initContainers: [{ name: 'i', image: 'busybox' }], containers: [{ name: 'c', image: 'busybox' }] },
    status: { phase: 'Pending', initContainerStatuses: [{ name: 'i', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] },
  },
] as unknown as StoredObject[];

for (const include of ['None', 'Metadata', 'Object'] as const) {
  test(`a Table made from the objects' JSON text is the same JSON as toTable's (includeObject=${include})`, () => {
    const objs = richPods();
    const now = new Date('2024-01-02T04:00:00Z');
    const meta = { resourceVersion: '9' };
    // Compact text as the cache serves it, and indented text the scanner does not walk (parsed whole).
    const texts = [...objs.map((o) => JSON.stringify(o)), JSON.stringify(objs[1], null, 1)];
    const parts = tableJsonParts(pods, texts, now, include, meta, 'meta.k8s.io/v1');
    const expected = toTable(pods, [...objs, objs[1]], now, include, meta, 'meta.k8s.io/v1');
    assert.equal(`${parts.head}${[...parts.rows].join(',')}${parts.tail}`, JSON.stringify(expected));
  });
}

test('an empty Table in parts has no rows', () => {
  const parts = tableJsonParts(pods, [], new Date(), 'Metadata', { resourceVersion: '1' }, 'meta.k8s.io/v1beta1');
  const table = JSON.parse(`${parts.head}${[...parts.rows].join(',')}${parts.tail}`);
  assert.deepEqual(table.rows, []);
  assert.equal(table.apiVersion, 'meta.k8s.io/v1beta1');
});
