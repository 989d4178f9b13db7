// Every resource type k8ts serves.
import type { ResourceDescriptor } from '../resource';
import { pods } from './pods';
import { namespaces } from './namespaces';
import { nodes } from './nodes';
import { events, eventsV1, serviceAccounts, configMaps, secrets, leases } from './simple-resources';

export const ALL_RESOURCES = [namespaces, pods, nodes, events, serviceAccounts, configMaps, secrets, leases, eventsV1] as unknown as ResourceDescriptor[];
