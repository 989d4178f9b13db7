// The structural view server-side apply needs of an OpenAPI schema, as Kubernetes derives it
// (kube-openapi's schemaconv): every node is a scalar, a list (atomic, a set, or a map keyed by
// some item fields) and/or a map (a struct with declared fields, a map of one element type, or
// an atomic map). Schemas without a type are "untyped": any of the three, decided by the value.
import { type Definitions, type JsonSchema, resolveSchema } from '../../api/schema';

export type ScalarKind = 'numeric' | 'string' | 'boolean' | 'untyped';

export interface ListType {
  /** Atomic lists are owned and replaced as a whole. */
  readonly atomic: boolean;
  /** x-kubernetes-list-map-keys; empty for a set (items identified by their value). */
  readonly keys: readonly string[];
  element(): TypeNode;
  /** The default of a key field an item may omit (ports' protocol defaults to TCP). */
  keyDefault(name: string): unknown;
}

export interface MapType {
  /** Atomic maps (x-kubernetes-map-type: atomic) are owned and replaced as a whole. */
  readonly atomic: boolean;
  /** A declared (struct) field's type; undefined when `name` is not declared. */
  field(name: string): TypeNode | undefined;
  /** The type of keys that are not declared fields; undefined when such keys are not allowed. */
  element(): TypeNode | undefined;
  fieldNames(): string[];
  /** Declared fields Go never omits (non-omitempty): they exist, possibly null, in a zero object. */
  required(): readonly string[];
}

export interface TypeNode {
  readonly scalar?: ScalarKind;
  readonly list?: ListType;
  readonly map?: MapType;
}

/** A schema node whose kind follows the value, and whose lists and maps are atomic. */
export const UNTYPED_ATOMIC: TypeNode = {
  scalar: 'untyped',
  list: { atomic: true, keys: [], element: () => UNTYPED_ATOMIC, keyDefault: () => undefined },
  map: { atomic: true, field: () => undefined, element: () => UNTYPED_ATOMIC, fieldNames: () => [], required: () => [] },
};

/** Like UNTYPED_ATOMIC, but maps are granular (each key owned separately): free-form objects. */
const DEDUCED: TypeNode = {
  scalar: 'untyped',
  list: { atomic: true, keys: [], element: () => UNTYPED_ATOMIC, keyDefault: () => undefined },
  map: { atomic: false, field: () => undefined, element: () => DEDUCED, fieldNames: () => [], required: () => [] },
};

/**
 * Defaults of list-map key fields, for definitions that do not publish them as `default`.
 * Kubernetes' OpenAPI has them, and without them `ports: [{containerPort: 80}]` in an applied
 * configuration would not match the defaulted `{containerPort: 80, protocol: TCP}` item.
 */
const KEY_DEFAULTS: Record<string, Record<string, unknown>> = {
  'io.k8s.api.core.v1.ContainerPort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.ServicePort': { protocol: 'TCP' },
};

const DEFINITION_REF = /^#\/(?:definitions|components\/schemas)\//;
const refName = (s: JsonSchema | undefined) => (s?.$ref ? s.$ref.replace(DEFINITION_REF, '') : undefined);

class SchemaTypes {
  private readonly cache = new WeakMap<JsonSchema, TypeNode>();
  constructor(private readonly defs: Definitions) {}

  /** The node of a schema as it appears at its use site (extensions there win over the target's). */
  node(raw: JsonSchema | undefined): TypeNode {
    if (!raw) return UNTYPED_ATOMIC;
    const hit = this.cache.get(raw);
    if (hit) return hit;
    const built = this.build(raw);
    this.cache.set(raw, built);
    return built;
  }

  private build(raw: JsonSchema): TypeNode {
    const name = refName(raw);
    // The two types Kubernetes special-cases: quantities are strings, raw extensions anything.
    if (name?.endsWith('.runtime.RawExtension')) return UNTYPED_ATOMIC;
    if (name?.endsWith('.api.resource.Quantity')) return { scalar: 'untyped' };
    const s = resolveSchema(this.defs, raw);
    if (!s) return UNTYPED_ATOMIC;
    if (s['x-kubernetes-int-or-string']) return { scalar: 'untyped' };
    switch (s.type) {
      case 'object': return { map: this.mapType(s) };
      case 'array': return { list: this.listType(s) };
      case 'integer': case 'number': return { scalar: 'numeric' };
      case 'boolean': return { scalar: 'boolean' };
      case 'string': return { scalar: !s.format || s.format === 'byte' ? 'string' : 'untyped' };
      case undefined: case '': return { scalar: 'untyped', list: this.listType(s), map: this.mapType(s) };
      default: return { scalar: 'untyped' };
    }
  }

  private mapType(s: JsonSchema): MapType {
    const props = s.properties ?? {};
    const names = Object.keys(props);
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    let element: () => TypeNode | undefined;
    const ap = s.additionalProperties;
    if (ap && typeof ap === 'object') element = () => this.node(ap);
    else if (ap === true || (ap === undefined && (preserve || names.length === 0))) element = () => DEDUCED;
    else element = () => undefined;
    const required = s.required ?? [];
    return {
      atomic: s['x-kubernetes-map-type'] === 'atomic',
      field: (name) => (Object.prototype.hasOwnProperty.call(props, name) ? this.node(props[name]) : undefined),
      element,
      fieldNames: () => names,
      required: () => required,
    };
  }

  private listType(s: JsonSchema): ListType {
    let atomic = true;
    let keys: string[] = [];
    const listType = s['x-kubernetes-list-type'];
    const strategy = s['x-kubernetes-patch-strategy'];
    const mergeKey = s['x-kubernetes-patch-merge-key'];
    if (listType === 'set') atomic = false;
    else if (listType === 'map') { atomic = false; keys = s['x-kubernetes-list-map-keys'] ?? (mergeKey ? [mergeKey] : []); }
    else if (listType === undefined && (strategy === 'merge' || strategy === 'merge,retainKeys')) {
      // Without a list type, the strategic-merge-patch facts decide, as they do in Kubernetes.
      atomic = false;
      keys = mergeKey ? [mergeKey] : [];
    }
    const items = s.items;
    const itemDefaults = KEY_DEFAULTS[refName(items) ?? ''] ?? {};
    return {
      atomic,
      keys,
      element: () => this.node(items),
      keyDefault: (name) => {
        const item = resolveSchema(this.defs, items);
        const d = item?.properties?.[name] ? resolveSchema(this.defs, item.properties[name])?.default : undefined;
        return d !== undefined ? d : itemDefaults[name];
      },
    };
  }
}

const perDefinitions = new WeakMap<Definitions, { types: SchemaTypes; roots: Map<string, TypeNode> }>();

/** The type of a top-level kind, e.g. objectType(defs, 'io.k8s.api.core.v1.Pod'). Cached per definitions. */
export function objectType(defs: Definitions, definition: string): TypeNode {
  let entry = perDefinitions.get(defs);
  if (!entry) {
    entry = { types: new SchemaTypes(defs), roots: new Map() };
    perDefinitions.set(defs, entry);
  }
  let root = entry.roots.get(definition);
  if (!root) {
    if (!defs[definition]) throw new Error(`no OpenAPI definition named ${definition}`);
    root = entry.types.node({ $ref: `#/definitions/${definition}` });
    entry.roots.set(definition, root);
  }
  return root;
}

/** Which handler a value is walked with: the one matching its JSON kind, else map, scalar, list. */
export function atomKind(type: TypeNode, v: unknown): 'scalar' | 'list' | 'map' {
  if ((typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && type.scalar) return 'scalar';
  if (Array.isArray(v) && type.list) return 'list';
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && type.map) return 'map';
  return type.map ? 'map' : type.scalar ? 'scalar' : 'list';
}

/** The type of key `name` in a map: its declared field type, else the element type. */
export function mapFieldType(map: MapType, name: string): TypeNode | undefined {
  return map.field(name) ?? map.element();
}
