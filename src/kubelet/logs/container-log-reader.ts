// Reads a container's CRI log file the way `kubectl logs` asks for it: the last N lines, entries
// since a time, with timestamps, at most N bytes, and with follow, new entries as they are written
// until the container stops.
import { open, type FileHandle } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import { formatEntry, parseCriLogLine } from './cri-log-format';

export interface LogReadOptions {
  follow: boolean;
  tailLines?: number;
  /** Milliseconds since the epoch: entries before it are left out. */
  sinceTime?: number;
  timestamps: boolean;
  limitBytes?: number;
}

export interface LogReadTarget {
  /** Receives the formatted output; resolves when the reader may write more. */
  write(chunk: Buffer): Promise<void>;
  /** Whether the container can still write to the file (follow ends when it cannot). */
  isRunning(): Promise<boolean>;
  signal: AbortSignal;
}

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;
/** How often a follower looks again without a file change event, and checks the container. */
const POLL_MS = 1000;

/** The offset where the last `lines` lines of the file start. */
export async function tailOffset(fh: FileHandle, size: number, lines: number): Promise<number> {
  if (lines <= 0) return size;
  let end = size;
  let found = 0;
  const buf = Buffer.alloc(CHUNK);
  // A final newline ends the last line; it does not start another.
  let skipLast = true;
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const { bytesRead } = await fh.read(buf, 0, end - start, start);
    for (let i = bytesRead - 1; i >= 0; i--) {
      if (buf[i] !== NEWLINE) { skipLast = false; continue; }
      if (skipLast) { skipLast = false; continue; }
      if (++found === lines) return start + i + 1;
    }
    end = start;
  }
  return 0;
}

export async function readContainerLog(path: string, opts: LogReadOptions, target: LogReadTarget): Promise<void> {
  const fh = await open(path, 'r');
  let watcher: FSWatcher | undefined;
  let wake: (() => void) | undefined;
  // A change that came while nobody waited: the next wait returns at once.
  let dirty = false;
  try {
    const { size } = await fh.stat();
    let position = opts.tailLines !== undefined ? await tailOffset(fh, size, opts.tailLines) : 0;
    let pending: Buffer = Buffer.alloc(0);
    let remaining = opts.limitBytes ?? Infinity;
    const buf = Buffer.alloc(CHUNK);

    /** Reads what is there now; returns false once the byte limit is reached. */
    const drain = async (): Promise<boolean> => {
      for (;;) {
        if (target.signal.aborted) return false;
        const { bytesRead } = await fh.read(buf, 0, CHUNK, position);
        if (bytesRead === 0) return true;
        position += bytesRead;
        pending = pending.length ? Buffer.concat([pending, buf.subarray(0, bytesRead)]) : Buffer.from(buf.subarray(0, bytesRead));
        let lineStart = 0;
        const out: Buffer[] = [];
        for (let nl = pending.indexOf(NEWLINE); nl >= 0; nl = pending.indexOf(NEWLINE, lineStart)) {
          const entry = parseCriLogLine(pending.subarray(lineStart, nl));
          lineStart = nl + 1;
          if (!entry || (opts.sinceTime !== undefined && entry.time < opts.sinceTime)) continue;
          let text = formatEntry(entry, opts.timestamps);
          if (text.length >= remaining) text = text.subarray(0, remaining);
          remaining -= text.length;
          out.push(text);
          if (remaining <= 0) break;
        }
        pending = pending.subarray(lineStart);
        if (out.length) await target.write(Buffer.concat(out));
        if (remaining <= 0) return false;
      }
    };

    if (!(await drain()) || !opts.follow) return;
    try {
      watcher = watch(path, () => { dirty = true; wake?.(); });
      watcher.on('error', () => {});
    } catch { /* polling alone still works */ }
    for (;;) {
      const changed = dirty || await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => done(false), POLL_MS);
        const onAbort = () => done(false);
        target.signal.addEventListener('abort', onAbort, { once: true });
        function done(v: boolean) {
          clearTimeout(timer);
          target.signal.removeEventListener('abort', onAbort);
          wake = undefined;
          resolve(v);
        }
        wake = () => done(true);
      });
      dirty = false;
      if (target.signal.aborted) return;
      // Quiet for a while: has the container stopped? One more read picks up its last lines.
      if (!changed && !(await target.isRunning())) { await drain(); return; }
      if (!(await drain())) return;
    }
  } finally {
    watcher?.close();
    await fh.close();
  }
}
