// Which definitions a document must carry: the ones its operations name and everything those
// reference, so each document is complete on its own (as kubectl expects) without shipping the
// whole kubernetes-types catalogue.
import type { Definitions, JsonSchema } from '../../api/schema';

const REF_PREFIX = /^#\/(definitions|components\/schemas)\//;

/** The referenced definition names of one schema, at any depth. */
function refsOf(s: JsonSchema, out: string[]): void {
  if (s.$ref) out.push(s.$ref.replace(REF_PREFIX, ''));
  for (const p of Object.values(s.properties ?? {})) refsOf(p, out);
  if (s.items) refsOf(s.items, out);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') refsOf(s.additionalProperties, out);
  for (const a of s.allOf ?? []) refsOf(a, out);
}

/** `roots` and all definitions reachable from them, sorted by name; throws on a missing one. */
export function definitionClosure(defs: Definitions, roots: Iterable<string>): Definitions {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length) {
    const name = todo.pop()!;
    if (seen.has(name)) continue;
    const def = defs[name];
    if (!def) throw new Error(`OpenAPI: definition ${name} is not in definitions.json`);
    seen.add(name);
    const refs: string[] = [];
    refsOf(def, refs);
    todo.push(...refs);
  }
  return Object.fromEntries([...seen].sort().map((n) => [n, defs[n]]));
}

/** A copy of a schema whose `#/definitions/` references point at `#/components/schemas/`. */
export function toV3Schema(s: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...s };
  if (s.$ref) out.$ref = s.$ref.replace(REF_PREFIX, '#/components/schemas/');
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, p]) => [k, toV3Schema(p)]));
  if (s.items) out.items = toV3Schema(s.items);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.additionalProperties = toV3Schema(s.additionalProperties);
  if (s.allOf) out.allOf = s.allOf.map(toV3Schema);
  return out;
}
