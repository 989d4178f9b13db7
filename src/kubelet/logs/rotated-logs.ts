// The files of one container log after rotation, named as the kubelet names them: the live file
// (0.log), rotated ones with the time of rotation (0.log.20260128-160512), older ones gzipped
// (0.log.20260128-160401.gz), and .tmp files that an interrupted compression left behind.
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const COMPRESSED_SUFFIX = '.gz';
export const TMP_SUFFIX = '.tmp';

export interface RotatedLog {
  path: string;
  compressed: boolean;
  /** The rotation time as written in the name; names sort by it. */
  stamp: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The kubelet's timestamp layout (Go's "20060102-150405"), in UTC so that names sort by time. */
export function rotationStamp(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

export function rotatedLogPath(logPath: string, at: Date): string {
  return `${logPath}.${rotationStamp(at)}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Names in the log's directory that belong to it: rotated logs and leftover temporary files. */
export async function siblingNames(logPath: string): Promise<string[]> {
  try {
    const prefix = `${basename(logPath)}.`;
    return (await readdir(dirname(logPath))).filter((n) => n.startsWith(prefix));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * The log's rotated files, oldest first. A file caught between compression and the removal of
 * its plain copy is listed once, as the plain file.
 */
export async function listRotatedLogs(logPath: string): Promise<RotatedLog[]> {
  const pattern = new RegExp(`^${escapeRegExp(basename(logPath))}\\.(\\d{8}-\\d{6})(${escapeRegExp(COMPRESSED_SUFFIX)})?$`);
  const byStamp = new Map<string, RotatedLog>();
  for (const name of await siblingNames(logPath)) {
    const m = pattern.exec(name);
    if (!m) continue;
    const log = { path: join(dirname(logPath), name), compressed: !!m[2], stamp: m[1] };
    const seen = byStamp.get(log.stamp);
    if (!seen || seen.compressed) byStamp.set(log.stamp, log);
  }
  return [...byStamp.values()].sort((a, b) => (a.stamp < b.stamp ? -1 : a.stamp > b.stamp ? 1 : 0));
}
