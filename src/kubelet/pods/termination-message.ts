// A container's termination message, as the kubelet gets it: the kubelet bind-mounts a file of its
// own (DATA/pods/<uid>/containers/<name>/<attempt>-termination-log) at terminationMessagePath, and
// reads at most 4 KiB of it once the container has exited. With FallbackToLogsOnError, a failed
// container that wrote nothing there gets the tail of its log instead (80 lines, 2 KiB at most).
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, fstatSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ContainerStatus as CriContainerStatus } from '../runtime/cri-types';
import { TERMINATION_MESSAGE_PATH, TERMINATION_MESSAGE_POLICY } from './cri-labels';

const MAX_MESSAGE_BYTES = 4096;
const MAX_LOG_LINES = 80;
const MAX_LOG_BYTES = 2048;
/** Enough of a CRI log's end to hold 80 lines' worth of 2 KiB of text and their prefixes. */
const LOG_TAIL_READ_BYTES = 64 * 1024;

export function terminationLogPath(podsDir: string, uid: string, containerName: string, attempt: number): string {
  return join(podsDir, uid, 'containers', containerName, `${attempt}-termination-log`);
}

/** Creates the (empty, world-writable) file the container's terminationMessagePath is mounted from. */
export function createTerminationLog(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '');
  chmodSync(path, 0o666);
}

/** The last `maxBytes` of a file (all of it when shorter, `cut` telling which); empty when it does not exist. */
function readTail(path: string, maxBytes: number): { text: string; cut: boolean } {
  if (!existsSync(path)) return { text: '', cut: false };
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    return { text: buf.toString('utf8'), cut: size > length };
  } finally {
    closeSync(fd);
  }
}

function readHead(path: string, maxBytes: number): string {
  if (!existsSync(path)) return '';
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(maxBytes);
    return buf.subarray(0, readSync(fd, buf, 0, maxBytes, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * The text of the last `lines` lines of a CRI log file (`<time> <stream> <P|F> <text>` per line,
 * P for a partial line continued by the next), at most `maxBytes` of it, from its end.
 */
export function tailCriLog(path: string, lines = MAX_LOG_LINES, maxBytes = MAX_LOG_BYTES): string {
  const { text: tail, cut } = readTail(path, LOG_TAIL_READ_BYTES);
  const raw = tail.split('\n');
  // A read that started mid-file has cut its first line.
  if (cut) raw.shift();
  const messages: string[] = [];
  let partial = '';
  for (const line of raw) {
    const m = /^\S+ (?:stdout|stderr) ([PF]) ?(.*)$/.exec(line);
    if (!m) continue;
    partial += m[2];
    if (m[1] === 'F') { messages.push(`${partial}\n`); partial = ''; }
  }
  const text = Buffer.from(messages.slice(-lines).join(''));
  return text.subarray(Math.max(0, text.length - maxBytes)).toString('utf8');
}

/** The message Kubernetes shows in state.terminated.message for an exited container, if any. */
export function terminationMessage(s: CriContainerStatus): string {
  if (s.state !== 'CONTAINER_EXITED') return '';
  const path = s.annotations[TERMINATION_MESSAGE_PATH];
  const fallback = s.annotations[TERMINATION_MESSAGE_POLICY] === 'FallbackToLogsOnError' && s.exitCode !== 0 && s.reason !== 'ContainerCannotRun';
  const mount = path ? s.mounts.find((m) => m.containerPath === path) : undefined;
  let message = '';
  if (mount) {
    try {
      message = readHead(mount.hostPath, MAX_MESSAGE_BYTES);
    } catch (e) {
      return `Error on reading termination log ${mount.hostPath}: ${(e as Error).message}`;
    }
  }
  if (message === '' && fallback && s.logPath) {
    try {
      message = tailCriLog(s.logPath);
    } catch (e) {
      return `Error on reading termination message from logs: ${(e as Error).message}`;
    }
  }
  return message;
}
