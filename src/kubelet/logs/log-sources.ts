// The files of a container log as sources read by position: the live file and plain rotated
// files through an open handle (which keeps reading the same file if it is renamed or removed),
// gzipped rotated files decompressed into memory (each is at most about the rotation size).
import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { COMPRESSED_SUFFIX, type RotatedLog } from './rotated-logs';

const gunzipAsync = promisify(gunzip);

export interface LogSource {
  /** Reads into `buf` from `position`; the number of bytes read, 0 at the end. */
  read(buf: Buffer, position: number): Promise<number>;
  size(): Promise<number>;
  close(): Promise<void>;
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

export class FileSource implements LogSource {
  private constructor(private readonly fh: FileHandle, readonly ino: number) {}

  /** Opens the file; undefined when it does not exist. */
  static async open(path: string): Promise<FileSource | undefined> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
    return new FileSource(fh, (await fh.stat()).ino);
  }

  async read(buf: Buffer, position: number): Promise<number> {
    return (await this.fh.read(buf, 0, buf.length, position)).bytesRead;
  }

  async size(): Promise<number> { return (await this.fh.stat()).size; }

  close(): Promise<void> { return this.fh.close(); }
}

class MemorySource implements LogSource {
  constructor(private readonly data: Buffer) {}

  async read(buf: Buffer, position: number): Promise<number> {
    return position >= this.data.length ? 0 : this.data.copy(buf, 0, position, Math.min(this.data.length, position + buf.length));
  }

  async size(): Promise<number> { return this.data.length; }

  async close(): Promise<void> {}
}

async function gzipped(path: string): Promise<LogSource | undefined> {
  try {
    return new MemorySource(await gunzipAsync(await readFile(path)));
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

/** A rotated file as it is now: compressed since it was listed, or removed (undefined). */
export async function openRotated(log: RotatedLog): Promise<LogSource | undefined> {
  if (log.compressed) return gzipped(log.path);
  return (await FileSource.open(log.path)) ?? gzipped(`${log.path}${COMPRESSED_SUFFIX}`);
}

/** The inode at a path now, or undefined when nothing is there. */
export async function inodeAt(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).ino;
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}
