import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../src/api/status';
import { applyMergePatch } from '../../../src/apiserver/patch/merge-patch';
import type { JsonValue } from '../../../src/api/json-value';

test('the RFC 7386 cases: members merge, null deletes, non-objects replace', () => {
  const cases: Array<[JsonValue, JsonValue, JsonValue]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [doc, patch, want] of cases) assert.deepEqual(applyMergePatch(doc, patch), want, JSON.stringify([doc, patch]));
});

test('patching a pod: labels merge, null removes an annotation, the containers list is replaced whole', () => {
  const pod = {
    metadata: { name: 'p', labels: { app: 'web' }, annotations: { note: 'x', keep: 'y' } },
    spec: { containers: [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'busybox' }] },
  };
  const out = applyMergePatch(pod, {
    metadata: { labels: { tier: 'front' }, annotations: { note: null } },
    spec: { containers: [{ name: 'a', image: 'nginx' }] },
  });
  assert.deepEqual(out, {
    metadata: { name: 'p', labels: { app: 'web', tier: 'front' }, annotations: { keep: 'y' } },
    spec: { containers: [{ name: 'a', image: 'nginx' }] },
  });
  assert.equal(pod.metadata.annotations.note, 'x', 'the input is never modified');
});

test('new content loses null members, also inside list items, but null list items stay', () => {
  assert.deepEqual(applyMergePatch({}, { a: [{ b: null, c: 1 }, null] }), { a: [{ c: 1 }, null] });
  assert.deepEqual(applyMergePatch({ a: 'scalar' }, { a: { b: null, c: 1 } }), { a: { c: 1 } });
});

test('a patch that is null or a scalar is a bad request; an array patch becomes the document', () => {
  for (const patch of [null, 'x', 3]) {
    assert.throws(() => applyMergePatch({ a: 1 }, patch), (e: unknown) =>
      e instanceof StatusError && e.code === 400 && e.status.message === 'Invalid JSON Patch');
  }
  assert.deepEqual(applyMergePatch({ a: 1 }, [{ b: null }]), [{}]);
});

test('member names are data, never prototype changes', () => {
  const out = applyMergePatch({}, JSON.parse('{"__proto__": {"x": 1}}') as JsonValue) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.deepEqual(Object.keys(out), ['__proto__']);
});
