import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PatchMetaLookup } from '../../../src/api/patch-meta-lookup';
import type { Definitions } from '../../../src/api/schema';
import { POD, podDefinitions } from './pod-definitions';

const pod = PatchMetaLookup.forDefinition(podDefinitions, POD)!;
const podSpec = pod.field('spec').lookup;

test('merging lists report strategy merge and their merge key, down through list items', () => {
  assert.deepEqual(podSpec.list('containers').meta, { strategy: 'merge', retainKeys: false, mergeKey: 'name' });
  const container = podSpec.list('containers').items;
  assert.deepEqual(container.list('ports').meta, { strategy: 'merge', retainKeys: false, mergeKey: 'containerPort' });
  assert.deepEqual(container.list('volumeMounts').meta, { strategy: 'merge', retainKeys: false, mergeKey: 'mountPath' });
  assert.deepEqual(pod.field('metadata').lookup.list('finalizers').meta, { strategy: 'merge', retainKeys: false, mergeKey: '' });
});

test('retainKeys is split off the strategy list', () => {
  assert.deepEqual(podSpec.list('volumes').meta, { strategy: 'merge', retainKeys: true, mergeKey: 'name' });
});

test('lists and maps without extensions, and unknown fields, have no strategy', () => {
  const none = { strategy: '', retainKeys: false, mergeKey: '' };
  assert.deepEqual(podSpec.list('tolerations').meta, none);
  assert.deepEqual(podSpec.list('containers').items.list('command').meta, none);
  assert.deepEqual(pod.field('metadata').lookup.field('labels').meta, none);
  assert.deepEqual(podSpec.field('nope').meta, none);
  assert.deepEqual(podSpec.field('nope').lookup.list('deeper').meta, none);
});

test('map values are looked up through additionalProperties', () => {
  const defs: Definitions = {
    Root: { type: 'object', properties: { byName: { type: 'object', additionalProperties: { $ref: '#/definitions/Item' } } } },
    Item: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-patch-strategy': 'merge' } } },
  };
  const root = PatchMetaLookup.forDefinition(defs, 'Root')!;
  assert.equal(root.field('byName').lookup.field('anyKey').lookup.list('tags').meta.strategy, 'merge');
});

test('a definition reached through a single-element allOf is followed', () => {
  const defs: Definitions = {
    Root: { type: 'object', properties: { inner: { allOf: [{ $ref: '#/definitions/Inner' }] } } },
    Inner: { type: 'object', properties: { items: { type: 'array', items: { type: 'object' }, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'id' } } },
  };
  const root = PatchMetaLookup.forDefinition(defs, 'Root')!;
  assert.equal(root.field('inner').lookup.list('items').meta.mergeKey, 'id');
});

test('an unknown root definition has no lookup; the names locate positions for messages', () => {
  assert.equal(PatchMetaLookup.forDefinition(podDefinitions, 'io.k8s.api.core.v1.Nope'), undefined);
  assert.equal(podSpec.list('containers').items.name, 'io.k8s.api.core.v1.Pod.spec.containers');
});
