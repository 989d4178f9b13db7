// Finds the fields of a request body that the type's schema does not declare, for
// fieldValidation=Strict (400) and Warn (a Warning header), as the apiserver's strict decoder does.
import { type Definitions, type JsonSchema, resolveSchema } from '../../api/schema';

export function unknownFields(defs: Definitions, definition: string, obj: unknown): string[] {
  const out: string[] = [];
  walk(defs, defs[definition], obj, '', out);
  return out;
}

function walk(defs: Definitions, schema: JsonSchema | undefined, value: unknown, path: string, out: string[]): void {
  const s = resolveSchema(defs, schema);
  if (!s || value === null || typeof value !== 'object') return;
  if (s['x-kubernetes-preserve-unknown-fields']) return;
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => walk(defs, s.items, v, `${path}[${i}]`, out));
    return;
  }
  const rec = value as Record<string, unknown>;
  if (s.properties) {
    for (const [k, v] of Object.entries(rec)) {
      const child = s.properties[k];
      const p = path ? `${path}.${k}` : k;
      if (!child) {
        if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(defs, s.additionalProperties, v, p, out);
        else out.push(p);
        continue;
      }
      walk(defs, child, v, p, out);
    }
    return;
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    for (const [k, v] of Object.entries(rec)) walk(defs, s.additionalProperties, v, path ? `${path}[${k}]` : k, out);
  }
}
