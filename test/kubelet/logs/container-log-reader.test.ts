import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCriLogLine, parseTimestamp } from '../../../src/kubelet/logs/cri-log-format';
import { readContainerLog, type LogReadOptions } from '../../../src/kubelet/logs/container-log-reader';

const LOG = [
  '2026-01-01T10:00:00.100000000Z stdout F one',
  '2026-01-01T10:00:01.000000001Z stderr F two',
  '2026-01-01T10:00:02.5Z stdout P thr',
  '2026-01-01T10:00:02.6Z stdout F ee',
  '2026-01-01T10:00:03Z stdout F four',
  'not a cri line',
  '',
].join('\n');

function withLog(text: string): { path: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-log-'));
  const path = join(dir, '0.log');
  writeFileSync(path, text);
  return { path, done: () => rmSync(dir, { recursive: true, force: true }) };
}

async function read(path: string, opts: Partial<LogReadOptions>, running = async () => false): Promise<string> {
  const chunks: Buffer[] = [];
  await readContainerLog(path, { follow: false, timestamps: false, ...opts }, {
    write: async (c) => { chunks.push(c); },
    isRunning: running,
    signal: new AbortController().signal,
  });
  return Buffer.concat(chunks).toString();
}

test('a CRI log line gives its time, stream, partial flag and content', () => {
  const e = parseCriLogLine(Buffer.from('2026-01-01T10:00:00.123456789Z stderr P a b c'))!;
  assert.equal(e.stream, 'stderr');
  assert.equal(e.partial, true);
  assert.equal(e.content.toString(), 'a b c');
  assert.equal(e.time, Date.parse('2026-01-01T10:00:00.123Z'));
  assert.equal(parseCriLogLine(Buffer.from('garbage')), undefined);
  assert.equal(parseCriLogLine(Buffer.from('2026-01-01T10:00:00Z stdout F'))?.content.length, 0, 'an empty line');
  assert.equal(parseTimestamp('2026-01-01T10:00:00+02:00'), Date.parse('2026-01-01T08:00:00Z'));
});

test('the whole log joins partial entries and skips lines not in the format', async () => {
  const { path, done } = withLog(LOG);
  try {
    assert.equal(await read(path, {}), 'one\ntwo\nthree\nfour\n');
  } finally { done(); }
});

test('tailLines counts the last lines of the file', async () => {
  const { path, done } = withLog(LOG);
  try {
    assert.equal(await read(path, { tailLines: 2 }), 'four\n', 'the last two lines are "four" and the bad line');
    assert.equal(await read(path, { tailLines: 4 }), 'three\nfour\n');
    assert.equal(await read(path, { tailLines: 0 }), '');
    assert.equal(await read(path, { tailLines: 100 }), 'one\ntwo\nthree\nfour\n');
  } finally { done(); }
});

test('sinceTime leaves out earlier entries; timestamps prefix each entry as written', async () => {
  const { path, done } = withLog(LOG);
  try {
    assert.equal(await read(path, { sinceTime: Date.parse('2026-01-01T10:00:01Z') }), 'two\nthree\nfour\n');
    assert.equal(await read(path, { tailLines: 2, timestamps: true }), '2026-01-01T10:00:03Z four\n');
  } finally { done(); }
});

test('limitBytes cuts the output at exactly that many bytes', async () => {
  const { path, done } = withLog(LOG);
  try {
    assert.equal(await read(path, { limitBytes: 6 }), 'one\ntw');
  } finally { done(); }
});

test('follow returns lines written later and ends once the container stopped', async () => {
  const { path, done } = withLog('2026-01-01T10:00:00Z stdout F first\n');
  let running = true;
  const seen: string[] = [];
  const abort = new AbortController();
  const reading = readContainerLog(path, { follow: true, timestamps: false }, {
    write: async (c) => { seen.push(c.toString()); },
    isRunning: async () => running,
    signal: abort.signal,
  });
  try {
    const started = Date.now();
    while (seen.join('') !== 'first\n') await new Promise((r) => setTimeout(r, 10));
    appendFileSync(path, '2026-01-01T10:00:01Z stdout F second\n');
    while (!seen.join('').includes('second')) {
      assert.ok(Date.now() - started < 3000, 'the appended line arrives');
      await new Promise((r) => setTimeout(r, 10));
    }
    appendFileSync(path, '2026-01-01T10:00:02Z stdout F last\n');
    running = false;
    await reading;
    assert.equal(seen.join(''), 'first\nsecond\nlast\n');
  } finally {
    abort.abort();
    done();
  }
});

test('tailLines counts only finished lines: a line still being written is neither counted nor printed', async () => {
  const { path, done } = withLog('2026-01-01T10:00:00Z stdout F one\n2026-01-01T10:00:00Z stdout F two\n2026-01-01T10:00:00Z stdout F three\n2026-01-01T10:00:00Z stdout F fo');
  try {
    assert.equal(await read(path, { tailLines: 2 }), 'two\nthree\n');
    assert.equal(await read(path, { tailLines: 10 }), 'one\ntwo\nthree\n');
  } finally { done(); }
  const partialOnly = withLog('2026-01-01T10:00:00Z stdout F unfin');
  try {
    assert.equal(await read(partialOnly.path, { tailLines: 1 }), '');
  } finally { partialOnly.done(); }
});

test('tailLines without follow prints the last lines as counted, while a writer keeps adding more', async () => {
  const { path, done } = withLog('');
  let n = 0;
  const line = () => `2026-01-01T10:00:00Z stdout F line ${++n}\n`;
  for (let i = 0; i < 50; i++) appendFileSync(path, line());
  // A busy writer: a line between every step of the reader.
  let writing = true;
  const writer = () => { if (!writing) return; appendFileSync(path, line()); setImmediate(writer); };
  setImmediate(writer);
  try {
    for (let i = 0; i < 50; i++) {
      const out = (await read(path, { tailLines: 5 })).trimEnd().split('\n');
      assert.equal(out.length, 5, out.join('|'));
      const first = Number(out[0].split(' ')[1]);
      assert.deepEqual(out, [0, 1, 2, 3, 4].map((k) => `line ${first + k}`));
    }
  } finally {
    writing = false;
    done();
  }
});
