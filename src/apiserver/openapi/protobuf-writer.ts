// A minimal protocol-buffers wire-format writer: the varint, bool, string and embedded-message
// fields that the OpenAPI v2 protobuf document needs. Proto3 rules: zero values are left out.

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

export class ProtoWriter {
  private readonly chunks: Buffer[] = [];
  private length = 0;

  private push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  private varint(n: number): void {
    const bytes: number[] = [];
    // Lengths and field tags only: non-negative and far below 2^53.
    while (n > 0x7f) {
      bytes.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    bytes.push(n);
    this.push(Buffer.from(bytes));
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  private delimited(field: number, b: Buffer): void {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(b.length);
    this.push(b);
  }

  string(field: number, value: string | undefined): this {
    if (value) this.delimited(field, Buffer.from(value, 'utf8'));
    return this;
  }

  strings(field: number, values: readonly string[] | undefined): this {
    // Repeated strings keep empty entries: position matters.
    for (const v of values ?? []) this.delimited(field, Buffer.from(v, 'utf8'));
    return this;
  }

  bool(field: number, value: boolean | undefined): this {
    if (value) {
      this.tag(field, WIRE_VARINT);
      this.varint(1);
    }
    return this;
  }

  /** An embedded message; written even when empty, because presence can carry meaning. */
  message(field: number, w: ProtoWriter): this {
    this.delimited(field, w.finish());
    return this;
  }

  finish(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.length);
  }
}
