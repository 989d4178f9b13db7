// The protocol buffers wire format at its lowest level: tags, varints and length-delimited
// fields read from a byte buffer, with the offset of the problem in every error.

export const WireType = { Varint: 0, Fixed64: 1, LengthDelimited: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;

/** Malformed input; `decode-k8s-protobuf.ts` turns it into a 400 for the client. */
export class ProtobufDecodeError extends Error {}

export interface Tag { field: number; wireType: number }

/** A field the caller knows: its wire type, and a name for errors such as `metadata.name`. */
export interface KnownField { wireType: number; name: string }

/**
 * The `known` argument of readFields for a small fixed message: field number -> [JSON name, wire
 * type]. `path` and `message` name it in errors: `metadata.creationTimestamp.seconds (field 1 of Time)`.
 */
export function knownFields(path: string, message: string, fields: Record<number, readonly [string, number]>) {
  return (field: number): (KnownField & { field: number }) | undefined => {
    if (!Object.hasOwn(fields, field)) return undefined;
    const [name, wireType] = fields[field];
    return { field, wireType, name: `${path ? `${path}.` : ''}${name} (field ${field} of ${message})` };
  };
}

export class WireReader {
  private pos = 0;

  /** `origin` is where `buf` starts in the whole body, so that errors point into the body. */
  constructor(private readonly buf: Uint8Array, private readonly origin = 0) {}

  get done(): boolean { return this.pos >= this.buf.length; }

  readTag(): Tag {
    const at = this.pos;
    const key = this.readVarint();
    const field = Number(key >> 3n);
    if (field === 0 || field > 0x1fffffff) throw this.fail(`invalid field number ${field}`, at);
    return { field, wireType: Number(key & 7n) };
  }

  /** The raw 64 bits; callers reinterpret them as the field's signed or unsigned type. */
  readVarint(): bigint {
    const at = this.pos;
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) throw this.fail('varint runs past the end of the data', at);
      const b = this.buf[this.pos++];
      value |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, value);
    }
    throw this.fail('varint is longer than 10 bytes', at);
  }

  /** The payload of a length-delimited field, as a view into the same memory. */
  readBytes(): Uint8Array {
    return this.buf.subarray(...this.readSpan());
  }

  /** A length-delimited value as text; invalid UTF-8 becomes U+FFFD, as in Go's JSON output. */
  readString(): string {
    const [start, end] = this.readSpan();
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + start, end - start).toString('utf8');
  }

  /** A reader over the embedded message that is the next length-delimited value. */
  readMessage(): WireReader {
    const [start, end] = this.readSpan();
    return new WireReader(this.buf.subarray(start, end), this.origin + start);
  }

  /**
   * Reads the message to its end. `known` says which fields the caller reads (with `read`, which
   * must consume the value); the others are skipped. A known field of another wire type is an error.
   */
  readFields<K extends KnownField>(known: (field: number) => K | undefined, read: (field: K) => void): void {
    while (!this.done) {
      const at = this.pos;
      const tag = this.readTag();
      const k = known(tag.field);
      if (!k) { this.skip(tag); continue; }
      if (tag.wireType !== k.wireType) {
        throw this.fail(`${k.name} has wire type ${tag.wireType}, expected ${k.wireType}`, at);
      }
      read(k);
    }
  }

  /** Steps over the value of a field this decoder does not know, as protobuf decoders must. */
  skip(tag: Tag): void {
    switch (tag.wireType) {
      case WireType.Varint: this.readVarint(); return;
      case WireType.Fixed64: this.advance(8); return;
      case WireType.LengthDelimited: this.readSpan(); return;
      case WireType.Fixed32: this.advance(4); return;
      case WireType.StartGroup: this.skipGroup(tag.field); return;
      default: throw this.fail(`unexpected wire type ${tag.wireType} for field ${tag.field}`, this.pos);
    }
  }

  fail(message: string, at = this.pos): ProtobufDecodeError {
    return new ProtobufDecodeError(`${message} (at byte ${this.origin + at})`);
  }

  private readSpan(): [number, number] {
    const at = this.pos;
    const length = this.readVarint();
    if (length > BigInt(this.buf.length - this.pos)) {
      throw this.fail(`length ${length} runs past the end of the data`, at);
    }
    const start = this.pos;
    this.pos += Number(length);
    return [start, this.pos];
  }

  private skipGroup(field: number): void {
    for (;;) {
      if (this.done) throw this.fail(`group ${field} has no end`);
      const inner = this.readTag();
      if (inner.wireType === WireType.EndGroup) {
        if (inner.field !== field) throw this.fail(`group ${field} ended by end-group ${inner.field}`);
        return;
      }
      this.skip(inner);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.buf.length) throw this.fail('fixed-size value runs past the end of the data');
    this.pos += n;
  }
}
