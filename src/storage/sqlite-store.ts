// The embedded backend: the log lives in one SQLite table shaped like kine's (id = revision),
// written by this process only. Live watch events are delivered synchronously after each commit,
// so a watcher never misses or reorders a write.
import Database from 'better-sqlite3';
import type { Database as DB, Statement } from 'better-sqlite3';
import { type KeyValue, type RangeOptions, type RangeResult, type Store, StoreError, type WatchEvent, type WatchHandle, prefixEnd } from './store';

interface Row {
  id: number; name: string; created: number; deleted: number;
  create_revision: number; prev_revision: number; value: Buffer | null; old_value: Buffer | null;
}

interface Latest { modRevision: number; createRevision: number; deleted: boolean }

interface Watcher { prefix: string; end: string; onEvents: (events: WatchEvent[]) => void }

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kine (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  lease INTEGER NOT NULL DEFAULT 0,
  value BLOB,
  old_value BLOB
);
CREATE INDEX IF NOT EXISTS kine_name_index ON kine (name);
CREATE INDEX IF NOT EXISTS kine_name_id_index ON kine (name, id);
CREATE UNIQUE INDEX IF NOT EXISTS kine_name_prev_revision_uindex ON kine (name, prev_revision);
CREATE TABLE IF NOT EXISTS k8ts_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

export class SqliteStore implements Store {
  private readonly db: DB;
  private readonly watchers = new Set<Watcher>();
  /** Newest state of every key ever written and not compacted away; saves a read per write. */
  private readonly latest = new Map<string, Latest>();
  private revision = 0;
  /** The newest revision whose transaction has committed (writes above it wait for the COMMIT). */
  private committedRevision = 0;
  private compacted = 0;
  /** Group commit: writes of one event-loop turn share a transaction; their results wait for its COMMIT. */
  private inTransaction = false;
  private afterCommit: Array<{ done: () => void; fail: (e: Error) => void }> = [];
  private readonly stmts: {
    insert: Statement; rowAt: Statement; listAt: Statement; listAtLimit: Statement; history: Statement;
    setMeta: Statement;
  };

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a process crash; only an OS crash can lose the last commits.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.stmts = {
      insert: this.db.prepare('INSERT INTO kine (id, name, created, deleted, create_revision, prev_revision, lease, value, old_value) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)'),
      rowAt: this.db.prepare('SELECT * FROM kine WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1'),
      listAt: this.db.prepare(`SELECT k.* FROM kine k JOIN (SELECT MAX(id) AS id FROM kine WHERE name >= ? AND name < ? AND id <= ? GROUP BY name) m ON k.id = m.id WHERE k.deleted = 0 ORDER BY k.name`),
      listAtLimit: this.db.prepare(`SELECT k.* FROM kine k JOIN (SELECT MAX(id) AS id FROM kine WHERE name >= ? AND name < ? AND id <= ? GROUP BY name) m ON k.id = m.id WHERE k.deleted = 0 ORDER BY k.name LIMIT ?`),
      history: this.db.prepare('SELECT * FROM kine WHERE id > ? AND id <= ? AND name >= ? AND name < ? ORDER BY id'),
      setMeta: this.db.prepare('INSERT INTO k8ts_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    };
    this.reloadState();
  }

  /** Revision, compaction point and each key's newest state, as the database has them. */
  private reloadState(): void {
    this.latest.clear();
    const rev = this.db.prepare('SELECT MAX(id) AS id FROM kine').get() as { id: number | null };
    this.revision = rev.id ?? 0;
    this.committedRevision = this.revision;
    const comp = this.db.prepare("SELECT value FROM k8ts_meta WHERE key = 'compact_revision'").get() as { value: number } | undefined;
    this.compacted = comp?.value ?? 0;
    for (const r of this.db.prepare('SELECT k.name, k.id, k.create_revision, k.deleted FROM kine k JOIN (SELECT MAX(id) AS id FROM kine GROUP BY name) m ON k.id = m.id').iterate() as Iterable<{ name: string; id: number; create_revision: number; deleted: number }>) {
      this.latest.set(r.name, { modRevision: r.id, createRevision: r.create_revision, deleted: r.deleted === 1 });
    }
  }

  async currentRevision(): Promise<number> { return this.revision; }
  async compactedRevision(): Promise<number> { return this.compacted; }

  private checkReadRevision(revision: number | undefined): number {
    if (!revision) return this.revision;
    if (revision > this.revision) throw new StoreError('FutureRevision', `revision ${revision} is newer than the store's ${this.revision}`, undefined, this.revision);
    if (revision < this.compacted) throw new StoreError('Compacted', `required revision ${revision} has been compacted`, undefined, this.compacted);
    return revision;
  }

  async get(key: string, revision?: number): Promise<{ kv?: KeyValue; revision: number }> {
    const at = this.checkReadRevision(revision);
    const row = this.stmts.rowAt.get(key, at) as Row | undefined;
    return { kv: row && !row.deleted ? toKv(row) : undefined, revision: at };
  }

  async list(prefix: string, opts: RangeOptions = {}): Promise<RangeResult> {
    const at = this.checkReadRevision(opts.revision);
    const from = opts.fromKey && opts.fromKey > prefix ? opts.fromKey : prefix;
    const end = prefixEnd(prefix);
    const rows = (opts.limit
      ? this.stmts.listAtLimit.all(from, end, at, opts.limit + 1)
      : this.stmts.listAt.all(from, end, at)) as Row[];
    const more = !!opts.limit && rows.length > opts.limit;
    if (more) rows.pop();
    return { kvs: rows.map(toKv), revision: at, more };
  }

  async create(key: string, value: string): Promise<KeyValue> {
    const cur = this.latest.get(key);
    if (cur && !cur.deleted) throw new StoreError('KeyExists', `key ${key} exists`, this.currentKv(key));
    const rev = this.append(key, true, false, 0, cur?.modRevision ?? 0, value, null);
    const kv: KeyValue = { key, value, createRevision: rev, modRevision: rev };
    return this.committed({ type: 'put', kv }, kv);
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    const cur = this.latest.get(key);
    if (!cur || cur.deleted) throw new StoreError('NotFound', `key ${key} not found`);
    const prevKv = this.currentKv(key)!;
    if (cur.modRevision !== expectedModRevision) throw new StoreError('Conflict', `key ${key} is at revision ${cur.modRevision}, not ${expectedModRevision}`, prevKv);
    const rev = this.append(key, false, false, cur.createRevision, cur.modRevision, value, prevKv.value);
    const kv: KeyValue = { key, value, createRevision: cur.createRevision, modRevision: rev };
    return this.committed({ type: 'put', kv, prevKv }, kv);
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    const cur = this.latest.get(key);
    if (!cur || cur.deleted) throw new StoreError('NotFound', `key ${key} not found`);
    const prevKv = this.currentKv(key)!;
    if (expectedModRevision !== undefined && cur.modRevision !== expectedModRevision) {
      throw new StoreError('Conflict', `key ${key} is at revision ${cur.modRevision}, not ${expectedModRevision}`, prevKv);
    }
    const rev = this.append(key, false, true, cur.createRevision, cur.modRevision, prevKv.value, prevKv.value);
    const kv: KeyValue = { key, value: prevKv.value, createRevision: cur.createRevision, modRevision: rev };
    return this.committed({ type: 'delete', kv, prevKv }, kv);
  }

  async watch(prefix: string, fromRevision: number, onEvents: (events: WatchEvent[]) => void): Promise<WatchHandle> {
    if (fromRevision < this.compacted) throw new StoreError('Compacted', `required revision ${fromRevision} has been compacted`, undefined, this.compacted);
    const end = prefixEnd(prefix);
    // History and registration happen in one synchronous step: no write can slip in between.
    // Writes still waiting for their commit are not history: they reach the watcher when they commit.
    const history = (this.stmts.history.all(fromRevision, this.committedRevision, prefix, end) as Row[]).map(rowToEvent);
    const w: Watcher = { prefix, end, onEvents };
    this.watchers.add(w);
    if (history.length) queueMicrotask(() => { if (this.watchers.has(w)) onEvents(history); });
    return { cancel: () => { this.watchers.delete(w); } };
  }

  async compact(revision: number): Promise<void> {
    const target = Math.min(revision, this.revision);
    if (target <= this.compacted) return;
    this.db.transaction(() => {
      // Rows superseded by a newer row of the same key at or below the target, and tombstones at or below it.
      this.db.prepare('DELETE FROM kine WHERE id <= ? AND id NOT IN (SELECT MAX(id) FROM kine WHERE id <= ? GROUP BY name)').run(target, target);
      this.db.prepare('DELETE FROM kine WHERE id <= ? AND deleted = 1').run(target);
      this.stmts.setMeta.run('compact_revision', target);
    })();
    for (const [k, v] of this.latest) if (v.deleted && v.modRevision <= target) this.latest.delete(k);
    this.compacted = target;
  }

  async close(): Promise<void> {
    if (this.inTransaction) this.commit();
    this.watchers.clear();
    this.db.close();
  }

  private currentKv(key: string): KeyValue | undefined {
    const row = this.stmts.rowAt.get(key, this.revision) as Row | undefined;
    return row && !row.deleted ? toKv(row) : undefined;
  }

  /**
   * Resolves once the write's transaction has committed, and only then tells the watchers, so that
   * nobody sees a write that could still be lost. Writes made in the same turn commit together.
   */
  private committed(ev: WatchEvent, kv: KeyValue): Promise<KeyValue> {
    return new Promise((resolve, reject) => {
      this.afterCommit.push({ done: () => { this.emit(ev); resolve(kv); }, fail: reject });
    });
  }

  private beginWrite(): void {
    if (this.inTransaction) return;
    this.db.exec('BEGIN IMMEDIATE');
    this.inTransaction = true;
    setImmediate(() => this.commit());
  }

  private commit(): void {
    const waiting = this.afterCommit;
    this.afterCommit = [];
    try {
      this.db.exec('COMMIT');
    } catch (e) {
      // Nothing of this batch reached the disk: forget it and tell every writer.
      try { this.db.exec('ROLLBACK'); } catch { /* already rolled back */ }
      this.inTransaction = false;
      this.reloadState();
      for (const w of waiting) w.fail(e as Error);
      return;
    }
    this.inTransaction = false;
    this.committedRevision = this.revision;
    for (const w of waiting) w.done();
  }

  private append(key: string, created: boolean, deleted: boolean, createRevision: number, prevRevision: number, value: string, oldValue: string | null): number {
    this.beginWrite();
    // This process is the only writer, so the next revision is known before the insert.
    const rev = this.revision + 1;
    if (created) createRevision = rev;
    this.stmts.insert.run(rev, key, created ? 1 : 0, deleted ? 1 : 0, createRevision, prevRevision, Buffer.from(value), oldValue === null ? null : Buffer.from(oldValue));
    this.revision = rev;
    this.latest.set(key, { modRevision: rev, createRevision, deleted });
    return rev;
  }

  private emit(ev: WatchEvent): void {
    for (const w of this.watchers) {
      if (ev.kv.key >= w.prefix && ev.kv.key < w.end) {
        try { w.onEvents([ev]); } catch (err) { console.error('watch callback failed:', err); }
      }
    }
  }
}

function toKv(r: Row): KeyValue {
  return { key: r.name, value: r.value ? r.value.toString('utf8') : '', createRevision: r.create_revision, modRevision: r.id };
}

function rowToEvent(r: Row): WatchEvent {
  const kv = toKv(r);
  if (r.deleted) return { type: 'delete', kv, prevKv: { ...kv, modRevision: r.prev_revision } };
  return r.created ? { type: 'put', kv } : { type: 'put', kv, prevKv: r.old_value ? { key: r.name, value: r.old_value.toString('utf8'), createRevision: r.create_revision, modRevision: r.prev_revision } : undefined };
}
