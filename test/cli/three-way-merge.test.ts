// The three-way patches of client-side apply, written as kubectl writes them (key order is Go's,
// so the expected bodies are compared as text). The pod cases marked "kubectl" are bodies read
// from `kubectl apply -v=8` for the same original, manifest and live object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../src/api/json-value';
import { PatchMetaLookup } from '../../src/api/patch-meta-lookup';
import { goJsonMarshal } from '../../src/cli/printers/go-json';
import { threeWayJsonMergePatch } from '../../src/cli/apply/json-merge-three-way';
import { PatchConflictError, threeWayMergePatch } from '../../src/cli/apply/three-way-merge';
import { POD, podDefinitions } from '../apiserver/patch/pod-definitions';

const lookup = PatchMetaLookup.forDefinition(podDefinitions, POD)!;

function patch(original: JsonObject | undefined, modified: JsonObject, current: JsonObject, overwrite = true): string {
  return goJsonMarshal(threeWayMergePatch(original, modified, current, lookup, overwrite));
}

const pod = (spec: JsonObject, metadata: JsonObject = {}): JsonObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...metadata }, spec });
const c = (name: string, extra: JsonObject = {}): JsonObject => ({ name, image: `${name}:1`, ...extra });

test('identical original, manifest and live object give the empty patch', () => {
  const m = pod({ containers: [c('a')], restartPolicy: 'Always' });
  assert.equal(patch(m, m, m), '{}');
});

test('scalars: added, changed and removed since the last apply', () => {
  const original = pod({ containers: [c('a')], restartPolicy: 'Always' });
  const modified = pod({ containers: [c('a')], nodeSelector: { disk: 'ssd' } }, { namespace: 'x' });
  assert.equal(patch(original, modified, original), '{"metadata":{"namespace":"x"},"spec":{"nodeSelector":{"disk":"ssd"},"restartPolicy":null}}');
  const changed = pod({ containers: [c('a')], restartPolicy: 'Never' });
  assert.equal(patch(original, changed, original), '{"spec":{"restartPolicy":"Never"}}');
});

test('fields only the live object has (set by the server or others) are left alone', () => {
  const m = pod({ containers: [c('a')] });
  const live = pod({ containers: [c('a', { imagePullPolicy: 'Always' })], restartPolicy: 'Always', schedulerName: 'default' }, { uid: 'u1', resourceVersion: '7' });
  assert.equal(patch(m, m, live), '{}');
});

test('a field removed from the manifest is deleted even when the live value differs', () => {
  const original = pod({ containers: [c('a')], restartPolicy: 'Always' });
  const modified = pod({ containers: [c('a')] });
  const live = pod({ containers: [c('a')], restartPolicy: 'OnFailure' });
  assert.equal(patch(original, modified, live), '{"spec":{"restartPolicy":null}}');
});

test('a change others made to a field the manifest still sets is reverted', () => {
  const m = pod({ containers: [c('a')], restartPolicy: 'Always' });
  assert.equal(patch(m, m, pod({ containers: [c('a')], restartPolicy: 'Never' })), '{"spec":{"restartPolicy":"Always"}}');
});

test('maps: label added, changed and removed', () => {
  const original = pod({ containers: [c('a')] }, { labels: { app: 'web', tier: 'front', old: 'x' } });
  const modified = pod({ containers: [c('a')] }, { labels: { app: 'web2', tier: 'front', new: 'y' } });
  const live = pod({ containers: [c('a')] }, { labels: { app: 'web', tier: 'front', old: 'x', other: 'kept' } });
  assert.equal(patch(original, modified, live), '{"metadata":{"labels":{"app":"web2","new":"y","old":null}}}');
});

test('merge-keyed list: adding an item sends the item and the new order', () => {
  const original = pod({ containers: [c('a')] });
  const modified = pod({ containers: [c('a'), c('b')] });
  assert.equal(patch(original, modified, original),
    '{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"image":"b:1","name":"b"}]}}');
});

test('merge-keyed list: removing an item sends a delete directive', () => {
  const original = pod({ containers: [c('a'), c('b')] });
  const modified = pod({ containers: [c('a')] });
  assert.equal(patch(original, modified, original),
    '{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"$patch":"delete","name":"b"}]}}');
});

test('merge-keyed list: reordering sends only the order', () => {
  const original = pod({ containers: [c('a'), c('b')] });
  const modified = pod({ containers: [c('b'), c('a')] });
  assert.equal(patch(original, modified, original), '{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}');
});

test('merge-keyed list: changing one item sends only its changed fields with its key', () => {
  const original = pod({ containers: [c('a'), c('b', { ports: [{ containerPort: 80 }] })] });
  const modified = pod({ containers: [c('a'), c('b', { image: 'b:2', ports: [{ containerPort: 80 }, { containerPort: 443 }] })] });
  assert.equal(patch(original, modified, original),
    '{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"$setElementOrder/ports":[{"containerPort":80},{"containerPort":443}],"image":"b:2","name":"b","ports":[{"containerPort":443}]}]}}');
});

test('kubectl: an env var removed and the image changed, with server defaults on the live object', () => {
  const env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }];
  const original = pod({ containers: [c('nginx', { env, ports: [{ containerPort: 80 }] })] }, { labels: { app: 'web' } });
  const modified = pod({ containers: [c('nginx', { image: 'nginx:1.26', env: [env[0]], ports: [{ containerPort: 80 }] })] }, { labels: { app: 'web', tier: 'x' } });
  const live = pod({ containers: [c('nginx', { env, ports: [{ containerPort: 80, protocol: 'TCP' }], terminationMessagePath: '/dev/termination-log' })], restartPolicy: 'Always' }, { labels: { app: 'web' }, uid: 'u' });
  assert.equal(patch(original, modified, live),
    '{"metadata":{"labels":{"tier":"x"}},"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"$setElementOrder/env":[{"name":"A"}],"env":[{"$patch":"delete","name":"B"}],"image":"nginx:1.26","name":"nginx"}]}}');
});

test('kubectl: a volume switching source gets $retainKeys, and the live-only volume forces an order list', () => {
  const sa = { name: 'kube-api-access', projected: { defaultMode: 420 } };
  const original = pod({ containers: [c('a')], volumes: [{ name: 'v', emptyDir: {} }] });
  const modified = pod({ containers: [c('a')], volumes: [{ name: 'v', hostPath: { path: '/x' } }] });
  const live = pod({ containers: [c('a')], volumes: [{ name: 'v', emptyDir: {} }, sa] });
  assert.equal(patch(original, modified, live),
    '{"spec":{"$setElementOrder/volumes":[{"name":"v"}],"volumes":[{"$retainKeys":["hostPath","name"],"emptyDir":null,"hostPath":{"path":"/x"},"name":"v"}]}}');
  // Unchanged manifest, but the live list holds an item it does not: kubectl still sends the order.
  assert.equal(patch(original, original, live), '{"spec":{"$setElementOrder/volumes":[{"name":"v"}]}}');
});

test('kubectl: merging scalar lists use a deletion list, and a live order unlike sorted order is "changed"', () => {
  const original = pod({ containers: [c('a')] }, { finalizers: ['b.io/x', 'a.io/y', 'c.io/z'] });
  const modified = pod({ containers: [c('a')] }, { finalizers: ['b.io/x', 'c.io/z'] });
  assert.equal(patch(original, modified, original),
    '{"metadata":{"$deleteFromPrimitiveList/finalizers":["a.io/y"],"$setElementOrder/finalizers":["b.io/x","c.io/z"]}}');
  assert.equal(patch(original, original, original), '{"metadata":{"$setElementOrder/finalizers":["b.io/x","a.io/y","c.io/z"]}}');
  const sorted = pod({ containers: [c('a')] }, { finalizers: ['a.io/y', 'b.io/x'] });
  assert.equal(patch(sorted, sorted, sorted), '{}');
});

test('atomic lists are replaced whole when they differ', () => {
  const original = pod({ containers: [c('a', { command: ['sh', '-c', 'x'] })], tolerations: [{ key: 'k', operator: 'Exists' }] });
  const modified = pod({ containers: [c('a', { command: ['sh'] })], tolerations: [{ key: 'k', operator: 'Exists' }, { key: 'j' }] });
  assert.equal(patch(original, modified, original),
    '{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"command":["sh"],"name":"a"}],"tolerations":[{"key":"k","operator":"Exists"},{"key":"j"}]}}');
  assert.equal(patch(modified, modified, modified), '{}');
});

test('nulls: an explicit null in the manifest deletes the live field and is kept in the patch', () => {
  const original = pod({ containers: [c('a')] });
  const modified = pod({ containers: [c('a')], nodeSelector: null });
  const live = pod({ containers: [c('a')], nodeSelector: { disk: 'ssd' } });
  assert.equal(patch(original, modified, live), '{"spec":{"nodeSelector":null}}');
  assert.equal(patch(original, modified, original), '{"spec":{"nodeSelector":null}}');
});

test('without a last-applied configuration nothing is deleted', () => {
  const modified = pod({ containers: [c('a')] }, { labels: { app: 'web' } });
  const live = pod({ containers: [c('a'), c('b')], restartPolicy: 'Never' }, { labels: { app: 'web', extra: 'x' } });
  assert.equal(patch(undefined, modified, live), '{"spec":{"$setElementOrder/containers":[{"name":"a"}]}}');
});

test('overwrite=false refuses a patch over a field changed on the live object since the last apply', () => {
  const original = pod({ containers: [c('a')], restartPolicy: 'Always' });
  const live = pod({ containers: [c('a')], restartPolicy: 'Never' });
  assert.throws(() => patch(original, pod({ containers: [c('a')], restartPolicy: 'OnFailure' }), live, false), PatchConflictError);
  // Touching only other fields is no conflict.
  assert.equal(patch(original, pod({ containers: [c('a', { image: 'a:2' })], restartPolicy: 'Never' }), live, false),
    '{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"image":"a:2","name":"a"}]}}');
});

test('patch keys come out in Go order, integer-like keys included', () => {
  const original = pod({ containers: [c('a')] }, { labels: {} });
  const modified = pod({ containers: [c('a')] }, { labels: { '9': 'a', '10': 'b', b: '<&>' } });
  assert.equal(patch(original, modified, original), '{"metadata":{"labels":{"10":"b","9":"a","b":"\\u003c\\u0026\\u003e"}}}');
});

test('JSON merge patch (kinds without strategic merge): deletions, changes, lists replaced whole', () => {
  const original = { apiVersion: 'x/v1', kind: 'W', metadata: { name: 'w' }, spec: { a: 1, b: [1, 2], c: { d: 1, e: 2 } } };
  const modified = { apiVersion: 'x/v1', kind: 'W', metadata: { name: 'w' }, spec: { a: 2, b: [1], c: { d: 1 } } };
  const live = { ...original, status: { ok: true }, spec: { ...original.spec, z: 'theirs' } };
  assert.equal(goJsonMarshal(threeWayJsonMergePatch(original, modified, live)), '{"spec":{"a":2,"b":[1],"c":{"e":null}}}');
  assert.equal(goJsonMarshal(threeWayJsonMergePatch(original, original, live)), '{}');
  assert.throws(() => threeWayJsonMergePatch(original, { ...modified, metadata: { name: 'other' } }, live), /apiVersion, kind and name/);
});
