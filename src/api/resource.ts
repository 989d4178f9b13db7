// A resource type described once: identity, scope, defaulting, validation, table columns and
// selectable fields. The API server serves every descriptor through the same generic handlers,
// as the Kubernetes apiserver's generic registry does with one strategy per resource.
import type { FieldError } from './field-errors';
import type { KubeObject } from './object';

export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export interface TableColumn {
  name: string;
  type: ColumnType;
  format: string;
  description: string;
  /** 0 = always shown; 1 = only with `-o wide`. */
  priority: number;
}

export interface TableDefinition<T extends KubeObject = KubeObject> {
  columns: TableColumn[];
  /** One row's cells, in column order. `now` lets AGE cells be computed deterministically. */
  cells(obj: T, now: Date): unknown[];
}

/**
 * A resource served from another resource's storage: the stored objects are the other one's,
 * converted on the way in and out (events.k8s.io/v1 Events are stored as core/v1 Events).
 */
export interface StorageConversion<T extends KubeObject = KubeObject> {
  /** The resource whose stored objects these are. */
  resource: ResourceDescriptor;
  toStorage(obj: T): KubeObject;
  fromStorage(obj: KubeObject): T;
}

export interface ResourceDescriptor<T extends KubeObject = KubeObject> {
  group: string;            // '' for core
  version: string;
  kind: string;
  listKind: string;
  resource: string;         // plural, e.g. 'pods'
  singular: string;
  shortNames?: string[];
  categories?: string[];
  namespaced: boolean;
  verbs: string[];
  /** Subresources served besides the main resource, e.g. ['status', 'binding']. */
  subresources?: string[];
  /** OpenAPI definition name of the kind, e.g. 'io.k8s.api.core.v1.Pod'. */
  definition: string;

  /** Fill in defaults in place (runs on create and update, like the scheme's defaulters). */
  applyDefaults?(obj: T): void;
  /** Adjust a new object before validation on create (e.g. reset status). */
  prepareForCreate?(obj: T): void;
  /** Adjust an updated object before validation (e.g. keep status from `old` on a main-resource update). */
  prepareForUpdate?(obj: T, old: T): void;
  /** Adjust an object written through the status subresource (e.g. keep spec from `old`). */
  prepareForStatusUpdate?(obj: T, old: T): void;
  validate?(obj: T): FieldError[];
  validateUpdate?(obj: T, old: T): FieldError[];
  validateStatusUpdate?(obj: T, old: T): FieldError[];
  /** Does a spec change bump metadata.generation? (true for most kinds with a spec) */
  hasGeneration?: boolean;

  /** Key segment in storage when it differs from `resource` (nodes are stored as 'minions'). */
  storageResource?: string;
  /** Stored as another resource's objects, converted; the store, watch and lists see this kind's form only. */
  storedAs?: StorageConversion<T>;
  /**
   * Graceful deletion: the grace period (seconds) a delete gets, given the one requested;
   * 0 deletes at once. Absent: every delete is immediate (unless finalizers hold it).
   */
  deleteGracePeriod?(obj: T, requested: number | undefined): number;
  /** Finalizers other than metadata.finalizers that hold a delete (namespaces' spec.finalizers). */
  pendingFinalizers?(obj: T): string[];
  /** Adjust an object whose deletion is pending (namespaces turn Terminating). */
  prepareForDeletion?(obj: T): void;
  /** DELETE answers with the object (pods) rather than a Status. */
  returnDeletedObject?: boolean;
  /** PUT of a missing object creates it. */
  allowCreateOnUpdate?: boolean;

  table?: TableDefinition<T>;
  /** Field-selector values of an object, metadata.name (and namespace) included: keys such as 'metadata.name', 'status.phase'. */
  selectableFields?(obj: T): Record<string, string>;
}

/** The field-selector values every object has. */
export function defaultSelectableFields(obj: KubeObject, namespaced: boolean): Record<string, string> {
  const f: Record<string, string> = { 'metadata.name': obj.metadata?.name ?? '' };
  if (namespaced) f['metadata.namespace'] = obj.metadata?.namespace ?? '';
  return f;
}
