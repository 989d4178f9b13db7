// The SQLite store's one writer, on a thread of its own: inserting rows and committing them
// (with the WAL writes and the checkpoints' fsyncs) cost ~0.26 ms of the main thread per write on
// this machine, a third of a pod create. The main thread still decides every revision and every
// conflict (it keeps each key's newest state in memory); this thread only makes batches durable.
// Checkpoints run on a thread of their own (sqlite-checkpointer.ts), asked for from here.
import { type MessagePort, Worker, receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { WriteRequest, WriterReply, WriterRequest } from './sqlite-writer-protocol';
import { workerEntry } from './worker-entry';

const { path, port } = workerData as { path: string; port: MessagePort };
const db = new Database(path);
db.pragma('journal_mode = WAL');
// NORMAL in WAL mode survives a process crash; only an OS crash can lose the last commits.
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 0');
const insert = db.prepare('INSERT INTO kine (id, name, created, deleted, create_revision, prev_revision, lease, value, old_value) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)');
const dropSuperseded = db.prepare('DELETE FROM kine WHERE id <= ? AND id NOT IN (SELECT MAX(id) FROM kine WHERE id <= ? GROUP BY name)');
const dropTombstones = db.prepare('DELETE FROM kine WHERE id <= ? AND deleted = 1');
const setMeta = db.prepare('INSERT INTO k8ts_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');

/** One transaction for several requests: each one's rows, then its compaction if it asks for one. */
const apply = db.transaction((batch: WriteRequest[]) => {
  for (const req of batch) {
    for (const r of req.rows) {
      insert.run(r.id, r.key, r.created ? 1 : 0, r.deleted ? 1 : 0, r.createRevision, r.prevRevision, Buffer.from(r.value), r.oldValue === null ? null : Buffer.from(r.oldValue));
    }
    if (req.compactTo !== undefined) {
      // Rows superseded by a newer row of the same key at or below the target, and tombstones at or below it.
      dropSuperseded.run(req.compactTo, req.compactTo);
      dropTombstones.run(req.compactTo);
      setMeta.run('compact_revision', req.compactTo);
    }
  }
});

const CHECKPOINT_ROWS = 400;

/**
 * Asks the checkpointer thread for a checkpoint every CHECKPOINT_ROWS rows (about the 1,000 pages
 * after which SQLite would checkpoint by itself), and after a quiet second for whatever is left.
 */
class Checkpoints {
  private readonly thread = new Worker(workerEntry('sqlite-checkpointer', import.meta.url), { workerData: { path } });
  private rows = 0;
  private running = false;
  private quiet?: NodeJS.Timeout;

  constructor() {
    // Only a checkpoint under way keeps the thread alive.
    this.thread.unref();
    this.thread.on('message', () => {
      this.running = false;
      this.thread.unref();
    });
    this.thread.on('error', (e) => console.error('sqlite checkpointer failed:', e.message));
  }

  written(rows: number): void {
    this.rows += rows;
    if (this.rows >= CHECKPOINT_ROWS) this.request();
    else if (!this.quiet) {
      this.quiet = setTimeout(() => { this.quiet = undefined; this.request(); }, 1000);
      this.quiet.unref();
    }
  }

  private request(): void {
    if (this.running || this.rows === 0) return;
    this.rows = 0;
    this.running = true;
    this.thread.ref();
    this.thread.postMessage('checkpoint');
  }

  close(): void {
    clearTimeout(this.quiet);
    this.thread.postMessage('close');
  }
}

const checkpoints = new Checkpoints();

/**
 * Set when a request fails: the requests behind it were decided on top of it, so they are refused
 * too, until the main thread has read the state back and says `resume`.
 */
let failed = false;

const next = (): WriterRequest | undefined => receiveMessageOnPort(port)?.message as WriterRequest | undefined;

port.on('message', (first: WriterRequest) => {
  for (let req: WriterRequest | undefined = first; req;) {
    if (req.type === 'close') {
      checkpoints.close();
      db.close();
      port.close();
      return;
    }
    if (req.type === 'resume') {
      failed = false;
      req = next();
      continue;
    }
    // Group commit: this request and every write request already waiting behind it (sent while
    // the last transaction was committing) go in one transaction.
    const batch = [req];
    req = undefined;
    for (let m = next(); m; m = next()) {
      if (m.type !== 'write') { req = m; break; }
      batch.push(m);
    }
    const reply = commit(batch);
    port.postMessage(reply);
    if (reply.ok) checkpoints.written(batch.reduce((n, r) => n + r.rows.length, 0));
  }
});

function commit(batch: WriteRequest[]): WriterReply {
  if (failed) return { ok: false, requests: batch.length, message: 'not written: an earlier batch failed' };
  try {
    apply(batch);
    return { ok: true, requests: batch.length };
  } catch (e) {
    // The transaction was rolled back: nothing of these requests reached the database.
    failed = true;
    return { ok: false, requests: batch.length, message: (e as Error).message };
  }
}

