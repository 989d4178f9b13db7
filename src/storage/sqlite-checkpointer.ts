// Copies committed pages from the write-ahead log into the database file, on a thread of its own
// (started by the writer, sqlite-writer.ts). SQLite's automatic checkpoints run inside a commit:
// measured here, every ~100th commit then took 15-35 ms (most of it fsync), and every write
// waiting behind it waited too. Here a PASSIVE checkpoint runs beside the writer's commits.
// It cannot shrink a log that is written to all the time (the log starts over only once every
// frame is copied and no commit came in between), so past RESTART_FRAMES a RESTART checkpoint,
// which holds the writer for one short copy, lets the next commit start the log from its beginning.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** 8,192 frames of 4 KB pages: a log of at most ~32 MB under sustained writes. */
const RESTART_FRAMES = 8192;

const db = new Database((workerData as { path: string }).path);
db.pragma('synchronous = NORMAL');

const port = parentPort!;
port.on('message', (msg: 'checkpoint' | 'close') => {
  if (msg === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    if (r.log > RESTART_FRAMES) db.pragma('wal_checkpoint(RESTART)');
  } catch (e) {
    // A checkpoint that could not run now (say, the database was busy) is tried again next time.
    console.error('sqlite checkpoint failed:', (e as Error).message);
  }
  port.postMessage('done');
});
