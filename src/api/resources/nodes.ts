// Nodes: cluster-scoped, stored under 'minions' as Kubernetes does.
import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../object';
import type { ResourceDescriptor } from '../resource';
import { nodeTable } from '../tables/node-table';
import { nodeSelectableFields } from '../selectors/selectable-fields';
import { nodeHooks } from './other-hooks';

type N = Node & KubeObject;

export const nodes: ResourceDescriptor<N> = {
  group: '', version: 'v1', kind: 'Node', listKind: 'NodeList', resource: 'nodes', singular: 'node',
  shortNames: ['no'], namespaced: false,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: ['status', 'proxy'],
  definition: 'io.k8s.api.core.v1.Node',
  storageResource: 'minions',
  ...nodeHooks,
  table: nodeTable,
  selectableFields: nodeSelectableFields,
};
