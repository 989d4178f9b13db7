import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtobufDecodeError, WireReader } from '../../../src/apiserver/protobuf/wire-reader';
import { int, key, msg, str, varint } from './proto-writer';

const reader = (...parts: Buffer[]) => new WireReader(Buffer.concat(parts));

test('varints decode from one to ten bytes, keeping all 64 bits', () => {
  assert.equal(reader(Buffer.from([0x01])).readVarint(), 1n);
  assert.equal(reader(Buffer.from([0xac, 0x02])).readVarint(), 300n);
  const minusOne = varint(-1);
  assert.equal(minusOne.length, 10);
  assert.equal(reader(minusOne).readVarint(), 0xffff_ffff_ffff_ffffn);
});

test('a varint that is too long or cut off is an error with its offset', () => {
  assert.throws(() => reader(Buffer.alloc(11, 0xff)).readVarint(), ProtobufDecodeError);
  assert.throws(() => reader(Buffer.alloc(11, 0xff)).readVarint(), { message: 'varint is longer than 10 bytes (at byte 0)' });
  const r = reader(Buffer.from([0x01, 0x80, 0x80]));
  r.readVarint();
  assert.throws(() => r.readVarint(), { message: 'varint runs past the end of the data (at byte 1)' });
});

test('tags split into field number and wire type; field 0 is invalid', () => {
  assert.deepEqual(reader(key(17, 2)).readTag(), { field: 17, wireType: 2 });
  assert.throws(() => reader(Buffer.from([0x02])).readTag(), { message: 'invalid field number 0 (at byte 0)' });
});

test('strings and embedded messages are length-delimited; errors inside point into the whole body', () => {
  const r = reader(str(1, 'héllo'), msg(2, int(1, 5), Buffer.from([0x10])));
  r.readTag();
  assert.equal(r.readString(), 'héllo');
  r.readTag();
  const inner = r.readMessage();
  inner.readTag();
  assert.equal(inner.readVarint(), 5n);
  inner.readTag();
  // The embedded message starts at byte 10 of the body (8 for the string, 2 for tag and length),
  // so the value missing after its second tag would be at byte 13.
  assert.throws(() => inner.readVarint(), { message: 'varint runs past the end of the data (at byte 13)' });
});

test('a length beyond the end of the data is an error', () => {
  const r = reader(key(1, 2), varint(50), Buffer.from('short'));
  r.readTag();
  assert.throws(() => r.readBytes(), { message: 'length 50 runs past the end of the data (at byte 1)' });
});

test('skip steps over every wire type, groups included, and stops at the next field', () => {
  const r = reader(
    int(1, -1), key(2, 1), Buffer.alloc(8), str(3, 'x'), key(4, 5), Buffer.alloc(4),
    key(5, 3), int(1, 1), key(6, 3), key(6, 4), key(5, 4),
    int(7, 42),
  );
  for (let i = 0; i < 5; i++) r.skip(r.readTag());
  assert.deepEqual(r.readTag(), { field: 7, wireType: 0 });
  assert.equal(r.readVarint(), 42n);
  assert.equal(r.done, true);
});

test('a group closed by another field number, or never closed, is an error', () => {
  const mismatched = reader(key(5, 3), key(6, 4));
  assert.throws(() => mismatched.skip(mismatched.readTag()), { message: /group 5 ended by end-group 6/ });
  const open = reader(key(5, 3), int(1, 1));
  assert.throws(() => open.skip(open.readTag()), { message: /group 5 has no end/ });
  const fixed = reader(key(1, 1), Buffer.alloc(3));
  assert.throws(() => fixed.skip(fixed.readTag()), { message: /fixed-size value runs past the end/ });
  const stray = reader(key(1, 4));
  assert.throws(() => stray.skip(stray.readTag()), { message: /unexpected wire type 4 for field 1/ });
});
