import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readContainerLog, type LogReadOptions } from '../../../src/kubelet/logs/container-log-reader';

const entry = (i: number) => `2026-01-01T10:00:${String(i).padStart(2, '0')}.000000000Z stdout F line ${i}\n`;
const entries = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => entry(from + k)).join('');
const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => `line ${from + k}\n`).join('');

/** A log rotated twice: lines 0-2 gzipped, 3-5 in the newest rotated file, 6-8 live. */
function rotatedLog(): { dir: string; path: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-rlog-'));
  const path = join(dir, '0.log');
  writeFileSync(`${path}.20260101-100003.gz`, gzipSync(entries(0, 2)));
  writeFileSync(`${path}.20260101-100006`, entries(3, 5));
  writeFileSync(path, entries(6, 8));
  writeFileSync(join(dir, '1.log'), entry(50), 'utf8');
  return { dir, path, done: () => rmSync(dir, { recursive: true, force: true }) };
}

async function read(path: string, opts: Partial<LogReadOptions>): Promise<string> {
  const chunks: Buffer[] = [];
  await readContainerLog(path, { follow: false, timestamps: false, ...opts }, {
    write: async (c) => { chunks.push(c); },
    isRunning: async () => false,
    signal: new AbortController().signal,
  });
  return Buffer.concat(chunks).toString();
}

test('the whole log reads the rotated files oldest first, gzipped ones too, then the live file', async () => {
  const { path, done } = rotatedLog();
  try {
    assert.equal(await read(path, {}), lines(0, 8));
  } finally { done(); }
});

test('tailLines counts back across rotated files', async () => {
  const { path, done } = rotatedLog();
  try {
    assert.equal(await read(path, { tailLines: 2 }), lines(7, 8));
    assert.equal(await read(path, { tailLines: 3 }), lines(6, 8));
    assert.equal(await read(path, { tailLines: 4 }), lines(5, 8));
    assert.equal(await read(path, { tailLines: 8 }), lines(1, 8));
    assert.equal(await read(path, { tailLines: 100 }), lines(0, 8));
    assert.equal(await read(path, { tailLines: 0 }), '');
  } finally { done(); }
});

test('limitBytes and sinceTime apply to the log as a whole', async () => {
  const { path, done } = rotatedLog();
  try {
    assert.equal(await read(path, { limitBytes: 10 }), 'line 0\nlin');
    assert.equal(await read(path, { sinceTime: Date.parse('2026-01-01T10:00:04Z') }), lines(4, 8));
  } finally { done(); }
});

test('a file caught between compression and removal of its plain copy is read once', async () => {
  const { path, done } = rotatedLog();
  try {
    writeFileSync(`${path}.20260101-100006.gz`, gzipSync(entries(3, 5)));
    assert.equal(await read(path, {}), lines(0, 8));
  } finally { done(); }
});

test('between the rename and the reopen (no live file) the rotated files are read', async () => {
  const { path, done } = rotatedLog();
  try {
    renameSync(path, `${path}.20260101-100009`);
    assert.equal(await read(path, { tailLines: 4 }), lines(5, 8));
  } finally { done(); }
});

test('a follower reads on through a rotation: the rest of the renamed file, then the new live file', async () => {
  const { path, done } = rotatedLog();
  let running = true;
  const seen: Buffer[] = [];
  const text = () => Buffer.concat(seen).toString();
  const abort = new AbortController();
  const reading = readContainerLog(path, { follow: true, timestamps: false, tailLines: 2 }, {
    write: async (c) => { seen.push(c); },
    isRunning: async () => running,
    signal: abort.signal,
  });
  const waitFor = async (want: string) => { while (text() !== want) await new Promise((r) => setTimeout(r, 10)); };
  try {
    await waitFor(lines(7, 8));
    appendFileSync(path, entry(9));
    await waitFor(lines(7, 9));
    // Rotation: renamed, written to until the runtime reopens, then a new file at the path.
    renameSync(path, `${path}.20260101-100010`);
    appendFileSync(`${path}.20260101-100010`, entry(10));
    writeFileSync(path, entry(11));
    await waitFor(lines(7, 11));
    appendFileSync(path, entry(12));
    running = false;
    await reading;
    assert.equal(text(), lines(7, 12));
  } finally {
    abort.abort();
    done();
  }
});
