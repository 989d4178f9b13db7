// Termination messages: the file mounted at terminationMessagePath (4 KiB at most), and with
// FallbackToLogsOnError the tail of the CRI log of a failed container that wrote none.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerStatus } from '../../../src/kubelet/runtime/cri-types';
import { createTerminationLog, tailCriLog, terminationLogPath, terminationMessage } from '../../../src/kubelet/pods/termination-message';
import { TERMINATION_MESSAGE_PATH, TERMINATION_MESSAGE_POLICY } from '../../../src/kubelet/pods/cri-labels';

const dir = mkdtempSync(join(tmpdir(), 'k8ts-term-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function exited(opts: { exitCode: number; policy?: string; hostPath?: string; logPath?: string }): ContainerStatus {
  return {
    id: 'c1', state: 'CONTAINER_EXITED', createdAt: 0, startedAt: 0, finishedAt: 0, exitCode: opts.exitCode, imageRef: '', reason: 'Error', message: '',
    labels: {}, annotations: { [TERMINATION_MESSAGE_PATH]: '/dev/termination-log', [TERMINATION_MESSAGE_POLICY]: opts.policy ?? 'File' },
    mounts: opts.hostPath ? [{ containerPath: '/dev/termination-log', hostPath: opts.hostPath, readonly: false, selinuxRelabel: false, propagation: 'PROPAGATION_PRIVATE', recursiveReadOnly: false }] : [],
    logPath: opts.logPath ?? '', imageId: '', stopSignal: 'SIGNAL_RUNTIME_DEFAULT',
  };
}

const criLine = (stream: string, tag: string, text: string) => `2026-01-01T00:00:00.000000000Z ${stream} ${tag} ${text}\n`;

describe('termination messages', () => {
  it('creates a world-writable, empty file per container attempt under the pod directory', () => {
    const p = terminationLogPath(dir, 'uid1', 'web', 2);
    assert.equal(p, join(dir, 'uid1', 'containers', 'web', '2-termination-log'));
    createTerminationLog(p);
    assert.equal(statSync(p).size, 0);
    assert.equal(statSync(p).mode & 0o777, 0o666);
  });

  it('reads what the container wrote, at most 4 KiB', () => {
    const p = join(dir, 'msg');
    writeFileSync(p, 'x'.repeat(5000));
    assert.equal(terminationMessage(exited({ exitCode: 1, hostPath: p })).length, 4096);
    writeFileSync(p, 'bye now');
    assert.equal(terminationMessage(exited({ exitCode: 0, hostPath: p })), 'bye now');
  });

  it('falls back to the log tail only for a failed container with an empty message file', () => {
    const p = join(dir, 'empty');
    writeFileSync(p, '');
    const log = join(dir, 'c.log');
    writeFileSync(log, criLine('stdout', 'F', 'line1') + criLine('stderr', 'P', 'oo') + criLine('stderr', 'F', 'ps'));
    assert.equal(terminationMessage(exited({ exitCode: 2, policy: 'FallbackToLogsOnError', hostPath: p, logPath: log })), 'line1\noops\n');
    assert.equal(terminationMessage(exited({ exitCode: 0, policy: 'FallbackToLogsOnError', hostPath: p, logPath: log })), '');
    assert.equal(terminationMessage(exited({ exitCode: 2, policy: 'File', hostPath: p, logPath: log })), '');
  });

  it('keeps the last 80 lines and 2 KiB of a long log', () => {
    const log = join(dir, 'long.log');
    writeFileSync(log, Array.from({ length: 200 }, (_, i) => criLine('stdout', 'F', `l${i}`)).join(''));
    const tail = tailCriLog(log);
    assert.equal(tail.split('\n').filter(Boolean).length, 80);
    assert.match(tail, /^l120\n/);
    writeFileSync(log, Array.from({ length: 50 }, (_, i) => criLine('stdout', 'F', `${i}:${'y'.repeat(100)}`)).join(''));
    assert.equal(Buffer.byteLength(tailCriLog(log)), 2048);
  });
});
