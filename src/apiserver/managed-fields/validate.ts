// Checks an applied configuration against the schema before it is merged, as Kubernetes does
// when it turns the request into a typed value: undeclared fields, wrong scalar kinds, list
// items without keys and duplicate items are errors, reported with their path.
import { ItemKeyError, listItemElement } from './item-key';
import { type PathElement, pathElementString, serializePathElement } from './path-element';
import { type TypeNode, atomKind, mapFieldType } from './type-node';
import { isMap } from './value';

export interface SchemaViolation { path: string; message: string }

/** The violations' text as Kubernetes joins them. */
export function violationsText(vs: SchemaViolation[]): string {
  const one = (v: SchemaViolation) => (v.path ? `${v.path}: ${v.message}` : v.message);
  return vs.length === 1 ? one(vs[0]) : ['errors:', ...vs.map((v) => `  ${one(v)}`)].join('\n');
}

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

export function validateAgainstSchema(value: unknown, type: TypeNode): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  walk(value, type, '', out);
  return out;
}

function walk(v: unknown, type: TypeNode, path: string, out: SchemaViolation[]): void {
  const kind = atomKind(type, v);
  if (kind === 'scalar') {
    const msg = scalarError(type.scalar!, v);
    if (msg) out.push({ path, message: msg });
    return;
  }
  if (kind === 'list') {
    if (v === null || v === undefined) return;
    if (!Array.isArray(v)) { out.push({ path, message: `expected list, got ${show(v)}` }); return; }
    const list = type.list!;
    const seen = new Set<string>();
    for (let i = 0; i < v.length; i++) {
      let pe: PathElement;
      if (list.atomic) {
        pe = { kind: 'index', index: i };
      } else {
        try {
          pe = listItemElement(list, v[i]);
        } catch (e) {
          if (!(e instanceof ItemKeyError)) throw e;
          out.push({ path, message: `element ${i}: ${e.message}` });
          return;
        }
        const id = serializePathElement(pe);
        if (seen.has(id)) out.push({ path, message: `duplicate entries for key ${pathElementString(pe)}` });
        seen.add(id);
      }
      walk(v[i], list.element(), path + pathElementString(pe), out);
    }
    return;
  }
  if (v === null || v === undefined) return;
  if (!isMap(v)) { out.push({ path, message: `expected map, got ${show(v)}` }); return; }
  const map = type.map!;
  for (const key of Object.keys(v)) {
    const child = mapFieldType(map, key);
    const childPath = `${path}.${key}`;
    if (!child) {
      // Kubernetes stops at the first undeclared field of a map.
      out.push({ path: childPath, message: 'field not declared in schema' });
      return;
    }
    walk(v[key], child, childPath, out);
  }
}

function scalarError(kind: NonNullable<TypeNode['scalar']>, v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  switch (kind) {
    case 'numeric': return typeof v === 'number' ? undefined : `expected numeric (int or float), got ${show(v)}`;
    case 'string': return typeof v === 'string' ? undefined : `expected string, got ${show(v)}`;
    case 'boolean': return typeof v === 'boolean' ? undefined : `expected boolean, got ${show(v)}`;
    case 'untyped':
      return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? undefined : `expected any scalar, got ${show(v)}`;
  }
}
