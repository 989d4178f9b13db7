import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { deepClone } from '../../../src/api/object';
import { preparePodForCreate, preparePodForStatusUpdate, preparePodForUpdate } from '../../../src/api/defaults/pod-prepare';
import { createPod } from './pod-create-flow';

const manifest: Pod = { metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } };

test('create replaces any client-sent status with Pending and the computed QoS class', () => {
  const pod = deepClone(manifest);
  (pod as { status?: unknown }).status = { phase: 'Running', podIP: '1.2.3.4' };
  pod.spec!.containers[0].resources = { requests: { cpu: '100m' } };
  preparePodForCreate(pod);
  assert.deepEqual(pod.status, { phase: 'Pending', qosClass: 'Burstable' });
  assert.equal(pod.metadata!.generation, 1);
});

test('a pod with scheduling gates says why it is not scheduled', () => {
  const pod = deepClone(manifest);
  pod.spec!.schedulingGates = [{ name: 'example.com/wait' }];
  preparePodForCreate(pod);
  assert.deepEqual(pod.status!.conditions, [{
    type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates',
    lastProbeTime: null, lastTransitionTime: null,
  }]);
});

test('a main-resource update keeps the stored status and bumps generation only when the spec changes', () => {
  const old = createPod(manifest).pod;
  (old as { status?: unknown }).status = { phase: 'Running', qosClass: 'BestEffort', podIP: '10.1.0.7' };
  const relabel = deepClone(old);
  relabel.metadata!.labels = { app: 'web' };
  (relabel as { status?: unknown }).status = { phase: 'Failed' };
  preparePodForUpdate(relabel, old);
  assert.deepEqual(relabel.status, old.status);
  assert.equal(relabel.metadata!.generation, 1);

  const newImage = deepClone(old);
  newImage.spec!.containers[0].image = 'nginx:1.26';
  preparePodForUpdate(newImage, old);
  assert.equal(newImage.metadata!.generation, 2);
});

test('a status update keeps the stored spec, owner references and deletion timestamp', () => {
  const old = createPod(manifest).pod;
  old.metadata!.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1' }];
  const next = deepClone(old);
  next.spec!.nodeName = 'elsewhere';
  next.metadata!.ownerReferences = [];
  next.metadata = { ...next.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' };
  (next as { status?: unknown }).status = { phase: 'Running', podIP: '10.1.0.7' };
  preparePodForStatusUpdate(next, old);
  assert.deepEqual(next.spec, old.spec);
  assert.deepEqual(next.metadata!.ownerReferences, old.metadata!.ownerReferences);
  assert.equal(next.metadata!.deletionTimestamp, undefined);
  assert.deepEqual(next.status, { phase: 'Running', podIP: '10.1.0.7', podIPs: [{ ip: '10.1.0.7' }], qosClass: 'BestEffort' });
});
