import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Binding, Namespace, Node, ServiceAccount } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import { validateNode, validateNodeStatusUpdate, validateNodeUpdate } from '../../../src/api/validation/node-validation';
import {
  validateNamespace, validateNamespaceFinalizeUpdate, validateNamespaceStatusUpdate, validateNamespaceUpdate,
} from '../../../src/api/validation/namespace-validation';
import { validateServiceAccount } from '../../../src/api/validation/serviceaccount-validation';
import { validateLease, validateLeaseUpdate } from '../../../src/api/validation/lease-validation';
import { validateBinding } from '../../../src/api/validation/binding-validation';
import { defaultNode } from '../../../src/api/defaults/node-defaults';
import { messages } from './error-messages';

test('a registering node with capacity is valid', () => {
  const node: Node = { metadata: { name: 'worker-1.example' }, spec: { podCIDRs: ['10.244.1.0/24', 'fd00::/64'] }, status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' } } };
  defaultNode(node);
  assert.deepEqual(validateNode(node), []);
});

test('node names are DNS subdomains; node objects are cluster-scoped', () => {
  assert.deepEqual(messages(validateNode({ metadata: { name: 'w', namespace: 'default' } })), ['metadata.namespace: Forbidden: not allowed on this type']);
  assert.equal(messages(validateNode({ metadata: { name: 'Worker_1' } }))[0].split(': ')[0], 'metadata.name');
});

test('node taints need an effect and are unique by key and effect', () => {
  assert.deepEqual(messages(validateNode({ metadata: { name: 'w' }, spec: { taints: [{ key: 'k', effect: '' }] } })), ['metadata.taints[0].effect: Required value']);
  const dup = validateNode({ metadata: { name: 'w' }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', value: 'x', effect: 'NoSchedule' }] } });
  assert.deepEqual(messages(dup), ['metadata.taints[1]: Duplicate value: {"key":"k","value":"x","effect":"NoSchedule"}: taints must be unique by key and effect pair']);
});

test('node capacity must be valid quantities; pod CIDRs valid and one per family', () => {
  assert.deepEqual(messages(validateNode({ metadata: { name: 'w' }, status: { capacity: { cpu: '-1' } } })), ['status.capacity.cpu: Invalid value: "-1": must be greater than or equal to 0']);
  assert.deepEqual(messages(validateNode({ metadata: { name: 'w' }, spec: { podCIDRs: ['10.0.0.0/33'] } })), [
    'spec.podCIDRs[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
  ]);
  assert.deepEqual(messages(validateNode({ metadata: { name: 'w' }, spec: { podCIDRs: ['10.0.0.0/24', '10.1.0.0/24'] } })), [
    'spec.podCIDRs: Invalid value: ["10.0.0.0/24","10.1.0.0/24"]: may specify no more than one CIDR for each IP family',
  ]);
});

test('a node’s pod CIDRs and provider ID are set once', () => {
  const old: Node = { metadata: { name: 'w', resourceVersion: '1' }, spec: { podCIDRs: ['10.0.0.0/24'], providerID: 'k8ts://w' } };
  assert.deepEqual(validateNodeUpdate({ ...old, spec: { ...old.spec, unschedulable: true } }, old), []);
  assert.deepEqual(messages(validateNodeUpdate({ metadata: old.metadata, spec: { podCIDRs: ['10.9.0.0/24'], providerID: 'other' } }, old)), [
    'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
    'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
  ]);
  const unset: Node = { metadata: { name: 'w', resourceVersion: '1' } };
  assert.deepEqual(validateNodeUpdate({ ...unset, spec: { podCIDRs: ['10.0.0.0/24'] } }, unset), []);
  assert.deepEqual(messages(validateNodeStatusUpdate({ ...old, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.5' }, { type: 'InternalIP', address: '10.0.0.5' }] } }, old)), [
    'status.addresses[1]: Duplicate value: {"type":"InternalIP","address":"10.0.0.5"}',
  ]);
});

test('namespace names are DNS labels and finalizers standard or qualified', () => {
  assert.deepEqual(validateNamespace({ metadata: { name: 'team-a' }, spec: { finalizers: ['kubernetes'] } }), []);
  assert.deepEqual(messages(validateNamespace({ metadata: { name: 'team.a' } })), ['metadata.name: Invalid value: "team.a": must not contain dots']);
  assert.deepEqual(messages(validateNamespace({ metadata: { name: 'a' }, spec: { finalizers: ['mine'] } })), [
    'spec.finalizers: Invalid value: "mine": name is neither a standard finalizer name nor is it fully qualified',
  ]);
});

test('namespace phase follows the deletion timestamp; finalize validates each finalizer', () => {
  const old: Namespace = { metadata: { name: 'a', resourceVersion: '3' }, status: { phase: 'Active' } };
  assert.deepEqual(validateNamespaceUpdate(old, old), []);
  assert.deepEqual(messages(validateNamespaceStatusUpdate({ ...old, status: { phase: 'Terminating' } }, old)), [
    'status.Phase: Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty',
  ]);
  const deleting: Namespace = { metadata: { ...old.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' }, status: { phase: 'Terminating' } };
  assert.deepEqual(validateNamespaceStatusUpdate(deleting, deleting), []);
  assert.deepEqual(messages(validateNamespaceFinalizeUpdate({ ...old, spec: { finalizers: ['bad'] } }, old)), [
    'spec.finalizers[0]: Invalid value: "bad": name is neither a standard finalizer name nor is it fully qualified',
  ]);
});

test('service accounts validate their metadata', () => {
  const sa: ServiceAccount = { metadata: { name: 'builder', namespace: 'ci' } };
  assert.deepEqual(validateServiceAccount(sa), []);
  assert.equal(messages(validateServiceAccount({ metadata: { name: 'Builder', namespace: 'ci' } }))[0].split(': ')[0], 'metadata.name');
});

test('leases need a positive duration and non-negative transitions', () => {
  const lease: Lease = { metadata: { name: 'worker-1', namespace: 'kube-node-lease' }, spec: { holderIdentity: 'worker-1', leaseDurationSeconds: 40, renewTime: '2024-05-01T10:00:00.000000Z' } };
  assert.deepEqual(validateLease(lease), []);
  assert.deepEqual(messages(validateLease({ ...lease, spec: { leaseDurationSeconds: 0, leaseTransitions: -1 } })), [
    'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
  ]);
  const old = { ...lease, metadata: { ...lease.metadata, resourceVersion: '9' } };
  assert.deepEqual(validateLeaseUpdate({ ...old, spec: { ...old.spec, renewTime: '2024-05-01T10:00:10.000000Z' } }, old), []);
  // Finalizer names outside the core group skip the standard-name rule.
  assert.deepEqual(validateLease({ ...lease, metadata: { ...lease.metadata, finalizers: ['mine'] } }), []);
});

test('a binding needs a target node name', () => {
  const binding: Binding = { metadata: { name: 'p' }, target: { kind: 'Node', name: 'worker-1' } };
  assert.deepEqual(validateBinding(binding), []);
  assert.deepEqual(messages(validateBinding({ metadata: { name: 'p' }, target: { kind: 'Pod' } })), [
    'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"',
    'target.name: Required value',
  ]);
});
