// The storage interface: a revisioned key-value log with etcd v3's semantics, so that the
// embedded SQLite backend and a real etcd are interchangeable behind the API server.

export interface KeyValue {
  key: string;
  value: string;
  /** Revision of the write that created the key (its current incarnation). */
  createRevision: number;
  /** Revision of the write that last changed it; the object's resourceVersion. */
  modRevision: number;
}

export type WatchEvent =
  | { type: 'put'; kv: KeyValue; prevKv?: KeyValue }
  /** `kv.modRevision` is the revision of the delete; `kv.value` is the value it had. */
  | { type: 'delete'; kv: KeyValue; prevKv?: KeyValue };

export interface RangeOptions {
  /** Read as of this revision (0 or absent: the newest). */
  revision?: number;
  /** At most this many keys (0 or absent: all). */
  limit?: number;
  /** Start at this key (inclusive), for paging with `continue`. */
  fromKey?: string;
}

export interface RangeResult {
  kvs: KeyValue[];
  /** The revision the read was served at. */
  revision: number;
  /** True when `limit` cut the result short. */
  more: boolean;
}

export type StoreErrorCode = 'KeyExists' | 'NotFound' | 'Conflict' | 'Compacted' | 'FutureRevision';

export class StoreError extends Error {
  constructor(readonly code: StoreErrorCode, message: string, readonly current?: KeyValue, readonly revision?: number) {
    super(message);
  }
}

export interface WatchHandle { cancel(): void }

export interface Store {
  /** The newest revision. */
  currentRevision(): Promise<number>;
  /** The oldest revision a watch or a read may start from, minus one. */
  compactedRevision(): Promise<number>;
  get(key: string, revision?: number): Promise<{ kv?: KeyValue; revision: number }>;
  /** Keys starting with `prefix`, in key order. */
  list(prefix: string, opts?: RangeOptions): Promise<RangeResult>;
  /** Fails with KeyExists if the key is present. */
  create(key: string, value: string): Promise<KeyValue>;
  /** Fails with NotFound, or Conflict when the key's modRevision is not `expectedModRevision`. */
  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue>;
  /** Fails with NotFound, or Conflict on a revision mismatch; returns the deleted value at the delete's revision. */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /**
   * Every change under `prefix` after `fromRevision`, in revision order: first the history,
   * then live changes. Fails with Compacted when `fromRevision` is below the compaction point.
   */
  watch(prefix: string, fromRevision: number, onEvents: (events: WatchEvent[]) => void): Promise<WatchHandle>;
  /** Start-up reads are over (the watch caches are loaded): a backend may let go of what made them fast. */
  startupReadsDone?(): void;
  /** Drops superseded history at or below `revision`. */
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}

/** The end of a prefix range: the smallest key greater than every key starting with `prefix`. */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
