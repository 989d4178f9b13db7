// Messages between the SQLite store (main thread) and its writer thread.

/** One row of the log, as the main thread decided it. */
export interface LogRow {
  id: number;
  key: string;
  created: boolean;
  deleted: boolean;
  createRevision: number;
  prevRevision: number;
  value: string;
  oldValue: string | null;
}

/** Commit these rows (and compact up to `compactTo`), in one transaction with any write requests queued behind it. */
export interface WriteRequest { type: 'write'; rows: LogRow[]; compactTo?: number }

export type WriterRequest =
  | WriteRequest
  /** Take requests again after a failure (sent once the main thread has reloaded its state). */
  | { type: 'resume' }
  /** Close the database and end the thread. */
  | { type: 'close' };

/** The answer to the next `requests` write requests, in the order they were sent. */
export type WriterReply = { ok: true; requests: number } | { ok: false; requests: number; message: string };
