// Namespaces: cluster-scoped; deletion waits for spec.finalizers (the namespace controller empties
// the namespace, then removes 'kubernetes'), showing status.phase Terminating meanwhile.
import type { Namespace } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../object';
import type { ResourceDescriptor } from '../resource';
import { namespaceTable } from '../tables/namespace-table';
import { namespaceSelectableFields } from '../selectors/selectable-fields';
import { namespaceHooks } from './namespace-hooks';

type N = Namespace & KubeObject;

export const namespaces: ResourceDescriptor<N> = {
  group: '', version: 'v1', kind: 'Namespace', listKind: 'NamespaceList', resource: 'namespaces', singular: 'namespace',
  shortNames: ['ns'], namespaced: false,
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: ['status', 'finalize'],
  definition: 'io.k8s.api.core.v1.Namespace',
  ...namespaceHooks,
  pendingFinalizers: (ns) => ns.spec?.finalizers ?? [],
  prepareForDeletion(ns) {
    ns.status = { ...(ns.status ?? {}), phase: 'Terminating' };
  },
  table: namespaceTable,
  selectableFields: namespaceSelectableFields,
};
