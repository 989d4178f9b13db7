import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Namespace, Node, Secret } from 'kubernetes-types/core/v1';
import { admitNodeNotReadyTaint, defaultNode, prepareNodeForStatusUpdate, prepareNodeForUpdate } from '../../../src/api/defaults/node-defaults';
import {
  defaultNamespace, prepareNamespaceForCreate, prepareNamespaceForStatusUpdate, prepareNamespaceForUpdate,
} from '../../../src/api/defaults/namespace-defaults';
import { defaultSecret } from '../../../src/api/defaults/secret-defaults';

test('node allocatable defaults to capacity, both stored canonically', () => {
  const node: Node = { metadata: { name: 'n1' }, status: { capacity: { cpu: '4', memory: '8388608Ki', pods: '110' } } };
  defaultNode(node);
  assert.deepEqual(node.status!.capacity, { cpu: '4', memory: '8Gi', pods: '110' });
  assert.deepEqual(node.status!.allocatable, { cpu: '4', memory: '8Gi', pods: '110' });
});

test('node updates keep status; status updates keep spec', () => {
  const old: Node = { metadata: { name: 'n1' }, spec: { podCIDR: '10.0.0.0/24' }, status: { phase: 'Running' } };
  const put: Node = { metadata: { name: 'n1' }, spec: { unschedulable: true }, status: { phase: 'Pending' } };
  prepareNodeForUpdate(put, old);
  assert.deepEqual(put.status, { phase: 'Running' });
  const status: Node = { metadata: { name: 'n1' }, spec: {}, status: { phase: 'Pending' } };
  prepareNodeForStatusUpdate(status, old);
  assert.deepEqual(status.spec, { podCIDR: '10.0.0.0/24' });
});

test('a new node is tainted not-ready once', () => {
  const node: Node = { metadata: { name: 'n1' } };
  admitNodeNotReadyTaint(node);
  admitNodeNotReadyTaint(node);
  assert.deepEqual(node.spec!.taints, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
});

test('a namespace gets its name label, phase Active and the kubernetes finalizer', () => {
  const ns: Namespace = { metadata: { name: 'team-a', labels: { env: 'dev' } } };
  defaultNamespace(ns);
  prepareNamespaceForCreate(ns);
  assert.deepEqual(ns, {
    metadata: { name: 'team-a', labels: { env: 'dev', 'kubernetes.io/metadata.name': 'team-a' } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
});

test('namespace updates cannot touch finalizers or status; the name label cannot be removed', () => {
  const old: Namespace = { metadata: { name: 'a', labels: { 'kubernetes.io/metadata.name': 'a' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Terminating' } };
  const put: Namespace = { metadata: { name: 'a', labels: {} }, spec: { finalizers: [] }, status: { phase: 'Active' } };
  prepareNamespaceForUpdate(put, old);
  assert.deepEqual(put, old);
  const status: Namespace = { metadata: { name: 'a' }, spec: {}, status: { phase: 'Terminating' } };
  prepareNamespaceForStatusUpdate(status, old);
  assert.deepEqual(status.spec, { finalizers: ['kubernetes'] });
});

test('a secret defaults to Opaque and stringData is folded into data', () => {
  const secret: Secret = { metadata: { name: 's' }, data: { a: 'b2xk', b: 'Yg==' }, stringData: { a: 'new', c: 'héllo' } };
  defaultSecret(secret);
  assert.deepEqual(secret, { metadata: { name: 's' }, type: 'Opaque', data: { a: 'bmV3', b: 'Yg==', c: 'aMOpbGxv' } });
});
