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
