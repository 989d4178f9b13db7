import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import type { ApiClient, ResourcePath, WatchEventOf } from '../../src/client/api-client';
import { Informer, stripManagedFields } from '../../src/client/informer';

const PODS: ResourcePath = { group: '', version: 'v1', resource: 'pods' };
const managed = [{ manager: 'kubectl', operation: 'Update' as const, apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }];
const pod = (name: string, rv: string): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', resourceVersion: rv, managedFields: managed } });

/** A client that lists `items` and then delivers `events` on one watch that stays open. */
function fakeClient(items: Pod[], events: WatchEventOf<Pod>[]): ApiClient {
  return {
    list: async () => ({ metadata: { resourceVersion: '10' }, items }),
    watch: (_r: ResourcePath, _q: string, onEvent: (e: WatchEventOf<Pod>) => void) => {
      queueMicrotask(() => events.forEach(onEvent));
      return { stop: () => {}, done: new Promise<void>(() => {}) };
    },
  } as unknown as ApiClient;
}

test('a transform applies to listed and watched objects before the cache and the handlers see them', async () => {
  const client = fakeClient([pod('a', '5')], [{ type: 'ADDED', object: pod('b', '11') }, { type: 'MODIFIED', object: pod('a', '12') }]);
  const informer = new Informer<Pod>(client, PODS, '', stripManagedFields);
  const seen: Pod[] = [];
  informer.addHandlers({ onAdd: (p) => seen.push(p), onUpdate: (p) => seen.push(p) });
  informer.start();
  await informer.hasSynced;
  await new Promise((r) => setTimeout(r, 10));
  informer.stop();
  assert.deepEqual(seen.map((p) => `${p.metadata?.name}@${p.metadata?.resourceVersion}`), ['a@5', 'b@11', 'a@12']);
  for (const p of [...seen, ...informer.list()]) assert.equal(p.metadata?.managedFields, undefined);
  assert.equal(informer.get('default', 'a')?.metadata?.resourceVersion, '12');
});

test('without a transform the informer keeps objects as received', async () => {
  const informer = new Informer<Pod>(fakeClient([pod('a', '5')], []), PODS);
  informer.start();
  await informer.hasSynced;
  informer.stop();
  assert.deepEqual(informer.get('default', 'a')?.metadata?.managedFields, managed);
});

test('objects a transform drops are not kept: handlers see them come when they turn of interest and go when they stop', async () => {
  const bound = (name: string, rv: string, node?: string): Pod => ({ ...pod(name, rv), spec: { containers: [], nodeName: node } });
  const client = fakeClient([bound('listed-pending', '5'), bound('listed-bound', '6', 'n1')], [
    { type: 'ADDED', object: bound('p', '11') },
    { type: 'MODIFIED', object: bound('p', '12') },
    { type: 'MODIFIED', object: bound('p', '13', 'n1') },
    { type: 'MODIFIED', object: bound('listed-bound', '14') },
    { type: 'DELETED', object: bound('listed-pending', '15') },
    { type: 'DELETED', object: bound('p', '16', 'n1') },
  ]);
  // Keeps pods on a node only.
  const informer = new Informer<Pod>(client, PODS, '', (p) => (p.spec?.nodeName ? p : undefined));
  const seen: string[] = [];
  informer.addHandlers({
    onAdd: (p) => seen.push(`add ${p.metadata?.name}@${p.metadata?.resourceVersion}`),
    onUpdate: (p) => seen.push(`update ${p.metadata?.name}@${p.metadata?.resourceVersion}`),
    onDelete: (p) => seen.push(`delete ${p.metadata?.name}@${p.metadata?.resourceVersion}`),
  });
  informer.start();
  await informer.hasSynced;
  assert.deepEqual(informer.list().map((p) => p.metadata?.name), ['listed-bound']);
  await new Promise((r) => setTimeout(r, 10));
  informer.stop();
  assert.deepEqual(seen, [
    'add listed-bound@6',
    // p is of no interest until it is bound.
    'add p@13',
    // Dropped by the transform: reported gone with the last state that was kept.
    'delete listed-bound@6',
    'delete p@16',
  ]);
  assert.equal(informer.list().length, 0);
});
