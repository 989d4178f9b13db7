// What the strategic merge patch needs to know about each field, read from OpenAPI definitions
// (v2 `definitions` or v3 `components.schemas`): the patch strategy and merge key published as
// x-kubernetes-patch-strategy and x-kubernetes-patch-merge-key, and the schema to descend into.
// Fields the schema does not know get no strategy, so their maps merge plainly and their lists
// are replaced. Both the API server (applying patches) and the CLI (computing them) use it.
import { type Definitions, type JsonSchema, fieldSchema, itemSchema } from './schema';

export interface PatchStrategy {
  /** 'merge' or 'replace' for lists and maps that declare one, '' otherwise (lists replace, maps merge). */
  strategy: string;
  /** The strategy list also names retainKeys (the patch may then carry a `$retainKeys` list). */
  retainKeys: boolean;
  /** Field of list items that identifies them when the list merges; '' for primitive lists. */
  mergeKey: string;
}

const NONE: PatchStrategy = { strategy: '', retainKeys: false, mergeKey: '' };

/** A position in the schema: an object (or map) type whose fields can be looked up. */
export class PatchMetaLookup {
  private constructor(
    private readonly defs: Definitions,
    private readonly schema: JsonSchema | undefined,
    /** For error messages: the definition or field this position stands for. */
    readonly name: string,
  ) {}

  /** The lookup rooted at a definition, e.g. 'io.k8s.api.core.v1.Pod'; undefined when there is no such definition. */
  static forDefinition(defs: Definitions, definition: string): PatchMetaLookup | undefined {
    const schema = defs[definition];
    return schema ? new PatchMetaLookup(defs, schema, definition) : undefined;
  }

  /** A lookup that knows no field: everything merges as plain JSON. */
  static unknown(defs: Definitions = {}): PatchMetaLookup {
    return new PatchMetaLookup(defs, undefined, 'unknown');
  }

  /** Field `key` holding an object or map: its strategy and the lookup for its own fields. */
  field(key: string): { meta: PatchStrategy; lookup: PatchMetaLookup } {
    const s = this.schema && fieldSchema(this.defs, this.schema, key);
    return { meta: strategyOf(s), lookup: new PatchMetaLookup(this.defs, s, `${this.name}.${key}`) };
  }

  /** Field `key` holding a list: its strategy and merge key, and the lookup for its items. */
  list(key: string): { meta: PatchStrategy; items: PatchMetaLookup } {
    const s = this.schema && fieldSchema(this.defs, this.schema, key);
    const items = s && itemSchema(this.defs, s);
    return { meta: strategyOf(s), items: new PatchMetaLookup(this.defs, items, `${this.name}.${key}`) };
  }
}

/** `s` is already resolved: fieldSchema keeps the referring property's extensions. */
function strategyOf(r: JsonSchema | undefined): PatchStrategy {
  if (!r) return NONE;
  const declared = typeof r['x-kubernetes-patch-strategy'] === 'string' ? r['x-kubernetes-patch-strategy'].split(',') : [];
  const mergeKey = typeof r['x-kubernetes-patch-merge-key'] === 'string' ? r['x-kubernetes-patch-merge-key'] : '';
  const others = declared.map((x) => x.trim()).filter((x) => x && x !== 'retainKeys');
  return { strategy: others[0] ?? '', retainKeys: declared.some((x) => x.trim() === 'retainKeys'), mergeKey };
}
