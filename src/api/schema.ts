// A walker over OpenAPI v2 `definitions` (the document scripts/gen-openapi.ts generates), used by
// the patch and server-side-apply code to learn each field's type, list semantics and merge keys.

export interface JsonSchema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  $ref?: string;
  allOf?: JsonSchema[];
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>;
  [ext: string]: unknown;
}

export type Definitions = Record<string, JsonSchema>;

/** Follows `$ref` (v2 `#/definitions/X` or v3 `#/components/schemas/X`) and single-element allOf. */
export function resolveSchema(defs: Definitions, s: JsonSchema | undefined): JsonSchema | undefined {
  let cur = s;
  for (let i = 0; cur && i < 32; i++) {
    if (cur.$ref) {
      const name = cur.$ref.replace(/^#\/(definitions|components\/schemas)\//, '');
      const target = defs[name];
      if (!target) return undefined;
      // Extensions on the referring property (list type, merge key) win over the target's.
      const { $ref: _ref, ...ext } = cur;
      cur = Object.keys(ext).length ? { ...target, ...ext } : target;
      continue;
    }
    if (cur.allOf && cur.allOf.length === 1 && !cur.properties && !cur.type) {
      const { allOf, ...ext } = cur;
      cur = { ...allOf[0], ...ext };
      continue;
    }
    return cur;
  }
  return cur;
}

/** The (resolved) schema of field `name` of an object schema. */
export function fieldSchema(defs: Definitions, obj: JsonSchema | undefined, name: string): JsonSchema | undefined {
  const o = resolveSchema(defs, obj);
  if (!o) return undefined;
  const prop = o.properties?.[name];
  if (prop) return resolveSchema(defs, prop);
  if (o.additionalProperties && typeof o.additionalProperties === 'object') return resolveSchema(defs, o.additionalProperties);
  return undefined;
}

/** The (resolved) schema of an array's items. */
export function itemSchema(defs: Definitions, arr: JsonSchema | undefined): JsonSchema | undefined {
  const a = resolveSchema(defs, arr);
  return a?.items ? resolveSchema(defs, a.items) : undefined;
}
