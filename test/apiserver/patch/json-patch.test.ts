import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../src/api/status';
import { applyJsonPatch, parseJsonPatch } from '../../../src/apiserver/patch/json-patch';
import type { JsonValue } from '../../../src/api/json-value';

const patch = (doc: JsonValue, ops: JsonValue) => applyJsonPatch(doc, parseJsonPatch(ops));

/** The status Kubernetes answers a JSON patch that does not apply with, plus our detail in `cause`. */
function assertRejected(fn: () => unknown, detail: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof StatusError);
    assert.equal(e.code, 422);
    assert.equal(e.status.reason, 'Invalid');
    assert.equal(e.status.message, 'the server rejected our request due to an error in our request');
    assert.match(String((e.cause as Error).message), detail);
    return true;
  });
}

const pod = () => ({
  metadata: { name: 'p', labels: { app: 'web' } },
  spec: { containers: [{ name: 'a', image: 'busybox', args: ['x', 'y'] }] },
});

test('add sets a member, inserts at an array index, and appends with -', () => {
  const out = patch(pod(), [
    { op: 'add', path: '/metadata/labels/tier', value: 'front' },
    { op: 'add', path: '/spec/containers/0/args/0', value: 'first' },
    { op: 'add', path: '/spec/containers/0/args/-', value: 'last' },
    { op: 'add', path: '/spec/containers/0/args/4', value: 'at-length' },
  ]);
  assert.deepEqual(out, {
    metadata: { name: 'p', labels: { app: 'web', tier: 'front' } },
    spec: { containers: [{ name: 'a', image: 'busybox', args: ['first', 'x', 'y', 'last', 'at-length'] }] },
  });
});

test('add replaces an existing member and creates members of existing objects only', () => {
  assert.deepEqual(patch({ a: 1 }, [{ op: 'add', path: '/a', value: { b: 2 } }]), { a: { b: 2 } });
  assertRejected(() => patch({ a: 1 }, [{ op: 'add', path: '/x/y', value: 1 }]), /add operation does not apply: doc is missing path: "\/x\/y"/);
  assertRejected(() => patch({ a: [1] }, [{ op: 'add', path: '/a/2', value: 1 }]), /invalid index referenced/);
  assertRejected(() => patch({ a: [1] }, [{ op: 'add', path: '/a/x', value: 1 }]), /not a proper array index/);
});

test('negative indexes count from the end, as the apiserver library allows', () => {
  assert.deepEqual(patch({ a: [1, 2, 3] }, [{ op: 'remove', path: '/a/-1' }]), { a: [1, 2] });
  assert.deepEqual(patch({ a: [1, 2, 3] }, [{ op: 'replace', path: '/a/-3', value: 0 }]), { a: [0, 2, 3] });
  assert.deepEqual(patch({ a: [1, 2] }, [{ op: 'add', path: '/a/-1', value: 9 }]), { a: [1, 2, 9] });
});

test('remove deletes members and array items; missing ones are errors', () => {
  assert.deepEqual(patch(pod(), [{ op: 'remove', path: '/metadata/labels/app' }, { op: 'remove', path: '/spec/containers/0/args/0' }]), {
    metadata: { name: 'p', labels: {} },
    spec: { containers: [{ name: 'a', image: 'busybox', args: ['y'] }] },
  });
  assertRejected(() => patch(pod(), [{ op: 'remove', path: '/metadata/annotations' }]), /Unable to remove nonexistent key: annotations/);
  assertRejected(() => patch(pod(), [{ op: 'remove', path: '/spec/containers/3' }]), /invalid index referenced/);
  assertRejected(() => patch(pod(), [{ op: 'remove', path: '/metadata/annotations/x' }]), /remove operation does not apply/);
});

test('replace changes values; a missing object member is added, a missing array index is an error', () => {
  assert.deepEqual(patch(pod(), [{ op: 'replace', path: '/spec/containers/0/image', value: 'nginx' }]), {
    metadata: { name: 'p', labels: { app: 'web' } },
    spec: { containers: [{ name: 'a', image: 'nginx', args: ['x', 'y'] }] },
  });
  assert.deepEqual(patch({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }]), { a: 1, b: 2 });
  assertRejected(() => patch({ a: [] }, [{ op: 'replace', path: '/a/0', value: 2 }]), /replace operation does not apply: doc is missing key: \/a\/0/);
});

test('replace of the whole document takes an object or array', () => {
  assert.deepEqual(patch({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }]), { b: 2 });
  assertRejected(() => patch({ a: 1 }, [{ op: 'replace', path: '', value: 3 }]), /must be object or array/);
});

test('move and copy take the value at from; copies do not alias', () => {
  assert.deepEqual(patch({ a: { x: 1 }, b: [] }, [{ op: 'move', from: '/a', path: '/b/0' }]), { b: [{ x: 1 }] });
  const out = patch({ a: { x: 1 } }, [
    { op: 'copy', from: '/a', path: '/b' },
    { op: 'replace', path: '/b/x', value: 2 },
  ]);
  assert.deepEqual(out, { a: { x: 1 }, b: { x: 2 } });
  assertRejected(() => patch({ a: 1 }, [{ op: 'move', from: '/nope', path: '/b' }]), /Unable to remove nonexistent key: nope/);
  // A value cannot move into itself: once removed, the destination's parent is gone.
  assertRejected(() => patch({ a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/c' }]), /doc is missing destination path/);
});

test('test compares structurally and a failure rejects the whole patch', () => {
  const doc = { a: { x: 1, y: [1, 2] }, n: null };
  assert.deepEqual(patch(doc, [{ op: 'test', path: '/a', value: { y: [1, 2], x: 1 } }]), doc);
  // Null and a missing member are the same to the apiserver's library.
  assert.deepEqual(patch(doc, [{ op: 'test', path: '/n', value: null }, { op: 'test', path: '/missing', value: null }]), doc);
  assertRejected(() => patch(doc, [{ op: 'add', path: '/b', value: 1 }, { op: 'test', path: '/a/x', value: 2 }]), /testing value \/a\/x failed/);
  assertRejected(() => patch(doc, [{ op: 'test', path: '/a/y', value: [2, 1] }]), /test failed/);
  assertRejected(() => patch(doc, [{ op: 'test', path: '/a' }]), /test failed/);
  assert.deepEqual(doc, { a: { x: 1, y: [1, 2] }, n: null }, 'the input is never modified');
});

test('JSON pointer tokens unescape ~1 to / and ~0 to ~', () => {
  const doc = { metadata: { annotations: { 'example.com/x': 'a', 'm~n': 'b', '~1': 'c' } } };
  const out = patch(doc, [
    { op: 'replace', path: '/metadata/annotations/example.com~1x', value: 'A' },
    { op: 'remove', path: '/metadata/annotations/m~0n' },
    { op: 'replace', path: '/metadata/annotations/~01', value: 'C' },
  ]);
  assert.deepEqual(out, { metadata: { annotations: { 'example.com/x': 'A', '~1': 'C' } } });
});

test('keys that name Object.prototype members are plain data', () => {
  const out = patch({}, [{ op: 'add', path: '/__proto__', value: { polluted: true } }, { op: 'add', path: '/constructor', value: 1 }]) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.deepEqual(Object.keys(out), ['__proto__', 'constructor']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assertRejected(() => patch({}, [{ op: 'remove', path: '/toString' }]), /nonexistent key: toString/);
});

test('a path must start with / and an operation must be known', () => {
  assertRejected(() => patch({ a: 1 }, [{ op: 'add', path: 'a', value: 1 }]), /doc is missing path/);
  assertRejected(() => patch({ a: 1 }, [{ op: 'add', value: 1 }]), /failed to decode path/);
  assertRejected(() => patch({ a: 1 }, [{ op: 'frobnicate', path: '/a' }]), /Unexpected kind: frobnicate/);
  assertRejected(() => patch({ a: 1 }, [null]), /Unexpected kind: unknown/);
});

test('a missing value adds null', () => {
  assert.deepEqual(patch({}, [{ op: 'add', path: '/a' }]), { a: null });
});

test('a patch that is not a list of operations is a bad request', () => {
  const bad = (body: JsonValue, message: string) => assert.throws(() => parseJsonPatch(body), (e: unknown) => {
    assert.ok(e instanceof StatusError);
    assert.equal(e.code, 400);
    assert.equal(e.status.reason, 'BadRequest');
    assert.equal(e.status.message, message);
    return true;
  });
  bad({ op: 'add' }, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  bad(['add'], 'json: cannot unmarshal string into Go value of type jsonpatch.Operation');
  assert.deepEqual(parseJsonPatch(null), []);
});

test('more than 10000 operations are refused as too large', () => {
  const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/a', value: 1 }));
  assert.throws(() => parseJsonPatch(ops), (e: unknown) => e instanceof StatusError && e.code === 413 &&
    e.status.message === 'The allowed maximum operations in a JSON patch is 10000, got 10001');
});
