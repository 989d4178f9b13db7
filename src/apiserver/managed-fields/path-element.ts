// One step of a field path, as structured-merge-diff names them: a struct or map field (`f:`),
// a list-map item by its key fields (`k:`), a set item by its value (`v:`) or a list index
// (`i:`). Their order, their FieldsV1 key text and their human-readable text (`.spec`,
// `[name="nginx"]`, `[=foo]`, `[0]`) follow Kubernetes exactly, since both are visible to clients.
import { compareStrings, compareValues, goJson, goJsonString, isMap, valueToString, valuesEqual } from './value';

export interface KeyField { name: string; value: unknown }

export type PathElement =
  | { kind: 'field'; name: string }
  | { kind: 'key'; fields: KeyField[] }
  | { kind: 'value'; value: unknown }
  | { kind: 'index'; index: number };

export type FieldPath = readonly PathElement[];

export const fieldElement = (name: string): PathElement => ({ kind: 'field', name });

/** A key element; fields are kept sorted by name, as Kubernetes sorts them. */
export function keyElement(fields: KeyField[]): PathElement {
  return { kind: 'key', fields: [...fields].sort((a, b) => compareStrings(a.name, b.name)) };
}

const KIND_ORDER = { field: 0, key: 1, value: 2, index: 3 } as const;

function compareKeys(a: KeyField[], b: KeyField[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareStrings(a[i].name, b[i].name) || compareValues(a[i].value, b[i].value);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Fields sort before keys, keys before values, values before indexes. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] < KIND_ORDER[b.kind] ? -1 : 1;
  switch (a.kind) {
    case 'field': return compareStrings(a.name, (b as typeof a).name);
    case 'key': return compareKeys(a.fields, (b as typeof a).fields);
    case 'value': return compareValues(a.value, (b as typeof a).value);
    case 'index': {
      const i = (b as typeof a).index;
      return a.index === i ? 0 : a.index < i ? -1 : 1;
    }
  }
}

export function pathElementsEqual(a: PathElement, b: PathElement): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'field': return a.name === (b as typeof a).name;
    case 'key': {
      const f = (b as typeof a).fields;
      return a.fields.length === f.length && a.fields.every((x, i) => x.name === f[i].name && valuesEqual(x.value, f[i].value));
    }
    case 'value': return valuesEqual(a.value, (b as typeof a).value);
    case 'index': return a.index === (b as typeof a).index;
  }
}

/** `.name`, `[k1=v1,k2=v2]`, `[=value]` or `[3]`. */
export function pathElementString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field': return `.${pe.name}`;
    case 'key': return `[${pe.fields.map((f) => `${f.name}=${valueToString(f.value)}`).join(',')}]`;
    case 'value': return `[=${valueToString(pe.value)}]`;
    case 'index': return `[${pe.index}]`;
  }
}

/** A whole path as Kubernetes prints it in conflict messages: `.spec.containers[name="nginx"].image`. */
export function pathString(path: FieldPath): string {
  return path.map(pathElementString).join('');
}

/** The FieldsV1 key of an element: `f:image`, `k:{"containerPort":80,"protocol":"TCP"}`, `v:"x"`, `i:0`. */
export function serializePathElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field': return `f:${pe.name}`;
    case 'key': return `k:{${pe.fields.map((f) => `${goJsonString(f.name)}:${goJson(f.value)}`).join(',')}}`;
    case 'value': return `v:${goJson(pe.value)}`;
    case 'index': return `i:${pe.index}`;
  }
}

export class PathElementSyntaxError extends Error {}

/** Parses a FieldsV1 key; undefined for a prefix this version does not know (Kubernetes skips those). */
export function parsePathElement(text: string): PathElement | undefined {
  if (text.length < 2) throw new PathElementSyntaxError(`key must be 2 characters long: ${text}`);
  if (text[1] !== ':') throw new PathElementSyntaxError(`missing colon: ${text}`);
  const rest = text.slice(2);
  switch (text[0]) {
    case 'f': return fieldElement(rest);
    case 'v': return { kind: 'value', value: parseJson(rest) };
    case 'k': {
      const obj = parseJson(rest);
      if (!isMap(obj)) throw new PathElementSyntaxError(`key element is not a JSON object: ${text}`);
      return keyElement(Object.keys(obj).map((name) => ({ name, value: obj[name] })));
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(rest)) throw new PathElementSyntaxError(`invalid index: ${text}`);
      return { kind: 'index', index: Number(rest) };
    }
    default: return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PathElementSyntaxError(`invalid JSON in path element: ${(e as Error).message}`);
  }
}
