import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/api/object';
import { WatchCache, type CacheEvent } from '../../../src/apiserver/registry/watch-cache';
import { ConvertedCache } from '../../../src/apiserver/registry/converted-cache';

const PREFIX = '/registry/things/';
const stored = (name: string, value: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Thing', metadata: { name }, old: value });
/** A conversion that renames `old` to `new`, counting its calls. */
function renaming() {
  const calls = { n: 0 };
  const fromStorage = (o: KubeObject): KubeObject => {
    calls.n++;
    const { old, ...rest } = o;
    return { ...rest, apiVersion: 'example.io/v1', new: old };
  };
  return { calls, fromStorage };
}

test('get and list answer in the converted form, converting each stored object once', () => {
  const source = new WatchCache(PREFIX, 1);
  source.load([{ key: `${PREFIX}a`, value: stored('a', 'x'), modRevision: 1 }]);
  const { calls, fromStorage } = renaming();
  const view = new ConvertedCache(source, fromStorage);
  const e = view.get(`${PREFIX}a`)!;
  assert.deepEqual(e.obj, { apiVersion: 'example.io/v1', kind: 'Thing', metadata: { name: 'a', resourceVersion: '1' }, new: 'x' });
  assert.equal(e.json, JSON.stringify(e.obj));
  assert.equal(e.rv, 1);
  assert.equal(view.list(PREFIX)[0].obj, e.obj);
  assert.equal(calls.n, 1);
  assert.equal(view.get(`${PREFIX}missing`), undefined);
});

test('watch events, and the previous object of a change, come converted; the revision is the source\'s', async () => {
  const source = new WatchCache(PREFIX, 1);
  const view = new ConvertedCache(source, renaming().fromStorage);
  const seen: CacheEvent[] = [];
  const revisions: number[] = [];
  const stop = view.watch(1, { onEvent: (ev) => seen.push(ev), onRevision: (rv) => revisions.push(rv) });
  source.apply('put', `${PREFIX}a`, stored('a', 'x'), 2);
  source.apply('put', `${PREFIX}a`, stored('a', 'y'), 3);
  source.advance(4);
  stop();
  source.apply('delete', `${PREFIX}a`, stored('a', 'y'), 5);
  assert.deepEqual(seen.map((ev) => [ev.type, ev.obj.new, (ev.prev as KubeObject | undefined)?.new]), [['ADDED', 'x', undefined], ['MODIFIED', 'y', 'x']]);
  assert.equal(seen[1].json, JSON.stringify(seen[1].obj));
  assert.deepEqual(revisions, [2, 3, 4]);
  assert.equal(view.revision, 5);
  await view.waitFor(5);
});
