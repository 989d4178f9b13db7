// kubectl explain's older output (`--output=plaintext-openapiv2`, and what kubectl falls back
// to without OpenAPI v3): KIND/VERSION, then RESOURCE or FIELD, DESCRIPTION and FIELDS with
// kubectl's explain Formatter layout (3-space field indent, 80-column re-flowed text).
import { ExplainError } from './explain-error';
import { groupVersionString, gvkString, type ExplainGVK } from './group-version-names';
import { wrapLegacy } from './legacy-wrap';
import type { V2Definitions, V2Model } from './openapi-v2-model';

const WIDTH = 80;
const FIELD_INDENT = 3;
const DESCRIPTION_INDENT = 5;
const FIELD_DESCRIPTION_INDENT = 2;
const RECURSIVE_INDENT = 3;

/** One line at `indent`; an empty line gets no indentation. */
function line(text: string, indent: number): string {
  return text === '' ? '\n' : `${' '.repeat(indent)}${text}\n`;
}

function wrapped(text: string, indent: number): string {
  return wrapLegacy(text, WIDTH - indent).map((l) => line(l, indent)).join('');
}

class LegacyRenderer {
  constructor(private readonly defs: V2Definitions, private readonly recursive: boolean) {}

  typeName(m: V2Model): string {
    switch (m.shape) {
      case 'array': return `[]${this.typeName(m.items)}`;
      case 'map': return `map[string]${this.typeName(m.values)}`;
      case 'kind': return 'Object';
      case 'primitive': return m.type;
      case 'reference': return this.typeName(this.defs.resolve(m));
      case 'arbitrary': return '';
    }
  }

  /** The schema the path leads to; a primitive or arbitrary value ends the walk early. */
  lookup(m: V2Model, path: string[]): V2Model {
    if (m.shape === 'primitive' || m.shape === 'arbitrary' || path.length === 0) return m;
    switch (m.shape) {
      case 'array': return this.lookup(m.items, path);
      case 'map': return this.lookup(m.values, path);
      case 'reference': return this.lookup(this.defs.resolve(m), path);
      case 'kind': {
        const next = m.fields.get(path[0]);
        if (!next) throw new ExplainError(`field ${JSON.stringify(path[0])} does not exist`);
        return this.lookup(next, path.slice(1));
      }
    }
  }

  /** Each field with its type and wrapped description. */
  fields(m: V2Model, seen: Set<string>, indent: number): string {
    switch (m.shape) {
      case 'array': return this.fields(m.items, seen, indent);
      case 'map': return this.fields(m.values, seen, indent);
      case 'reference': {
        if (!this.recursive) return this.fields(this.defs.resolve(m), seen, indent);
        // Recursion stops at a type already being listed above.
        if (seen.has(m.name)) return '';
        return this.fields(this.defs.resolve(m), new Set(seen).add(m.name), indent);
      }
      case 'kind': {
        let out = '';
        for (const key of [...m.fields.keys()].sort()) {
          const f = m.fields.get(key)!;
          if (this.recursive) {
            out += line(`${key}\t<${this.typeName(f)}>`, indent);
            out += this.fields(f, seen, indent + RECURSIVE_INDENT);
          } else {
            out += line(`${key}\t<${this.typeName(f)}>${m.required.includes(key) ? ' -required-' : ''}`, indent);
            out += wrapped(f.description, indent + FIELD_DESCRIPTION_INDENT);
            out += '\n';
          }
        }
        return out;
      }
      default: return '';
    }
  }

  /** The whole text for `m`, reached by a field called `name` ('' for the resource itself). */
  model(m: V2Model, name: string, gvk: ExplainGVK): string {
    const descriptions: string[] = [];
    let type = '';
    let cur = m;
    // References, arrays and maps contribute their descriptions on the way to what they hold.
    while (cur.shape === 'reference' || cur.shape === 'array' || cur.shape === 'map') {
      descriptions.push(cur.description);
      if (cur.shape !== 'reference' && !type) type = this.typeName(cur);
      cur = cur.shape === 'reference' ? this.defs.resolve(cur) : cur.shape === 'array' ? cur.items : cur.values;
    }
    let out = `KIND:     ${gvk.kind}\nVERSION:  ${groupVersionString(gvk)}\n\n`;
    if (!type) type = this.typeName(cur);
    if (cur.shape === 'kind' && name) out += `RESOURCE: ${name} <${type}>\n\n`;
    if (cur.shape === 'primitive') out += `FIELD:    ${name} <${type}>\n\n`;
    out += this.description([...descriptions, cur.description]);
    if (cur.shape === 'kind') out += `\nFIELDS:\n${this.fields(cur, new Set(), FIELD_INDENT)}`;
    return out;
  }

  description(all: string[]): string {
    let out = 'DESCRIPTION:\n';
    // A blank line goes before every non-empty description but the very first of the list.
    all.forEach((d, i) => {
      if (!d) return;
      if (i !== 0) out += '\n';
      out += wrapped(d, DESCRIPTION_INDENT);
    });
    if (all.every((d) => !d)) out += wrapped('<empty>', DESCRIPTION_INDENT);
    return out;
  }
}

/** kubectl explain's plaintext-openapiv2 text for kind `gvk` and the field `path` below it. */
export function renderPlaintextOpenAPIV2(defs: V2Definitions, gvk: ExplainGVK, path: string[], recursive: boolean): string {
  const root = defs.lookupResource(gvk);
  if (!root) throw new ExplainError(`couldn't find resource for ${JSON.stringify(gvkString(gvk))}`);
  const renderer = new LegacyRenderer(defs, recursive);
  const target = renderer.lookup(root, path);
  return renderer.model(target, path.length ? path[path.length - 1] : '', gvk);
}
