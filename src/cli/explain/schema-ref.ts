// Reading an OpenAPI v3 document the way kubectl's explain templates do: a schema is any JSON
// value, a missing key reads as nothing, and `$ref` resolves only within the same document.
import { getOwn, isJsonObject, type JsonObject, type JsonValue } from '../../api/json-value';

/** `schema[key]` for an object schema; undefined for a missing key or a non-object schema. */
export function field(schema: JsonValue | undefined, key: string): JsonValue | undefined {
  return isJsonObject(schema) ? getOwn(schema, key) : undefined;
}

/** `schema[k1][k2]...`, stopping at the first missing step. */
export function fieldAt(schema: JsonValue | undefined, ...keys: string[]): JsonValue | undefined {
  let cur = schema;
  for (const k of keys) cur = field(cur, k);
  return cur;
}

/** The schema a local reference (`#/components/schemas/X`) names; undefined when it names none. */
export function resolveRef(ref: JsonValue | undefined, doc: JsonObject): JsonObject | undefined {
  // Like kubectl, other documents are never fetched: anything but a bare fragment is unresolved.
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  let cur: JsonObject = doc;
  for (const step of fragment.split('/')) {
    if (!step) continue;
    const next = getOwn(cur, step);
    if (!isJsonObject(next)) return undefined;
    cur = next;
  }
  return cur;
}

/** The `{{ or (resolveRef $ref) $schema }}` idiom: the referenced schema if any, else the schema itself. */
export function resolved(schema: JsonValue | undefined, doc: JsonObject): JsonValue | undefined {
  const target = resolveRef(field(schema, '$ref'), doc);
  return target && Object.keys(target).length ? target : schema;
}

/** A map schema's value schema; `additionalProperties: true` describes no value type. */
export function mapValues(schema: JsonValue | undefined): JsonValue | undefined {
  const ap = field(schema, 'additionalProperties');
  return typeof ap === 'boolean' ? undefined : ap;
}
