// Strategy hooks of nodes, events (both APIs), service accounts, config maps, secrets and leases.
import type { ConfigMap, Event, Node, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Event as EventsV1Event } from 'kubernetes-types/events/v1';
import type { KubeObject } from '../object';
import type { ResourceDescriptor } from '../resource';
import { defaultNode, prepareNodeForUpdate, prepareNodeForStatusUpdate } from '../defaults/node-defaults';
import { defaultSecret } from '../defaults/secret-defaults';
import { validateNode, validateNodeUpdate, validateNodeStatusUpdate } from '../validation/node-validation';
import { validateConfigMap, validateConfigMapUpdate, validateSecret, validateSecretUpdate } from '../validation/configmap-secret-validation';
import { validateServiceAccount, validateServiceAccountUpdate } from '../validation/serviceaccount-validation';
import { validateLease, validateLeaseUpdate } from '../validation/lease-validation';
import { validateCoreEvent, validateEventsV1Event, validateEventsV1EventUpdate } from '../validation/event-validation';

export const nodeHooks: Partial<ResourceDescriptor<Node & KubeObject>> = {
  applyDefaults: defaultNode,
  prepareForUpdate: prepareNodeForUpdate,
  prepareForStatusUpdate: prepareNodeForStatusUpdate,
  validate: validateNode,
  validateUpdate: validateNodeUpdate,
  validateStatusUpdate: validateNodeStatusUpdate,
};

export const eventHooks: Partial<ResourceDescriptor<Event & KubeObject>> = {
  validate: validateCoreEvent,
  validateUpdate: (e) => validateCoreEvent(e),
};

export const eventsV1Hooks: Partial<ResourceDescriptor<EventsV1Event & KubeObject>> = {
  validate: validateEventsV1Event,
  validateUpdate: validateEventsV1EventUpdate,
};

export const serviceAccountHooks: Partial<ResourceDescriptor<ServiceAccount & KubeObject>> = {
  validate: validateServiceAccount,
  validateUpdate: validateServiceAccountUpdate,
};

export const configMapHooks: Partial<ResourceDescriptor<ConfigMap & KubeObject>> = {
  validate: validateConfigMap,
  validateUpdate: validateConfigMapUpdate,
};

export const secretHooks: Partial<ResourceDescriptor<Secret & KubeObject>> = {
  applyDefaults: defaultSecret,
  validate: validateSecret,
  validateUpdate: validateSecretUpdate,
};

export const leaseHooks: Partial<ResourceDescriptor<Lease & KubeObject>> = {
  validate: validateLease,
  validateUpdate: validateLeaseUpdate,
};
