// kubectl's relaxed field paths for custom-columns and --sort-by: `metadata.name`, `.metadata.name`,
// `{metadata.name}` and `{.metadata.name}` all mean the template `{.metadata.name}`.
import { JsonPathError, type JsonPathTemplate } from './jsonpath';
import { JsonPathSyntaxError, parseTemplate } from './jsonpath-parser';

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/s;

export function relaxedJsonPathExpression(path: string): string {
  if (path === '') return path;
  const m = RELAXED.exec(path);
  if (!m) throw new JsonPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] ?? m[2]}}`;
}

/** The relaxed path parsed as a template; errors carry client-go's bare message, as kubectl prints them here. */
export function parseRelaxedJsonPath(path: string): JsonPathTemplate {
  const raw = relaxedJsonPathExpression(path);
  try {
    return { raw, root: parseTemplate(raw) };
  } catch (e) {
    if (e instanceof JsonPathSyntaxError) throw new JsonPathError(e.message);
    throw e;
  }
}
