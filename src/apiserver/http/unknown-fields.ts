// Finds the fields of a request body that the type's schema does not declare, for
// fieldValidation=Strict (400) and Warn (a Warning header), as the apiserver's strict decoder does.
import { type Definitions, type JsonSchema, resolveSchema } from '../../api/schema';
import { FieldPath } from '../../api/field-errors';

export function unknownFields(defs: Definitions, definition: string, obj: unknown): string[] {
  const out: string[] = [];
  walk(defs, defs[definition], obj, FieldPath.root(''), out);
  return out;
}

/**
 * Resolved schemas by the schema that refers to them: resolving a $ref copies its target with the
 * referring property's extensions, and every request body meets the same few schemas again.
 * (Definitions are loaded once and never changed.)
 */
const resolved = new WeakMap<JsonSchema, JsonSchema | null>();

function resolve(defs: Definitions, schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema) return undefined;
  let r = resolved.get(schema);
  if (r === undefined) resolved.set(schema, r = resolveSchema(defs, schema) ?? null);
  return r ?? undefined;
}

// Paths are joined only for the fields reported.
function walk(defs: Definitions, schema: JsonSchema | undefined, value: unknown, path: FieldPath, out: string[]): void {
  const s = resolve(defs, schema);
  if (!s || value === null || typeof value !== 'object') return;
  if (s['x-kubernetes-preserve-unknown-fields']) return;
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => walk(defs, s.items, v, path.index(i), out));
    return;
  }
  const rec = value as Record<string, unknown>;
  if (s.properties) {
    for (const [k, v] of Object.entries(rec)) {
      const child = s.properties[k];
      const p = path.child(k);
      if (!child) {
        if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(defs, s.additionalProperties, v, p, out);
        else out.push(p.toString());
        continue;
      }
      walk(defs, child, v, p, out);
    }
    return;
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    const atRoot = path.toString() === '';
    for (const [k, v] of Object.entries(rec)) walk(defs, s.additionalProperties, v, atRoot ? path.child(k) : path.key(k), out);
  }
}
