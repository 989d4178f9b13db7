// Builds protobuf bytes by hand for the decoder tests. Field numbers in the tests are read off
// Kubernetes' generated.proto files, not off our schema table, so that a wrong number there fails.

export function varint(value: bigint | number): Buffer {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return Buffer.from(out);
}

export const key = (field: number, wireType: number): Buffer => varint((field << 3) | wireType);

/** A varint field: int32, int64 (negative ones take 10 bytes, as Go writes them) or bool. */
export const int = (field: number, value: bigint | number | boolean): Buffer =>
  Buffer.concat([key(field, 0), varint(typeof value === 'boolean' ? Number(value) : value)]);

/** A length-delimited field: string or bytes. */
export function str(field: number, value: string | Uint8Array): Buffer {
  const b = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  return Buffer.concat([key(field, 2), varint(b.length), b]);
}

/** An embedded message made of the given fields. */
export const msg = (field: number, ...fields: Buffer[]): Buffer => str(field, Buffer.concat(fields));

/** One map entry (`key = 1`, `value = 2`). */
export const entry = (field: number, k: string, v: string | Uint8Array): Buffer => msg(field, str(1, k), str(2, v));

/** A Time or MicroTime message. */
export const time = (field: number, seconds: number, nanos = 0): Buffer =>
  msg(field, int(1, seconds), ...(nanos ? [int(2, nanos)] : []));

/** The whole body: `k8s\x00` and runtime.Unknown{typeMeta{apiVersion, kind}, raw}. */
export function envelope(apiVersion: string, kind: string, ...raw: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from('k8s\x00', 'latin1'), msg(1, str(1, apiVersion), str(2, kind)), msg(2, ...raw)]);
}
