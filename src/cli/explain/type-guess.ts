// The short type name explain prints in angle brackets (`<string>`, `<[]Container>`,
// `<map[string]string>`, `<Object>`): a guess from the schema's shape that names referenced
// object types by their last dotted segment, as kubectl's plaintext template does.
import type { JsonObject, JsonValue } from '../../api/json-value';
import { ExplainError } from './explain-error';
import { truthy, goPrint } from './go-values';
import { field, mapValues, resolveRef } from './schema-ref';

/** The type name of a field's schema; an empty schema is an error, as in kubectl's template. */
export function typeGuess(schema: JsonValue | undefined, doc: JsonObject): string {
  if (!truthy(schema)) throw new ExplainError("expected schema argument to subtemplate 'typeguess'");
  const items = field(schema, 'items');
  if (truthy(items)) return `[]${typeGuess(items, doc)}`;
  const values = mapValues(schema);
  if (truthy(values)) return `map[string]${typeGuess(values, doc)}`;
  const allOf = field(schema, 'allOf');
  // A lone allOf entry is how v3 documents attach a description to a reference.
  if (Array.isArray(allOf) && allOf.length === 1 && !truthy(field(schema, 'properties'))) return typeGuess(allOf[0], doc);
  const ref = field(schema, '$ref');
  if (truthy(ref)) {
    const target = resolveRef(ref, doc);
    const targetType = field(target, 'type');
    // Objects (and anything without a type) are named after the definition; primitives by type.
    if (!target || !truthy(targetType) || targetType === 'object') {
      const name = goPrint(ref).split('/').pop()!;
      return name.split('.').pop() || 'Object';
    }
    return goPrint(targetType);
  }
  const type = field(schema, 'type');
  if (type === 'object' || !truthy(type)) return 'Object';
  return goPrint(type);
}
