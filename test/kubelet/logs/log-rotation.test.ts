import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { rotateLogIfNeeded } from '../../../src/kubelet/logs/log-rotation';
import { listRotatedLogs, rotatedLogPath } from '../../../src/kubelet/logs/rotated-logs';

function logDir(): { dir: string; path: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-rot-'));
  return { dir, path: join(dir, '0.log'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

const line = (i: number) => `2026-01-01T10:00:00.${String(i).padStart(9, '0')}Z stdout F line ${i}\n`;
/** The runtime's side of ReopenContainerLog: a fresh, empty file at the log path. */
const reopener = (path: string) => { let calls = 0; return { reopen: async () => { calls++; writeFileSync(path, ''); }, calls: () => calls }; };

test('a log under the size is left alone; one at the size is renamed with its time and reopened', async () => {
  const { dir, path, done } = logDir();
  try {
    writeFileSync(path, line(1));
    const r = reopener(path);
    const policy = { maxSize: 100, maxFiles: 3 };
    assert.equal(await rotateLogIfNeeded(path, policy, r.reopen), false);
    assert.equal(r.calls(), 0);
    writeFileSync(path, line(1) + line(2) + line(3));
    const at = new Date('2026-11-28T10:11:12Z');
    assert.equal(await rotateLogIfNeeded(path, policy, r.reopen, at), true);
    assert.equal(r.calls(), 1);
    assert.deepEqual(readdirSync(dir).sort(), ['0.log', '0.log.20261128-101112']);
    assert.equal(rotatedLogPath(path, at), join(dir, '0.log.20261128-101112'));
    assert.equal(readFileSync(join(dir, '0.log.20261128-101112'), 'utf8'), line(1) + line(2) + line(3));
    assert.equal(readFileSync(path, 'utf8'), '');
  } finally { done(); }
});

test('rotation keeps at most maxFiles files, gzipping all rotated ones but the newest', async () => {
  const { dir, path, done } = logDir();
  try {
    const r = reopener(path);
    const policy = { maxSize: 10, maxFiles: 3 };
    for (let i = 0; i < 5; i++) {
      writeFileSync(path, line(i));
      assert.equal(await rotateLogIfNeeded(path, policy, r.reopen, new Date(Date.UTC(2026, 10, 28, 10, 0, i))), true);
      assert.ok(readdirSync(dir).length <= 3, `at most 3 files after rotation ${i}: ${readdirSync(dir).join(' ')}`);
    }
    assert.deepEqual(readdirSync(dir).sort(), ['0.log', '0.log.20261128-100003.gz', '0.log.20261128-100004']);
    assert.equal(gunzipSync(readFileSync(join(dir, '0.log.20261128-100003.gz'))).toString(), line(3));
    assert.equal(readFileSync(join(dir, '0.log.20261128-100004'), 'utf8'), line(4));
    assert.deepEqual((await listRotatedLogs(path)).map((l) => [l.stamp, l.compressed]), [['20261128-100003', true], ['20261128-100004', false]]);
  } finally { done(); }
});

test('with maxFiles 2 only the live file and the one just rotated remain', async () => {
  const { dir, path, done } = logDir();
  try {
    const r = reopener(path);
    for (let i = 0; i < 3; i++) {
      writeFileSync(path, line(i));
      await rotateLogIfNeeded(path, { maxSize: 1, maxFiles: 2 }, r.reopen, new Date(Date.UTC(2026, 10, 28, 10, 0, i)));
    }
    assert.deepEqual(readdirSync(dir).sort(), ['0.log', '0.log.20261128-100002']);
  } finally { done(); }
});

test('leftovers of an interrupted compression are cleared; a second rotation in the same second waits', async () => {
  const { dir, path, done } = logDir();
  try {
    writeFileSync(join(dir, '0.log.20261128-090000'), line(0));
    writeFileSync(join(dir, '0.log.20261128-090000.gz'), Buffer.alloc(0));
    writeFileSync(join(dir, '0.log.20261128-090001.tmp'), 'half');
    writeFileSync(join(dir, '1.log'), 'another container instance');
    writeFileSync(path, line(1));
    const r = reopener(path);
    const at = new Date('2026-11-28T10:00:00Z');
    assert.equal(await rotateLogIfNeeded(path, { maxSize: 1, maxFiles: 5 }, r.reopen, at), true);
    assert.deepEqual(readdirSync(dir).sort(), ['0.log', '0.log.20261128-090000.gz', '0.log.20261128-100000', '1.log']);
    writeFileSync(path, line(2));
    assert.equal(await rotateLogIfNeeded(path, { maxSize: 1, maxFiles: 5 }, r.reopen, at), false);
    assert.equal(readFileSync(path, 'utf8'), line(2), 'the live file stays until the next round');
  } finally { done(); }
});

test('a failed reopen puts the live file back; a missing live file is reopened', async () => {
  const { dir, path, done } = logDir();
  try {
    writeFileSync(path, line(1));
    await assert.rejects(rotateLogIfNeeded(path, { maxSize: 1, maxFiles: 3 }, async () => { throw new Error('container not running'); }), /container not running/);
    assert.deepEqual(readdirSync(dir), ['0.log']);
    assert.equal(readFileSync(path, 'utf8'), line(1));
    rmSync(path);
    const r = reopener(path);
    assert.equal(await rotateLogIfNeeded(path, { maxSize: 1, maxFiles: 3 }, r.reopen), false);
    assert.equal(r.calls(), 1);
    assert.ok(existsSync(path));
  } finally { done(); }
});
