import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/storage/sqlite-store';
import { StoreError, type WatchEvent } from '../../src/storage/store';
import Database from 'better-sqlite3';

function tempStore(): { store: SqliteStore; dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-store-'));
  const path = join(dir, 'state.db');
  return { store: new SqliteStore(path), dir, path };
}

test('revisions increase by one per write and create/update/delete follow etcd semantics', async () => {
  const { store, dir } = tempStore();
  try {
    const a = await store.create('/r/pods/default/a', '{"v":1}');
    assert.equal(a.modRevision, 1);
    assert.equal(a.createRevision, 1);
    await assert.rejects(store.create('/r/pods/default/a', 'x'), (e: StoreError) => e.code === 'KeyExists');
    await assert.rejects(store.update('/r/pods/default/a', 'x', 99), (e: StoreError) => e.code === 'Conflict' && e.current?.modRevision === 1);
    const a2 = await store.update('/r/pods/default/a', '{"v":2}', 1);
    assert.equal(a2.modRevision, 2);
    assert.equal(a2.createRevision, 1);
    const del = await store.delete('/r/pods/default/a', 2);
    assert.equal(del.modRevision, 3);
    assert.equal(del.value, '{"v":2}');
    assert.equal((await store.get('/r/pods/default/a')).kv, undefined);
    await assert.rejects(store.update('/r/pods/default/a', 'x', 3), (e: StoreError) => e.code === 'NotFound');
    // Reads at an older revision see the old value.
    assert.equal((await store.get('/r/pods/default/a', 1)).kv?.value, '{"v":1}');
    const again = await store.create('/r/pods/default/a', '{"v":3}');
    assert.equal(again.createRevision, 4);
  } finally { await store.close(); rmSync(dir, { recursive: true }); }
});

test('list pages by prefix in key order and reads at a revision', async () => {
  const { store, dir } = tempStore();
  try {
    for (const n of ['c', 'a', 'b']) await store.create(`/r/pods/ns/${n}`, n);
    await store.create('/r/podsx/ns/z', 'z');
    const all = await store.list('/r/pods/');
    assert.deepEqual(all.kvs.map((k) => k.value), ['a', 'b', 'c']);
    const page = await store.list('/r/pods/', { limit: 2 });
    assert.deepEqual(page.kvs.map((k) => k.value), ['a', 'b']);
    assert.equal(page.more, true);
    const rest = await store.list('/r/pods/', { limit: 2, fromKey: '/r/pods/ns/b\0', revision: page.revision });
    assert.deepEqual(rest.kvs.map((k) => k.value), ['c']);
    assert.equal(rest.more, false);
    const early = await store.list('/r/pods/', { revision: 2 });
    assert.deepEqual(early.kvs.map((k) => k.value), ['a', 'c']);
  } finally { await store.close(); rmSync(dir, { recursive: true }); }
});

test('watch replays history from a revision, then delivers live events in order', async () => {
  const { store, dir } = tempStore();
  try {
    await store.create('/r/pods/ns/a', 'a1');
    await store.update('/r/pods/ns/a', 'a2', 1);
    const seen: WatchEvent[] = [];
    const h = await store.watch('/r/pods/', 1, (evs) => seen.push(...evs));
    await store.delete('/r/pods/ns/a');
    await store.create('/r/other/x', 'x');
    await new Promise((r) => setTimeout(r, 10));
    h.cancel();
    await store.create('/r/pods/ns/b', 'b');
    assert.deepEqual(seen.map((e) => [e.type, e.kv.modRevision, e.kv.value]), [['put', 2, 'a2'], ['delete', 3, 'a2']]);
  } finally { await store.close(); rmSync(dir, { recursive: true }); }
});

test('compaction drops superseded history; older watches and reads get Compacted', async () => {
  const { store, dir } = tempStore();
  try {
    await store.create('/k/a', '1');
    await store.update('/k/a', '2', 1);
    await store.update('/k/a', '3', 2);
    await store.create('/k/b', 'b');
    await store.delete('/k/b');
    await store.compact(4);
    await assert.rejects(store.watch('/k/', 2, () => {}), (e: StoreError) => e.code === 'Compacted');
    await assert.rejects(store.get('/k/a', 2), (e: StoreError) => e.code === 'Compacted');
    assert.equal((await store.get('/k/a')).kv?.value, '3');
    assert.equal((await store.list('/k/')).kvs.length, 1);
  } finally { await store.close(); rmSync(dir, { recursive: true }); }
});

test('a reopened store keeps every key and continues the revision counter', async () => {
  const { store, dir, path } = tempStore();
  await store.create('/k/a', '1');
  await store.update('/k/a', '2', 1);
  await store.close();
  const reopened = new SqliteStore(path);
  try {
    assert.equal(await reopened.currentRevision(), 2);
    const kv = await reopened.create('/k/b', 'b');
    assert.equal(kv.modRevision, 3);
    await assert.rejects(reopened.update('/k/a', 'x', 1), (e: StoreError) => e.code === 'Conflict');
    assert.equal((await reopened.update('/k/a', '3', 2)).modRevision, 4);
  } finally { await reopened.close(); rmSync(dir, { recursive: true }); }
});

test('values come back as written, whatever their characters: get, list, history and after a reopen', async () => {
  const { store, dir, path } = tempStore();
  const v1 = '{"note":"grüße \u2028 \u{1F600} 日本 \\\" \u0000"}';
  const v2 = `{"big":"${'é'.repeat(70_000)}"}`;
  await store.create('/k/a', v1);
  await store.update('/k/a', v2, 1);
  await store.create('/k/empty', '');
  const history: WatchEvent[] = [];
  const h = await store.watch('/k/', 0, (evs) => history.push(...evs));
  await new Promise((r) => setTimeout(r, 10));
  h.cancel();
  assert.deepEqual(history.map((e) => [e.kv.value, e.prevKv?.value]), [[v1, undefined], [v2, v1], ['', undefined]]);
  await store.close();
  const reopened = new SqliteStore(path);
  try {
    assert.equal((await reopened.get('/k/a')).kv?.value, v2);
    assert.equal((await reopened.get('/k/a', 1)).kv?.value, v1);
    assert.deepEqual((await reopened.list('/k/')).kvs.map((kv) => kv.value), [v2, '']);
  } finally { await reopened.close(); rmSync(dir, { recursive: true }); }
});

test('concurrent writes of one turn commit together: each resolves once durable, a failing one alone fails, all survive a restart', async () => {
  const { store, dir, path } = tempStore();
  try {
    try {
      await store.create('/k/taken', 't');
      const writes = Array.from({ length: 50 }, (_, i) => store.create(`/k/${String(i).padStart(2, '0')}`, `v${i}`));
      const duplicate = assert.rejects(store.create('/k/taken', 'again'), (e: StoreError) => e.code === 'KeyExists');
      const conflict = assert.rejects(store.update('/k/taken', 'x', 99), (e: StoreError) => e.code === 'Conflict');
      // A watch started while the batch waits for its commit gets each of its writes once, at the commit.
      const seen: number[] = [];
      const h = await store.watch('/k/', 1, (evs) => seen.push(...evs.map((e) => e.kv.modRevision)));
      // Another connection reads only what was committed: every resolved write must be there.
      const reader = new Database(path, { readonly: true });
      const kvs = await Promise.all(writes.map(async (w) => {
        const kv = await w;
        const row = reader.prepare('SELECT value FROM kine WHERE id = ?').get(kv.modRevision) as { value: Buffer } | undefined;
        assert.equal(row?.value.toString(), kv.value, `revision ${kv.modRevision} committed when its write resolved`);
        return kv;
      }));
      reader.close();
      await duplicate;
      await conflict;
      assert.deepEqual(kvs.map((kv) => kv.modRevision), Array.from({ length: 50 }, (_, i) => i + 2));
      h.cancel();
      assert.deepEqual(seen, kvs.map((kv) => kv.modRevision), 'the watcher saw the batch once, in revision order');
    } finally { await store.close(); }
    const reopened = new SqliteStore(path);
    try {
      assert.equal(await reopened.currentRevision(), 51);
      const all = await reopened.list('/k/');
      assert.equal(all.kvs.length, 51);
      assert.equal(all.kvs.find((kv) => kv.key === '/k/taken')?.value, 't');
    } finally { await reopened.close(); }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a batch that fails to commit fails every write decided on top of it, changes nothing, and the store goes on', async () => {
  const { store, dir, path } = tempStore();
  try {
    await store.create('/k/a', '1');
    // Another connection takes revision 2 behind the store's back, so that the next commit fails.
    const other = new Database(path);
    other.prepare("INSERT INTO kine (id, name, created, deleted, create_revision, prev_revision, value) VALUES (2, '/k/intruder', 1, 0, 2, 0, ?)").run(Buffer.from('x'));
    other.close();
    const seen: string[] = [];
    const h = await store.watch('/k/', 1, (evs) => seen.push(...evs.map((e) => e.kv.key)));
    const first = store.create('/k/b', '2');
    const sameBatch = store.update('/k/a', '1b', 1);
    await new Promise((r) => setImmediate(r));
    // Decided on top of the first write (which made /k/b exist), sent while it is being committed.
    const onTop = store.update('/k/b', '2b', 2);
    await assert.rejects(first, /sqlite commit failed: UNIQUE constraint failed/);
    await assert.rejects(sameBatch, /sqlite commit failed/);
    await assert.rejects(onTop, /sqlite commit failed/);
    assert.equal((await store.get('/k/a')).kv?.value, '1');
    assert.equal((await store.get('/k/b')).kv, undefined);
    assert.equal(await store.currentRevision(), 2, 'the state was read back from the database');
    assert.deepEqual(seen, [], 'no watcher saw a write that did not commit');
    const c = await store.create('/k/c', '3');
    assert.equal(c.modRevision, 3);
    assert.equal((await store.update('/k/a', '1c', 1)).modRevision, 4);
    h.cancel();
  } finally { await store.close(); rmSync(dir, { recursive: true, force: true }); }
});

test('a writer thread that dies fails the writes it held; a new one takes the next writes', async () => {
  const { store, dir } = tempStore();
  try {
    await store.create('/k/a', '1');
    const lost = store.create('/k/b', '2');
    // What a crash of the thread looks like from here (the thread is internal to the store).
    const errors: unknown[] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => { errors.push(args[0]); };
    try {
      await (store as unknown as { writer: { terminate(): Promise<number> } }).writer.terminate();
      await assert.rejects(lost, /sqlite writer failed/);
    } finally { console.error = log; }
    assert.equal(errors.length, 1);
    assert.equal((await store.get('/k/b')).kv, undefined);
    assert.equal((await store.create('/k/c', '3')).modRevision, 2, 'the lost write took no revision');
    assert.equal((await store.get('/k/c')).kv?.value, '3');
  } finally { await store.close(); rmSync(dir, { recursive: true, force: true }); }
});
