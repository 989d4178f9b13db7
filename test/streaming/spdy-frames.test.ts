import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import {
  FLAG_FIN, FRAME, FrameReader, HEADER_DICTIONARY, HeaderBlockWriter, adler32, controlStreamId, dataFrame, pingFrame, synStreamFrame,
} from '../../src/streaming/spdy-frames';

test('the header dictionary has the SPDY/3 length, ends with "enq=0." and starts with the length-prefixed "options"', () => {
  assert.equal(HEADER_DICTIONARY.length, 1423);
  assert.equal(HEADER_DICTIONARY.subarray(0, 11).toString('latin1'), '\0\0\0\x07options');
  assert.equal(HEADER_DICTIONARY.subarray(-6).toString('latin1'), 'enq=0.');
});

test('adler32 matches the RFC 1950 example value for "Wikipedia"', () => {
  assert.equal(adler32(Buffer.from('Wikipedia')), 0x11e60398);
});

test('header blocks from one writer inflate as one zlib stream primed with the dictionary', () => {
  const w = new HeaderBlockWriter();
  const first = w.encode({ streamType: 'error' });
  const second = w.encode({ streamtype: 'stdout', port: '8080' });
  // Only the first block carries the zlib header; the dictionary id is its adler32.
  assert.deepEqual([...first.subarray(0, 2)], [0x78, 0x20]);
  assert.equal(first.readUInt32BE(2), adler32(HEADER_DICTIONARY));
  assert.notEqual(second[0], 0x78);
  // Every block ends with a sync flush, so a reader can hand out its headers at once.
  for (const b of [first, second]) assert.deepEqual([...b.subarray(-5)], [0, 0, 0, 0xff, 0xff]);
  const plain = zlib.inflateSync(Buffer.concat([first, second]), { dictionary: HEADER_DICTIONARY, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const readBlock = (buf: Buffer, at: number): [Record<string, string>, number] => {
    const n = buf.readUInt32BE(at);
    let off = at + 4;
    const out: Record<string, string> = {};
    for (let i = 0; i < n; i++) {
      const nl = buf.readUInt32BE(off); const name = buf.toString('utf8', off + 4, off + 4 + nl); off += 4 + nl;
      const vl = buf.readUInt32BE(off); const value = buf.toString('utf8', off + 4, off + 4 + vl); off += 4 + vl;
      out[name] = value;
    }
    return [out, off];
  };
  const [h1, end1] = readBlock(plain, 0);
  const [h2, end2] = readBlock(plain, end1);
  assert.deepEqual(h1, { streamtype: 'error' }, 'names are lower-cased');
  assert.deepEqual(h2, { streamtype: 'stdout', port: '8080' });
  assert.equal(end2, plain.length);
});

test('control frames carry the control bit, version 3 and their type; data frames their stream and FIN', () => {
  const syn = synStreamFrame(5, Buffer.from('hb'));
  assert.deepEqual([...syn.subarray(0, 4)], [0x80, 0x03, 0x00, FRAME.synStream]);
  assert.equal(syn.readUInt32BE(4) & 0xffffff, 10 + 2);
  assert.equal(syn.readUInt32BE(8), 5);
  const data = dataFrame(7, Buffer.from('abc'), true);
  assert.equal(data.readUInt32BE(0), 7);
  assert.equal(data[4], FLAG_FIN);
  assert.equal(data.readUInt32BE(4) & 0xffffff, 3);
});

test('the frame reader returns whole frames however the bytes arrive', () => {
  const bytes = Buffer.concat([dataFrame(1, Buffer.from('hello')), pingFrame(2), dataFrame(3, Buffer.alloc(0), true)]);
  const reader = new FrameReader();
  const frames = [];
  for (let i = 0; i < bytes.length; i += 3) frames.push(...reader.push(bytes.subarray(i, i + 3)));
  assert.equal(frames.length, 3);
  assert.deepEqual(frames[0], { kind: 'data', streamId: 1, flags: 0, data: Buffer.from('hello') });
  assert.equal(frames[1].kind, 'control');
  assert.equal(frames[1].kind === 'control' && frames[1].type, FRAME.ping);
  assert.equal(frames[1].kind === 'control' && controlStreamId(frames[1].payload), 2);
  assert.deepEqual(frames[2], { kind: 'data', streamId: 3, flags: FLAG_FIN, data: Buffer.alloc(0) });
});

test('a control frame of another SPDY version is an error, not a misread', () => {
  const frame = pingFrame(1);
  frame.writeUInt16BE(0x8002, 0);
  assert.throws(() => new FrameReader().push(frame), /unsupported version 2/);
});
