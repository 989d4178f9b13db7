// Fields that managedFields never records. Some are the server's own bookkeeping (name, uid,
// resourceVersion, ...: Kubernetes strips them from every manager's set); others are "reset
// fields", which a resource's strategy overwrites on a given endpoint (a pod's status on the main
// resource, its spec through pods/status), so writing them there owns nothing and conflicts with
// nobody.
import { FieldSet } from './field-set';
import { fieldElement } from './path-element';

/** A path of field names, e.g. ['metadata', 'ownerReferences']. */
export type FieldNamePath = readonly string[];

export function fieldNameSet(paths: readonly FieldNamePath[]): FieldSet {
  return FieldSet.of(...paths.map((p) => p.map(fieldElement)));
}

/** Removed from the set of the manager that wrote (exact paths, not what is below them). */
export const STRIPPED_FIELDS = fieldNameSet([
  ['apiVersion'], ['kind'], ['metadata'], ['metadata', 'name'], ['metadata', 'namespace'],
  ['metadata', 'creationTimestamp'], ['metadata', 'selfLink'], ['metadata', 'uid'], ['metadata', 'clusterName'],
  ['metadata', 'generation'], ['metadata', 'managedFields'], ['metadata', 'resourceVersion'],
]);

const STATUS_ONLY: FieldNamePath[] = [['status']];
const SPEC_ONLY: FieldNamePath[] = [['spec']];

/**
 * Reset fields per resource (`resource.group` outside the core group) and endpoint ('' = main
 * resource), from the Kubernetes strategies' GetResetFields; resources not listed have none.
 */
const RESET_FIELDS: Record<string, Record<string, FieldNamePath[]>> = {
  pods: { '': STATUS_ONLY, status: [['spec'], ['metadata', 'deletionTimestamp'], ['metadata', 'ownerReferences']] },
  nodes: { '': STATUS_ONLY, status: SPEC_ONLY },
  namespaces: { '': STATUS_ONLY, status: SPEC_ONLY, finalize: STATUS_ONLY },
  services: { '': STATUS_ONLY, status: SPEC_ONLY },
};

/** The reset fields of a resource's endpoint, e.g. resetFieldsFor('', 'pods', 'status'). */
export function resetFieldsFor(group: string, resource: string, subresource = ''): FieldNamePath[] {
  return RESET_FIELDS[group ? `${resource}.${group}` : resource]?.[subresource] ?? [];
}
