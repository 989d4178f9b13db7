// Rotation of one container log by size, in the kubelet's steps: clear what an interrupted
// rotation left, drop the oldest rotated files so that with the one about to be made at most
// maxFiles remain, gzip all rotated files but the newest, then rename the live file aside and
// have the runtime reopen it (CRI ReopenContainerLog) so it writes a fresh one.
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { COMPRESSED_SUFFIX, TMP_SUFFIX, listRotatedLogs, rotatedLogPath, siblingNames } from './rotated-logs';

export interface LogRotationPolicy {
  /** Bytes the live file may reach before it is rotated. */
  maxSize: number;
  /** Files of one container log kept at most, the live one included (at least 2). */
  maxFiles: number;
}

export const DEFAULT_LOG_ROTATION: LogRotationPolicy = { maxSize: 10 * 1024 * 1024, maxFiles: 5 };

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

/** Removes temporary files and plain copies whose compressed twin is complete. */
async function cleanupUnused(logPath: string): Promise<void> {
  const names = new Set(await siblingNames(logPath));
  for (const name of names) {
    if (name.endsWith(TMP_SUFFIX) || names.has(`${name}${COMPRESSED_SUFFIX}`)) await rm(join(dirname(logPath), name), { force: true });
  }
}

async function compress(path: string): Promise<void> {
  const tmp = `${path}${TMP_SUFFIX}`;
  await pipeline(createReadStream(path), createGzip(), createWriteStream(tmp));
  await rename(tmp, `${path}${COMPRESSED_SUFFIX}`);
  await rm(path, { force: true });
}

/**
 * Rotates the log when it has reached the policy's size; true when it did. `reopen` asks the
 * runtime to write a new file at `logPath`; it is also called when the live file is missing.
 */
export async function rotateLogIfNeeded(logPath: string, policy: LogRotationPolicy, reopen: () => Promise<void>, now = new Date()): Promise<boolean> {
  let size: number;
  try {
    size = (await stat(logPath)).size;
  } catch (err) {
    if (!isMissing(err)) throw err;
    // An earlier rotation renamed it but the reopen failed: get the runtime writing again.
    await reopen();
    return false;
  }
  if (size < policy.maxSize) return false;
  const target = rotatedLogPath(logPath, now);
  // Names have one-second resolution: a second rotation within the same second waits a round.
  if (await exists(target) || await exists(`${target}${COMPRESSED_SUFFIX}`)) return false;

  await cleanupUnused(logPath);
  const rotated = await listRotatedLogs(logPath);
  const keep = Math.max(0, policy.maxFiles - 2);
  const excess = Math.max(0, rotated.length - keep);
  for (const old of rotated.slice(0, excess)) await rm(old.path, { force: true });
  // The file rotated now stays plain until the next rotation, as the kubelet leaves it.
  for (const r of rotated.slice(excess)) if (!r.compressed) await compress(r.path);

  await rename(logPath, target);
  try {
    await reopen();
  } catch (err) {
    // Put it back so that the runtime's writes and the next round find it where they expect.
    // The reopen's error is the one worth reporting; a failed rename back shows in the next round.
    await rename(target, logPath).catch(() => {});
    throw err;
  }
  return true;
}
