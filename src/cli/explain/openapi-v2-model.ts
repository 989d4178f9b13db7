// The OpenAPI v2 definitions as kubectl's older explain sees them (kube-openapi's proto models):
// every schema is a reference, an object kind with fields, a map, an array, a primitive, or an
// arbitrary value, decided by the same rules so that the older output names types the same way.
import { isJsonObject, type JsonObject, type JsonValue } from '../../api/json-value';
import { field } from './schema-ref';

interface Base { description: string }
export type V2Model =
  | (Base & { shape: 'reference'; name: string })
  | (Base & { shape: 'kind'; fields: Map<string, V2Model>; required: string[] })
  | (Base & { shape: 'map'; values: V2Model })
  | (Base & { shape: 'array'; items: V2Model })
  | (Base & { shape: 'primitive'; type: string })
  | (Base & { shape: 'arbitrary' });

function text(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

function types(s: JsonValue | undefined): string[] {
  const t = field(s, 'type');
  if (typeof t === 'string') return [t];
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
}

/** A schema with a properties member counts as an object kind, even with no properties in it. */
function hasProperties(s: JsonValue | undefined): boolean {
  return isJsonObject(field(s, 'properties'));
}

/** Parses one schema; references stay names, resolved on use by `V2Definitions.model`. */
export function parseV2Schema(s: JsonValue | undefined): V2Model {
  const description = text(field(s, 'description'));
  const ref = text(field(s, '$ref'));
  if (ref) return { shape: 'reference', description, name: ref.replace(/^#\/definitions\//, '') };
  const [type, ...more] = types(s);
  if (more.length === 0 && (type === undefined || type === 'object')) {
    if (hasProperties(s)) {
      const properties = field(s, 'properties') as JsonObject;
      const fields = new Map(Object.keys(properties).map((k) => [k, parseV2Schema(properties[k])]));
      const required = field(s, 'required');
      return { shape: 'kind', description, fields, required: Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : [] };
    }
    if (type === undefined) return { shape: 'arbitrary', description };
    // A map without a value schema holds arbitrary values, which carry the map's own description.
    const values = field(s, 'additionalProperties');
    return { shape: 'map', description, values: isJsonObject(values) ? parseV2Schema(values) : { shape: 'arbitrary', description } };
  }
  if (type === 'array' && more.length === 0) {
    const items = field(s, 'items');
    const single = Array.isArray(items) ? (items.length === 1 ? items[0] : undefined) : items;
    return { shape: 'array', description, items: isJsonObject(single) ? parseV2Schema(single) : { shape: 'arbitrary', description: '' } };
  }
  return { shape: 'primitive', description, type: type ?? '' };
}

/** The `definitions` of an OpenAPI v2 document, parsed on first use. */
export class V2Definitions {
  private readonly parsed = new Map<string, V2Model>();
  constructor(private readonly definitions: JsonObject) {}

  model(name: string): V2Model | undefined {
    let m = this.parsed.get(name);
    if (!m && Object.hasOwn(this.definitions, name)) {
      m = parseV2Schema(this.definitions[name]);
      this.parsed.set(name, m);
    }
    return m;
  }

  /** What a reference stands for (an unknown name stands for an arbitrary value). */
  resolve(ref: V2Model & { shape: 'reference' }): V2Model {
    return this.model(ref.name) ?? { shape: 'arbitrary', description: '' };
  }

  /** The definition of a kind: the last, in name order, whose group-version-kind list names it. */
  lookupResource(gvk: { group: string; version: string; kind: string }): V2Model | undefined {
    let found: string | undefined;
    for (const name of Object.keys(this.definitions).sort()) {
      const list = field(this.definitions[name], 'x-kubernetes-group-version-kind');
      if (!Array.isArray(list)) continue;
      const match = list.some((g) => text(field(g, 'group')) === gvk.group && text(field(g, 'version')) === gvk.version && text(field(g, 'kind')) === gvk.kind);
      if (match) found = name;
    }
    return found === undefined ? undefined : this.model(found);
  }
}
