// Reads a container's CRI log the way `kubectl logs` asks for it: the last N lines, entries since
// a time, with timestamps, at most N bytes, and with follow, new entries as they are written
// until the container stops. The log is its rotated files (oldest first) and then the live file,
// read as one stream; a follower moves on to the new live file when rotation replaces it.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { formatEntry, parseCriLogLine } from './cri-log-format';
import { FileSource, inodeAt, openRotated, type LogSource } from './log-sources';
import { listRotatedLogs, type RotatedLog } from './rotated-logs';

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

/** Where the last `lines` lines of a source start, and how many of them it has. */
export async function tailStart(src: LogSource, size: number, lines: number): Promise<{ offset: number; lines: number }> {
  if (lines <= 0 || size === 0) return { offset: size, lines: 0 };
  let end = size;
  let found = 0;
  const buf = Buffer.alloc(CHUNK);
  // The last newline ends the last line; it does not start another. Bytes after it are a line
  // still being written (every CRI log record ends in a newline): not counted. A writer's line can
  // show that way: the file's size moves page by page within one write, so a size read meanwhile
  // may end inside the line (seen at a size of exactly 22 x 64 KiB with a busy writer).
  let skipLast = true;
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const bytesRead = await src.read(buf.subarray(0, end - start), start);
    for (let i = bytesRead - 1; i >= 0; i--) {
      if (buf[i] !== NEWLINE) continue;
      if (skipLast) { skipLast = false; continue; }
      if (++found === lines) return { offset: start + i + 1, lines };
    }
    end = start;
  }
  // The first line of the source has no newline before it (and there is none without a newline).
  return { offset: 0, lines: skipLast ? 0 : found + 1 };
}

/** Turns the bytes of log files into output: entries parsed, filtered, formatted, byte-limited. */
class LogCopier {
  private pending: Buffer = Buffer.alloc(0);
  private remaining: number;
  private readonly buf = Buffer.alloc(CHUNK);

  constructor(private readonly opts: LogReadOptions, private readonly target: LogReadTarget) {
    this.remaining = opts.limitBytes ?? Infinity;
  }

  /** Copies from `position` to the current end (or `end`); the position reached, or undefined once done (limit, abort). */
  async copy(src: LogSource, position: number, end = Infinity): Promise<number | undefined> {
    for (;;) {
      if (this.target.signal.aborted) return undefined;
      if (position >= end) return position;
      const bytesRead = await src.read(end === Infinity ? this.buf : this.buf.subarray(0, Math.min(CHUNK, end - position)), position);
      if (bytesRead === 0) return position;
      position += bytesRead;
      const chunk = this.buf.subarray(0, bytesRead);
      this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : Buffer.from(chunk);
      let lineStart = 0;
      const out: Buffer[] = [];
      for (let nl = this.pending.indexOf(NEWLINE); nl >= 0; nl = this.pending.indexOf(NEWLINE, lineStart)) {
        const entry = parseCriLogLine(this.pending.subarray(lineStart, nl));
        lineStart = nl + 1;
        if (!entry || (this.opts.sinceTime !== undefined && entry.time < this.opts.sinceTime)) continue;
        let text = formatEntry(entry, this.opts.timestamps);
        if (text.length >= this.remaining) text = text.subarray(0, this.remaining);
        this.remaining -= text.length;
        out.push(text);
        if (this.remaining <= 0) break;
      }
      this.pending = this.pending.subarray(lineStart);
      if (out.length) await this.target.write(Buffer.concat(out));
      if (this.remaining <= 0) return undefined;
    }
  }

  /** The next file starts with a fresh line: an unfinished one left by the last is dropped. */
  nextFile(): void { this.pending = Buffer.alloc(0); }
}

/** Rotated files of the log, without the live file opened just before should it have been rotated since. */
async function rotatedBefore(path: string, live: FileSource | undefined): Promise<RotatedLog[]> {
  const out: RotatedLog[] = [];
  for (const r of await listRotatedLogs(path)) {
    if (live && !r.compressed && (await inodeAt(r.path)) === live.ino) continue;
    out.push(r);
  }
  return out;
}

export async function readContainerLog(path: string, opts: LogReadOptions, target: LogReadTarget): Promise<void> {
  // The live file first: a rotation from here on leaves it readable through this handle.
  let live = await FileSource.open(path);
  const rotated = await rotatedBefore(path, live);
  if (!live && !rotated.length) throw Object.assign(new Error(`open '${path}': no such file or directory`), { code: 'ENOENT' });
  const opened = new Map<number, LogSource | undefined>();
  const source = async (i: number): Promise<LogSource | undefined> => {
    if (i === rotated.length) return live;
    if (!opened.has(i)) opened.set(i, await openRotated(rotated[i]));
    return opened.get(i);
  };
  let watcher: FSWatcher | undefined;
  let wake: (() => void) | undefined;
  // A change that came while nobody waited: the next wait returns at once.
  let dirty = false;
  try {
    // Where reading starts: file `first` (rotated.length = the live file) at `offset`.
    let first = 0;
    let offset = 0;
    // `--tail=N` without -f prints the last N lines as they were when counted, not also the
    // lines a busy writer has added since.
    let liveEnd = Infinity;
    if (opts.tailLines !== undefined) {
      first = rotated.length;
      const liveSize = live ? await live.size() : 0;
      offset = liveSize;
      if (!opts.follow) liveEnd = liveSize;
      let need = opts.tailLines;
      for (let i = rotated.length; i >= 0 && need > 0; i--) {
        const src = await source(i);
        if (!src) continue;
        const t = await tailStart(src, i === rotated.length ? liveSize : await src.size(), need);
        first = i;
        offset = t.offset;
        need -= t.lines;
      }
    }
    const copier = new LogCopier(opts, target);
    for (let i = first; i < rotated.length; i++) {
      const src = await source(i);
      if (!src) continue;
      copier.nextFile();
      if ((await copier.copy(src, i === first ? offset : 0)) === undefined) return;
      await src.close();
      opened.set(i, undefined);
    }
    let position = first === rotated.length ? offset : 0;
    copier.nextFile();
    if (live) {
      const p = await copier.copy(live, position, liveEnd);
      if (p === undefined) return;
      position = p;
    }
    if (!opts.follow) return;

    const name = basename(path);
    try {
      // The directory, not the file: rotation puts a new file at the path.
      watcher = watch(dirname(path), (_event, file) => {
        if (file === null || String(file).startsWith(name)) { dirty = true; wake?.(); }
      });
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
      // Looked at before the last read of the old file: once a new file is there, the runtime
      // writes only to it, so that read has everything the old one will ever hold.
      const ino = await inodeAt(path);
      if (live) {
        const p = await copier.copy(live, position);
        if (p === undefined) return;
        position = p;
      }
      if (ino !== undefined && ino !== live?.ino) {
        const next = await FileSource.open(path);
        if (next) {
          await live?.close();
          live = next;
          copier.nextFile();
          const p = await copier.copy(live, 0);
          if (p === undefined) return;
          position = p;
          continue;
        }
      }
      // Quiet for a while: has the container stopped? One more read picks up its last lines.
      if (!changed && !(await target.isRunning())) {
        if (live) await copier.copy(live, position);
        return;
      }
    }
  } finally {
    watcher?.close();
    for (const src of opened.values()) await src?.close();
    await live?.close();
  }
}
