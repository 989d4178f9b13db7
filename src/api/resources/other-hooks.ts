// Strategy hooks of nodes, events, service accounts, config maps, secrets and leases.
import type { ConfigMap, Event, Node, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import { type KubeObject, writable } from '../object';
import type { ResourceDescriptor } from '../resource';

export const nodeHooks: Partial<ResourceDescriptor<Node & KubeObject>> = {
  prepareForUpdate(node, old) { writable(node).status = old.status; },
  prepareForStatusUpdate(node, old) { node.spec = old.spec; },
};

export const eventHooks: Partial<ResourceDescriptor<Event & KubeObject>> = {};
export const serviceAccountHooks: Partial<ResourceDescriptor<ServiceAccount & KubeObject>> = {};
export const configMapHooks: Partial<ResourceDescriptor<ConfigMap & KubeObject>> = {};
export const secretHooks: Partial<ResourceDescriptor<Secret & KubeObject>> = {
  applyDefaults(secret) { secret.type ??= 'Opaque'; },
};
export const leaseHooks: Partial<ResourceDescriptor<Lease & KubeObject>> = {};
