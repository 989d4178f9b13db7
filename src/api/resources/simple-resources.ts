// The resources with no lifecycle of their own: events (through both APIs), service accounts,
// config maps, secrets, leases.
import type { ConfigMap, Event, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Event as EventsV1Event } from 'kubernetes-types/events/v1';
import type { KubeObject } from '../object';
import type { ResourceDescriptor } from '../resource';
import { coreEventToEventsV1, eventsV1ToCoreEvent } from '../conversion/event-conversion';
import { eventTable, eventsV1Table } from '../tables/event-table';
import { serviceAccountTable } from '../tables/serviceaccount-table';
import { configMapTable } from '../tables/configmap-table';
import { secretTable } from '../tables/secret-table';
import { leaseTable } from '../tables/lease-table';
import { eventSelectableFields, eventsV1SelectableFields, secretSelectableFields } from '../selectors/selectable-fields';
import { eventHooks, eventsV1Hooks, serviceAccountHooks, configMapHooks, secretHooks, leaseHooks } from './other-hooks';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const events: ResourceDescriptor<Event & KubeObject> = {
  group: '', version: 'v1', kind: 'Event', listKind: 'EventList', resource: 'events', singular: 'event',
  shortNames: ['ev'], namespaced: true, verbs: ALL_VERBS,
  definition: 'io.k8s.api.core.v1.Event',
  ...eventHooks,
  table: eventTable,
  selectableFields: eventSelectableFields,
};

/** The same stored objects as core/v1 events, in the newer API's shape (as in Kubernetes, one storage, two views). */
export const eventsV1: ResourceDescriptor<EventsV1Event & KubeObject> = {
  group: 'events.k8s.io', version: 'v1', kind: 'Event', listKind: 'EventList', resource: 'events', singular: 'event',
  shortNames: ['ev'], namespaced: true, verbs: ALL_VERBS,
  definition: 'io.k8s.api.events.v1.Event',
  ...eventsV1Hooks,
  table: eventsV1Table,
  selectableFields: eventsV1SelectableFields,
  storedAs: {
    resource: events,
    toStorage: eventsV1ToCoreEvent,
    fromStorage: coreEventToEventsV1,
  },
};

export const serviceAccounts: ResourceDescriptor<ServiceAccount & KubeObject> = {
  group: '', version: 'v1', kind: 'ServiceAccount', listKind: 'ServiceAccountList', resource: 'serviceaccounts', singular: 'serviceaccount',
  shortNames: ['sa'], namespaced: true, verbs: ALL_VERBS,
  subresources: ['token'],
  definition: 'io.k8s.api.core.v1.ServiceAccount',
  ...serviceAccountHooks,
  table: serviceAccountTable,
};

export const configMaps: ResourceDescriptor<ConfigMap & KubeObject> = {
  group: '', version: 'v1', kind: 'ConfigMap', listKind: 'ConfigMapList', resource: 'configmaps', singular: 'configmap',
  shortNames: ['cm'], namespaced: true, verbs: ALL_VERBS,
  definition: 'io.k8s.api.core.v1.ConfigMap',
  ...configMapHooks,
  table: configMapTable,
};

export const secrets: ResourceDescriptor<Secret & KubeObject> = {
  group: '', version: 'v1', kind: 'Secret', listKind: 'SecretList', resource: 'secrets', singular: 'secret',
  namespaced: true, verbs: ALL_VERBS,
  definition: 'io.k8s.api.core.v1.Secret',
  ...secretHooks,
  table: secretTable,
  selectableFields: secretSelectableFields,
};

export const leases: ResourceDescriptor<Lease & KubeObject> = {
  group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', listKind: 'LeaseList', resource: 'leases', singular: 'lease',
  namespaced: true, verbs: ALL_VERBS,
  definition: 'io.k8s.api.coordination.v1.Lease',
  ...leaseHooks,
  table: leaseTable,
};
