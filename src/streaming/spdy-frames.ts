// SPDY/3.1 framing, as far as Kubernetes' streaming connections need it: reading control and data
// frames off a byte stream, and writing SYN_STREAM, DATA, RST_STREAM, PING and GOAWAY frames.
// Header blocks are zlib streams primed with the protocol's dictionary; the ones written here use
// stored (uncompressed) deflate blocks, which every zlib reader accepts and need no shared state.

export const SPDY_VERSION = 3;

export const FRAME = {
  synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9,
} as const;

export const FLAG_FIN = 0x01;

/** RST_STREAM status codes. */
export const RST = { protocolError: 1, invalidStream: 2, refusedStream: 3, cancel: 5, internalError: 6 } as const;

export type Frame =
  | { kind: 'data'; streamId: number; flags: number; data: Buffer }
  | { kind: 'control'; type: number; flags: number; payload: Buffer };

const HEADER_LENGTH = 8;
const MAX_FRAME_LENGTH = 0xffffff;

/** Accumulates bytes and returns the whole frames in them. */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const frames: Frame[] = [];
    let offset = 0;
    while (this.buffered.length - offset >= HEADER_LENGTH) {
      const length = this.buffered.readUInt32BE(offset + 4) & MAX_FRAME_LENGTH;
      if (this.buffered.length - offset < HEADER_LENGTH + length) break;
      const first = this.buffered.readUInt32BE(offset);
      const flags = this.buffered[offset + 4];
      const body = this.buffered.subarray(offset + HEADER_LENGTH, offset + HEADER_LENGTH + length);
      if (first & 0x80000000) {
        const version = (first >>> 16) & 0x7fff;
        if (version !== SPDY_VERSION) throw new Error(`SPDY: unsupported version ${version}`);
        frames.push({ kind: 'control', type: first & 0xffff, flags, payload: Buffer.from(body) });
      } else {
        frames.push({ kind: 'data', streamId: first & 0x7fffffff, flags, data: Buffer.from(body) });
      }
      offset += HEADER_LENGTH + length;
    }
    this.buffered = this.buffered.subarray(offset);
    return frames;
  }
}

function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  if (payload.length > MAX_FRAME_LENGTH) throw new Error(`SPDY: control frame of ${payload.length} bytes is too long`);
  const head = Buffer.alloc(HEADER_LENGTH);
  head.writeUInt32BE(((0x8000 | SPDY_VERSION) << 16 | type) >>> 0, 0);
  head.writeUInt32BE((flags << 24 | payload.length) >>> 0, 4);
  return Buffer.concat([head, payload]);
}

export function dataFrame(streamId: number, data: Buffer, fin = false): Buffer {
  if (data.length > MAX_FRAME_LENGTH) throw new Error(`SPDY: data frame of ${data.length} bytes is too long`);
  const head = Buffer.alloc(HEADER_LENGTH);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head.writeUInt32BE(((fin ? FLAG_FIN : 0) << 24 | data.length) >>> 0, 4);
  return Buffer.concat([head, data]);
}

export function synStreamFrame(streamId: number, headerBlock: Buffer, flags = 0): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt32BE(streamId & 0x7fffffff, 0);
  fixed.writeUInt32BE(0, 4); // associated-to stream: none
  fixed.writeUInt16BE(0, 8); // priority 0 (highest), slot 0
  return controlFrame(FRAME.synStream, flags, Buffer.concat([fixed, headerBlock]));
}

export function rstStreamFrame(streamId: number, status: number): Buffer {
  const p = Buffer.alloc(8);
  p.writeUInt32BE(streamId & 0x7fffffff, 0);
  p.writeUInt32BE(status, 4);
  return controlFrame(FRAME.rstStream, 0, p);
}

export function pingFrame(id: number): Buffer {
  const p = Buffer.alloc(4);
  p.writeUInt32BE(id >>> 0, 0);
  return controlFrame(FRAME.ping, 0, p);
}

export function goAwayFrame(lastGoodStreamId: number, status = 0): Buffer {
  const p = Buffer.alloc(8);
  p.writeUInt32BE(lastGoodStreamId & 0x7fffffff, 0);
  p.writeUInt32BE(status, 4);
  return controlFrame(FRAME.goAway, 0, p);
}

/** The stream a SYN_REPLY, RST_STREAM, HEADERS or WINDOW_UPDATE frame is about. */
export function controlStreamId(payload: Buffer): number {
  return payload.length >= 4 ? payload.readUInt32BE(0) & 0x7fffffff : 0;
}

// The zlib dictionary of SPDY/3 header compression: length-prefixed header names and values,
// then a run of status codes, reason phrases, dates and content types (SPDY/3 spec, 2.6.10.1).
const DICTIONARY_WORDS = [
  'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding',
  'accept-language', 'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection',
  'content-base', 'content-encoding', 'content-language', 'content-length', 'content-location',
  'content-md5', 'content-range', 'content-type', 'date', 'etag', 'expect', 'expires', 'from', 'host',
  'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since', 'last-modified',
  'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer',
  'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via',
  'warning', 'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url',
  'public', 'set-cookie', 'keep-alive', 'origin',
];
const DICTIONARY_TAIL =
  '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized' +
  '403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
  'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
  'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,' +
  'text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

export const HEADER_DICTIONARY: Buffer = Buffer.concat([
  ...DICTIONARY_WORDS.map((w) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(w.length, 0);
    return Buffer.concat([len, Buffer.from(w, 'latin1')]);
  }),
  Buffer.from(DICTIONARY_TAIL, 'latin1'),
]);

export function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** The uncompressed name/value block: a count, then length-prefixed names and values. */
export function headerBlockPlain(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n, 0); return b; };
  const entries = Object.entries(headers);
  parts.push(u32(entries.length));
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase());
    const v = Buffer.from(value);
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

const SYNC_FLUSH = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);

/**
 * Writes one direction's header blocks. The first block opens the zlib stream (header with the
 * dictionary's id); every block is one stored deflate block followed by a sync flush, so each
 * frame ends on a byte boundary with all of its headers readable.
 */
export class HeaderBlockWriter {
  private started = false;

  encode(headers: Record<string, string>): Buffer {
    const plain = headerBlockPlain(headers);
    if (plain.length > 0xffff) throw new Error('SPDY: header block too large');
    const parts: Buffer[] = [];
    if (!this.started) {
      // CMF 0x78 (deflate, 32 KiB window), FLG 0x20 (preset dictionary; 0x7820 is a multiple of 31).
      const zhead = Buffer.from([0x78, 0x20, 0, 0, 0, 0]);
      zhead.writeUInt32BE(adler32(HEADER_DICTIONARY), 2);
      parts.push(zhead);
      this.started = true;
    }
    const stored = Buffer.alloc(5);
    stored[0] = 0x00; // not the final block, type 00 (stored), padded to the byte
    stored.writeUInt16LE(plain.length, 1);
    stored.writeUInt16LE(~plain.length & 0xffff, 3);
    // An empty stored block (what a sync flush writes) makes the reader hand out the data now;
    // Go's inflater would otherwise look for the next block, past the end of this frame.
    parts.push(stored, plain, SYNC_FLUSH);
    return Buffer.concat(parts);
  }
}
