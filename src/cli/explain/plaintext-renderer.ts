// kubectl explain's "plaintext" output (kubectl 1.27+, from an OpenAPI v3 document): the
// GROUP/KIND/VERSION header, then the description and field list of the resource or of the field
// a path leads to. Each function below mirrors one template of kubectl's plaintext.tmpl, so that
// its choices (which descriptions appear, where `allOf`, `items` and maps are followed, where
// lines break) and its quirks are the same.
import { isJsonObject, jsonEqual, type JsonObject, type JsonValue } from '../../api/json-value';
import { enumLongView, enumShortView } from './enum-text';
import { ExplainError } from './explain-error';
import { goPrint, sortedKeys, truthy } from './go-values';
import { gvrString, type ExplainGVR } from './group-version-names';
import { field, fieldAt, mapValues, resolved } from './schema-ref';
import { typeGuess } from './type-guess';
import { indentLines, wrapWords } from './word-wrap';

/** Refs already followed on the way to the current schema, to stop at a cycle. */
type History = ReadonlySet<string>;

/** The entries `range` visits: a list's items, or a map's values in key order. */
function entries(v: JsonValue | undefined): JsonValue[] {
  if (Array.isArray(v)) return v;
  if (isJsonObject(v)) return sortedKeys(v).map((k) => v[k]);
  return [];
}

/** The template's `contains`: only a list can contain anything. */
function listIncludes(list: JsonValue | undefined, value: JsonValue | undefined): boolean {
  return Array.isArray(list) && list.some((x) => jsonEqual(x, value));
}

function refString(schema: JsonValue | undefined): string {
  const ref = field(schema, '$ref');
  return truthy(ref) ? goPrint(ref) : '';
}

class Renderer {
  constructor(private readonly doc: JsonObject, private readonly recursive: boolean) {}

  /** The description of a schema followed by those of what it stands for (allOf, items, map values). */
  description(schema: JsonValue | undefined): string {
    const s = resolved(schema, this.doc);
    if (!truthy(s)) return '';
    let out = '';
    const text = field(s, 'description');
    if (truthy(text)) out += `${goPrint(text)}\n`;
    for (const part of entries(field(s, 'allOf'))) out += this.description(part);
    const items = field(s, 'items');
    if (truthy(items)) out += this.description(items);
    const values = mapValues(s);
    if (truthy(values)) out += this.description(values);
    return out;
  }

  /** One line per field; unless recursive, each followed by its wrapped description. */
  fieldDetail(name: string, parent: JsonValue, level: number): string {
    const indentAmount = level * 2;
    const schema = fieldAt(parent, 'properties', name);
    const required = listIncludes(field(parent, 'required'), name);
    let out = `${' '.repeat(indentAmount)}${name}\t<${typeGuess(schema, this.doc)}>`;
    if (required) out += ' -required-';
    out += `${enumShortView(schema, indentAmount)}\n`;
    if (this.recursive) return out;
    const text = field(schema, 'description');
    out += `${indentLines(wrapWords(truthy(text) ? goPrint(text) : '<no description>', 78 - indentAmount), indentAmount + 2)}\n\n`;
    return out;
  }

  /** The fields of a schema, following refs, allOf, array items and map values; nested when recursive. */
  fieldList(schema: JsonValue | undefined, level: number, history: History): string {
    const ref = refString(schema);
    if (ref && history.has(ref)) return '';
    const next = new Set(history).add(ref);
    const s = resolved(schema, this.doc);
    let out = '';
    const properties = field(s, 'properties');
    for (const name of sortedKeys(properties)) {
      out += this.fieldDetail(name, s!, level);
      if (this.recursive) out += this.fieldList(field(properties, name), level + 1, next);
    }
    for (const part of entries(field(s, 'allOf'))) out += this.fieldList(part, level, next);
    const items = field(s, 'items');
    if (truthy(items)) out += this.fieldList(items, level, next);
    const values = mapValues(s);
    if (truthy(values)) out += this.fieldList(values, level, next);
    return out;
  }

  /**
   * Follows `path` down from `schema` and explains where it ends; empty when the path leads
   * nowhere. Only property steps consume the path: arrays, maps and allOf are looked through.
   */
  output(schema: JsonValue | undefined, path: string[], history: History): string {
    const ref = refString(schema);
    const next = new Set(history).add(ref);
    const s = resolved(schema, this.doc);
    if (path.length === 0) {
      let out = `DESCRIPTION:\n${indentLines(wrapWords(this.description(s) || '<empty>', 76), 4)}\n`;
      const fields = this.fieldList(s, 1, new Set());
      if (fields) out += `FIELDS:\n${fields}`;
      return out;
    }
    if (ref && history.has(ref)) return '';
    const properties = field(s, 'properties');
    const property = field(properties, path[0]);
    if (truthy(properties) && truthy(property)) {
      let out = '';
      if (path.length === 1) out += `FIELD: ${path[0]} <${typeGuess(property, this.doc)}>\n${enumLongView(property)}\n\n`;
      // A property starts a new branch: refs seen above it are no cycle.
      return out + this.output(property, path.slice(1), new Set());
    }
    const items = field(s, 'items');
    if (truthy(items)) return this.output(items, path, next);
    const values = mapValues(s);
    if (truthy(values)) return this.output(values, path, next);
    for (const part of entries(field(s, 'allOf'))) {
      const out = this.output(part, path, next);
      if (out) return out;
    }
    return '';
  }
}

/** The GVK that the resource's operations declare, searched as kubectl does (list paths first). */
function findGVK(doc: JsonObject, gvr: ExplainGVR): JsonValue | undefined {
  const prefix = gvr.group ? `/apis/${gvr.group}` : '/api';
  const searchPaths = [
    `${prefix}/${gvr.version}/${gvr.resource}`,
    `${prefix}/${gvr.version}/${gvr.resource}/{name}`,
    `${prefix}/${gvr.version}/namespaces/{namespace}/${gvr.resource}`,
    `${prefix}/${gvr.version}/namespaces/{namespace}/${gvr.resource}/{name}`,
  ];
  let gvk: JsonValue | undefined;
  // Every search path is visited; the last operation read wins, as in kubectl's template.
  for (const p of searchPaths) {
    const item = fieldAt(doc, 'paths', p);
    if (!truthy(item)) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = field(item, method);
      if (!truthy(op)) continue;
      gvk = field(op, 'x-kubernetes-group-version-kind');
      if (truthy(gvk)) break;
    }
  }
  return gvk;
}

/**
 * kubectl explain's plaintext text for resource `gvr` of `doc` and the field `path` below it.
 * Throws ExplainError when the document lacks the resource or the path names no field.
 */
export function renderPlaintext(doc: JsonObject, gvr: ExplainGVR, path: string[], recursive: boolean): string {
  const gvk = findGVK(doc, gvr);
  if (!truthy(gvk)) throw new ExplainError(`GVR (${gvrString(gvr)}) not found in OpenAPI schema`);
  const group = field(gvk, 'group');
  const header = `${truthy(group) ? `GROUP:      ${goPrint(group)}\n` : ''}KIND:       ${goPrint(field(gvk, 'kind'))}\nVERSION:    ${goPrint(field(gvk, 'version'))}\n\n`;
  const renderer = new Renderer(doc, recursive);
  const schemas = fieldAt(doc, 'components', 'schemas');
  for (const name of sortedKeys(schemas)) {
    const schema = field(schemas, name);
    if (!listIncludes(field(schema, 'x-kubernetes-group-version-kind'), gvk)) continue;
    const body = renderer.output(schema, path, new Set());
    // kubectl names the last element of the path, whichever step failed.
    if (!body) throw new ExplainError(`field "${path[path.length - 1]}" does not exist`, header);
    return `${header}${body}\n`;
  }
  throw new ExplainError(`GVK ${goPrint(gvk)} not found in OpenAPI schema`, header);
}
