// The enum values explain shows for a field: all of them, one per line, under `ENUM:` when one
// field is explained; the first four on an `enum:` line in a field list.
import type { JsonValue } from '../../api/json-value';
import { goPrint, truthy } from './go-values';
import { field } from './schema-ref';

function enumValue(v: JsonValue): string {
  // An empty string would be invisible, so it is shown quoted.
  return v === '' ? '""' : goPrint(v);
}

/** `ENUM:` followed by every value on its own indented line; empty without enum values. */
export function enumLongView(schema: JsonValue | undefined): string {
  const values = field(schema, 'enum');
  if (!truthy(values) || !Array.isArray(values)) return '';
  return `ENUM:${values.map((v) => `\n    ${enumValue(v)}`).join('')}`;
}

const SHORT_VIEW_LIMIT = 4;

/** A line break and `enum: a, b, c, d, ....` at the field's indentation; empty without enum values. */
export function enumShortView(schema: JsonValue | undefined, indentAmount: number): string {
  const values = field(schema, 'enum');
  if (!truthy(values) || !Array.isArray(values)) return '';
  const shown = values.slice(0, SHORT_VIEW_LIMIT).map(enumValue).join(', ');
  const more = values.length > SHORT_VIEW_LIMIT ? ', ....' : '';
  return `\n${' '.repeat(indentAmount)}enum: ${shown}${more}`;
}
