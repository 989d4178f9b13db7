import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredObject } from '../../../src/api/object';
import { WatchCache, copyObject, decode, readObject } from '../../../src/apiserver/registry/watch-cache';
import { metadataEnd } from '../../../src/apiserver/registry/json-scan';

const PREFIX = '/registry/pods/';

/** Stored texts of the shapes the store holds, and some it could hold (escapes, nesting, key order). */
const STORED = [
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default', labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
  { kind: 'Pod', metadata: {}, apiVersion: 'v1' },
  { spec: { template: { metadata: { name: 'inner' } } }, metadata: { name: 'b', annotations: { 'note': 'a "quoted" \\ value with } and ] and {"metadata":{}}' } }, apiVersion: 'v1' },
  { data: { metadata: '{"metadata":1}', n: [1, 2, { x: null }], t: true, f: 1.5e-7 }, metadata: { name: 'c\u2028', managedFields: [{ fieldsV1: { 'f:data': { 'f:metadata': {} } } }] } },
].map((o) => JSON.stringify(o));

test('an object loaded at start-up serves the same text and object as one decoded and serialized', () => {
  const cache = new WatchCache(PREFIX, 100);
  cache.load(STORED.map((value, i) => ({ key: `${PREFIX}default/o${i}`, value, modRevision: 90 + i })));
  STORED.forEach((value, i) => {
    const expected = decode(value, 90 + i);
    const e = cache.get(`${PREFIX}default/o${i}`)!;
    assert.equal(e.json, JSON.stringify(expected), `json of ${value}`);
    assert.deepEqual(e.obj, expected);
    assert.equal(e.rv, 90 + i);
  });
  // Read the other way round: the object first.
  const other = new WatchCache(PREFIX, 100);
  other.load([{ key: `${PREFIX}default/x`, value: STORED[2], modRevision: 7 }]);
  assert.deepEqual(other.get(`${PREFIX}default/x`)!.obj, decode(STORED[2], 7));
  assert.equal(other.get(`${PREFIX}default/x`)!.json, JSON.stringify(decode(STORED[2], 7)));
});

test('a write announced with expect() is cached as the very object, with resourceVersion added to its text', () => {
  const cache = new WatchCache(PREFIX, 1);
  const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { x: undefined, y: 1 } } as unknown as StoredObject;
  const value = JSON.stringify(obj);
  const end = metadataEnd(value);
  cache.expect(`${PREFIX}default/p`, { obj, value, metadataEnd: end });
  cache.apply('put', `${PREFIX}default/p`, value, 2);
  const e = cache.get(`${PREFIX}default/p`)!;
  assert.equal(e.obj, obj);
  assert.equal(e.json, JSON.stringify(decode(value, 2)));
  // Another value under the same key is decoded as stored.
  cache.expect(`${PREFIX}default/p`, { obj, value, metadataEnd: end });
  cache.apply('put', `${PREFIX}default/p`, JSON.stringify({ ...obj, spec: { y: 2 } }), 3);
  assert.notEqual(cache.get(`${PREFIX}default/p`)!.obj, obj);
  assert.equal((cache.get(`${PREFIX}default/p`)!.obj as unknown as { spec: { y: number } }).spec.y, 2);
});

test('a written entry keeps its object until the end of the event-loop turn; the window keeps none', async () => {
  const cache = new WatchCache(PREFIX, 1);
  const written: StoredObject[] = [];
  for (let i = 0; i < 100; i++) {
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'default' }, spec: { n: i } } as unknown as StoredObject;
    const value = JSON.stringify(obj);
    cache.expect(`${PREFIX}default/p${i}`, { obj, value, metadataEnd: metadataEnd(value) });
    cache.apply('put', `${PREFIX}default/p${i}`, value, 2 + i);
    written.push(obj);
  }
  const latest = cache.get(`${PREFIX}default/p99`)!;
  assert.equal(readObject(latest), written[99]);
  assert.equal(latest.obj, written[99]);
  assert.equal(readObject(cache.get(`${PREFIX}default/p0`)!), written[0]);
  await new Promise((r) => setImmediate(r));
  const old = cache.get(`${PREFIX}default/p0`)!;
  // Let go: read as a copy decoded from the JSON, equal to what was written.
  const once = readObject(old);
  assert.notEqual(once, written[0]);
  assert.deepEqual(once, written[0]);
  assert.notEqual(readObject(old), once, 'readObject does not keep what it decodes');
  // `obj` keeps what it decodes, so that the same object is returned again.
  assert.equal(old.obj, old.obj);
  assert.deepEqual(old.obj, written[0]);
  // A copy is a new object each time.
  assert.notEqual(copyObject(latest), latest.obj);
  assert.deepEqual(copyObject(latest), written[99]);
  // Events replayed from the window decode too, with the object before each change.
  const events: Array<{ type: string; n: number; prev?: number }> = [];
  const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p0', namespace: 'default' }, spec: { n: 1000 } } as unknown as StoredObject;
  cache.apply('put', `${PREFIX}default/p0`, JSON.stringify(obj), 200);
  cache.watch(150, { onEvent: (ev) => events.push({ type: ev.type, n: (ev.obj as unknown as { spec: { n: number } }).spec.n, prev: (ev.prev as unknown as { spec: { n: number } } | undefined)?.spec.n }) })();
  assert.deepEqual(events, [{ type: 'MODIFIED', n: 1000, prev: 0 }]);
});

test('a DELETED event serves the last state with the delete revision, in the turn of the delete and when replayed later', async () => {
  // Each stored shape, reached three ways: loaded at start-up, written by this process, decoded from the store.
  const cache = new WatchCache(PREFIX, 1);
  cache.load(STORED.map((value, i) => ({ key: `${PREFIX}loaded/o${i}`, value, modRevision: 10 + i })));
  let rv = 100;
  STORED.forEach((value, i) => {
    const obj = JSON.parse(value) as StoredObject;
    cache.expect(`${PREFIX}expected/o${i}`, { obj, value, metadataEnd: metadataEnd(value) });
    cache.apply('put', `${PREFIX}expected/o${i}`, value, ++rv);
    cache.apply('put', `${PREFIX}decoded/o${i}`, value, ++rv);
  });
  const live: Array<{ type: string; json: string; obj: StoredObject; rv: number }> = [];
  const from = cache.revision;
  cache.watch(from, { onEvent: (e) => live.push({ type: e.type, json: e.json, obj: e.obj, rv: e.rv }) });
  const want: string[] = [];
  for (const group of ['loaded', 'expected', 'decoded']) {
    STORED.forEach((value, i) => {
      cache.apply('delete', `${PREFIX}${group}/o${i}`, value, ++rv);
      want.push(JSON.stringify(decode(value, rv)));
    });
  }
  assert.deepEqual(live.map((e) => e.type), want.map(() => 'DELETED'));
  assert.deepEqual(live.map((e) => e.json), want);
  assert.deepEqual(live.map((e) => e.obj), want.map((j) => JSON.parse(j)));
  assert.deepEqual(live.map((e) => e.rv), want.map((_, i) => rv - want.length + 1 + i));
  // After the turn, a watch that replays the window gets the same texts and objects.
  await new Promise((r) => setImmediate(r));
  const replayed: Array<{ json: string; obj: StoredObject }> = [];
  cache.watch(from, { onEvent: (e) => replayed.push({ json: e.json, obj: e.obj }) });
  assert.deepEqual(replayed.map((e) => e.json), want);
  assert.deepEqual(replayed.map((e) => e.obj), want.map((j) => JSON.parse(j)));
});
