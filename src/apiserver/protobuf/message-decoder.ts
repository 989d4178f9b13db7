// Decodes one protobuf message into the JSON object Go's encoding/json would write for the same
// Go struct, driven by a schema from message-schemas.ts. Unknown fields are skipped, as the
// generated Go decoders do; a known field with the wrong wire type is an error.
import { type JsonObject, type JsonValue, getOwn, isJsonObject, setOwn } from '../../api/json-value';
import type { FieldSchema, FieldType, MapType, MessageSchema, ScalarType, SpecialType } from './message-schemas';
import { type WireReader, WireType, knownFields } from './wire-reader';

/** Decodes the message `reader` holds; `path` (e.g. `metadata.labels`) names it in errors. */
export function decodeMessage(reader: WireReader, schema: MessageSchema, path: string, into: JsonObject = {}): JsonObject {
  const known = (n: number) => {
    const f = schema.fields.get(n);
    if (!f) return undefined;
    const fieldPath = path ? `${path}.${f.json}` : f.json;
    return { f, fieldPath, wireType: wireTypeOf(f.type), name: `${fieldPath} (field ${n} of ${schema.name})` };
  };
  reader.readFields(known, ({ f, fieldPath }) => storeField(reader, f, fieldPath, into));
  applyPresence(schema, into);
  return into;
}

function wireTypeOf(type: FieldType): number {
  return type === 'int32' || type === 'int64' || type === 'bool' ? WireType.Varint : WireType.LengthDelimited;
}

function storeField(reader: WireReader, f: FieldSchema, path: string, into: JsonObject): void {
  const current = getOwn(into, f.json);
  if (isMapType(f.type)) {
    const map = isJsonObject(current) ? current : {};
    const [key, value] = decodeMapEntry(reader.readMessage(), f.type, path);
    setOwn(map, key, value);
    setOwn(into, f.json, map);
    return;
  }
  if (typeof f.type === 'object') {
    // Repeated occurrences of a singular embedded message merge, as in every protobuf decoder.
    const target = f.presence !== 'repeated' && isJsonObject(current) ? current : {};
    const value = decodeMessage(reader.readMessage(), f.type, path, target);
    store(into, f, value, current);
    return;
  }
  const value = decodeValue(reader, f.type, path);
  if (value !== undefined) store(into, f, value, current);
  else if (f.presence !== 'repeated') delete into[f.json];
}

function store(into: JsonObject, f: FieldSchema, value: JsonValue, current: JsonValue | undefined): void {
  if (f.presence === 'repeated') {
    const list = Array.isArray(current) ? current : [];
    list.push(value);
    setOwn(into, f.json, list);
  } else {
    setOwn(into, f.json, value);
  }
}

/** A scalar or special value; undefined for a zero Time, which Go writes as null. */
function decodeValue(reader: WireReader, type: ScalarType | SpecialType, path: string): JsonValue | undefined {
  switch (type) {
    case 'string': return reader.readString();
    case 'bytes': return Buffer.from(reader.readBytes()).toString('base64');
    case 'int64': return Number(BigInt.asIntN(64, reader.readVarint()));
    case 'int32': return Number(BigInt.asIntN(32, reader.readVarint()));
    case 'bool': return reader.readVarint() !== 0n;
    case 'time': return decodeTime(reader.readMessage(), path, false);
    case 'microTime': return decodeTime(reader.readMessage(), path, true);
    case 'fieldsV1': return decodeFieldsV1(reader.readMessage(), path);
  }
}

function isMapType(type: FieldType): type is MapType {
  return typeof type === 'string' && type.startsWith('map<');
}

/** A map entry is a message of `key = 1` and `value = 2`; either may be missing (zero value). */
function decodeMapEntry(entry: WireReader, type: MapType, path: string): [string, JsonValue] {
  let key = '';
  let value: JsonValue = type === 'map<string,[]string>' ? [] : '';
  const known = knownFields(path, 'map entry', { 1: ['key', WireType.LengthDelimited], 2: ['value', WireType.LengthDelimited] });
  entry.readFields(known, ({ field }) => {
    if (field === 1) key = entry.readString();
    else value = decodeMapValue(entry, type, path);
  });
  return [key, value];
}

function decodeMapValue(entry: WireReader, type: MapType, path: string): JsonValue {
  if (type === 'map<string,string>') return entry.readString();
  if (type === 'map<string,bytes>') return Buffer.from(entry.readBytes()).toString('base64');
  // A Go []string map value travels as a message of `repeated string items = 1`.
  const items: string[] = [];
  const inner = entry.readMessage();
  inner.readFields(knownFields(path, 'map value', { 1: ['items', WireType.LengthDelimited] }), () => items.push(inner.readString()));
  return items;
}

// Go's time.Time.MarshalJSON refuses years outside 0000..9999.
const MIN_SECONDS = -62167219200; // 0000-01-01T00:00:00Z
const MAX_SECONDS = 253402300799; // 9999-12-31T23:59:59Z

/**
 * A Time or MicroTime message (`seconds = 1`, `nanos = 2`) as Go writes it in JSON. The Go
 * decoder of Time drops the nanoseconds and that of MicroTime keeps whole microseconds.
 */
function decodeTime(msg: WireReader, path: string, micro: boolean): string | undefined {
  if (msg.done) return undefined; // zero time: Go marshals it as nothing at all
  let seconds = 0n;
  let nanos = 0;
  const known = knownFields(path, micro ? 'MicroTime' : 'Time', { 1: ['seconds', WireType.Varint], 2: ['nanos', WireType.Varint] });
  msg.readFields(known, ({ field }) => {
    if (field === 1) seconds = BigInt.asIntN(64, msg.readVarint());
    else nanos = Number(BigInt.asIntN(32, msg.readVarint()));
  });
  let micros = micro ? Math.trunc(nanos / 1000) : 0;
  let secs = Number(seconds) + Math.floor(micros / 1e6);
  micros = ((micros % 1e6) + 1e6) % 1e6;
  if (seconds < BigInt(MIN_SECONDS) || seconds > BigInt(MAX_SECONDS) || secs < MIN_SECONDS || secs > MAX_SECONDS) {
    throw msg.fail(`${path}: time ${seconds}s since the epoch is outside the years 0000 to 9999`, 0);
  }
  const whole = new Date(secs * 1000).toISOString().slice(0, 19); // YYYY-MM-DDTHH:MM:SS
  return micro ? `${whole}.${String(micros).padStart(6, '0')}Z` : `${whole}Z`;
}

/** FieldsV1 (`Raw = 1`) carries JSON bytes, which Go's MarshalJSON writes out verbatim. */
function decodeFieldsV1(msg: WireReader, path: string): JsonValue | undefined {
  let raw: Uint8Array | undefined;
  msg.readFields(knownFields(path, 'FieldsV1', { 1: ['Raw', WireType.LengthDelimited] }), () => { raw = msg.readBytes(); });
  if (raw === undefined || raw.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(raw).toString('utf8')) as JsonValue;
  } catch (e) {
    throw msg.fail(`${path}: the raw bytes are not JSON: ${(e as Error).message}`, 0);
  }
}

/** After all fields are read: drop what Go's omitempty would drop, add what it always writes. */
function applyPresence(schema: MessageSchema, obj: JsonObject): void {
  for (const f of schema.fields.values()) {
    const value = getOwn(obj, f.json);
    if (f.presence === 'required') {
      if (value === undefined && typeof f.type === 'string') {
        const zero = zeroValue(f.type);
        if (zero !== undefined) setOwn(obj, f.json, zero);
      }
    } else if (f.presence !== 'pointer' && value !== undefined && isEmpty(value, f.type)) {
      delete obj[f.json];
    }
  }
}

function zeroValue(type: string): JsonValue | undefined {
  if (type === 'string' || type === 'bytes') return '';
  if (type === 'int32' || type === 'int64') return 0;
  if (type === 'bool') return false;
  return undefined; // times, FieldsV1 and maps have no zero value Go would write but null
}

function isEmpty(value: JsonValue, type: FieldType): boolean {
  if (typeof type === 'object') return Array.isArray(value) && value.length === 0; // messages stay
  if (Array.isArray(value)) return value.length === 0;
  if (isJsonObject(value)) return isMapType(type) && Object.keys(value).length === 0;
  return value === '' || value === 0 || value === false;
}
