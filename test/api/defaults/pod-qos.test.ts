import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { computePodQOS } from '../../../src/api/defaults/pod-qos';
import { defaultPod } from '../../../src/api/defaults/pod-defaults';

const pod = (containers: Array<Partial<Container>>, initContainers: Array<Partial<Container>> = []): Pod => {
  const p: Pod = {
    spec: {
      containers: containers.map((c, i) => ({ name: `c${i}`, image: 'busybox', ...c })),
      initContainers: initContainers.map((c, i) => ({ name: `i${i}`, image: 'busybox', ...c })),
    },
  };
  defaultPod(p);
  return p;
};

test('no requests or limits is BestEffort', () => {
  assert.equal(computePodQOS(pod([{}])), 'BestEffort');
  assert.equal(computePodQOS(pod([{ resources: { requests: { cpu: '0' } } }])), 'BestEffort');
  assert.equal(computePodQOS(pod([{ resources: { limits: { 'example.com/gpu': '1' } } }])), 'BestEffort');
});

test('cpu and memory limits on every container, equal to requests, is Guaranteed', () => {
  assert.equal(computePodQOS(pod([{ resources: { limits: { cpu: '1', memory: '1Gi' } } }])), 'Guaranteed');
  assert.equal(computePodQOS(pod([{ resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } } }])), 'Guaranteed');
});

test('anything in between is Burstable', () => {
  assert.equal(computePodQOS(pod([{ resources: { requests: { cpu: '100m' } } }])), 'Burstable');
  assert.equal(computePodQOS(pod([{ resources: { limits: { cpu: '1' } } }])), 'Burstable');
  assert.equal(computePodQOS(pod([{ resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } }])), 'Burstable');
  assert.equal(computePodQOS(pod([{ resources: { limits: { cpu: '1', memory: '1Gi' } } }, {}])), 'Burstable');
});

test('init containers count too', () => {
  assert.equal(computePodQOS(pod([{}], [{ resources: { requests: { memory: '64Mi' } } }])), 'Burstable');
});
