// Pods: graceful deletion (the kubelet confirms), spec mostly immutable, status and binding subresources.
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../object';
import type { ResourceDescriptor } from '../resource';
import { podTable } from '../tables/pod-table';
import { podSelectableFields } from '../selectors/selectable-fields';
import { podHooks } from './pod-hooks';

type P = Pod & KubeObject;

export const pods: ResourceDescriptor<P> = {
  group: '', version: 'v1', kind: 'Pod', listKind: 'PodList', resource: 'pods', singular: 'pod',
  shortNames: ['po'], categories: ['all'], namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: ['status', 'binding', 'log', 'exec', 'attach', 'portforward'],
  definition: 'io.k8s.api.core.v1.Pod',
  returnDeletedObject: true,
  ...podHooks,
  deleteGracePeriod(pod, requested) {
    // A pod that never reached a node, or has finished, has nothing to stop: it goes at once.
    if (!pod.spec?.nodeName) return 0;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
    if (requested !== undefined) return requested;
    return pod.spec?.terminationGracePeriodSeconds ?? 30;
  },
  table: podTable,
  selectableFields: podSelectableFields,
};
