import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPodInfo, podRequests } from '../../src/scheduler/pod-info';
import { amountOf, toAmounts } from '../../src/scheduler/resource-amounts';
import { pod } from './fixtures';

test('quantities become millicores for cpu and whole units otherwise, rounded up', () => {
  assert.equal(amountOf('cpu', '1'), 1000);
  assert.equal(amountOf('cpu', '250m'), 250);
  assert.equal(amountOf('cpu', '0.0001'), 1);
  assert.equal(amountOf('memory', '1Gi'), 1024 ** 3);
  assert.equal(amountOf('memory', '1.5k'), 1500);
  assert.equal(amountOf('memory', '100m'), 1);
  assert.deepEqual(toAmounts({ 'nvidia.com/gpu': '2', pods: '110' }), { 'nvidia.com/gpu': 2, pods: 110 });
});

test('containers add up; an init container needs only its own peak; overhead comes on top', () => {
  const p = pod('p', {
    initContainers: [
      { name: 'i1', image: 'x', resources: { requests: { cpu: '2', memory: '1G' } } },
      { name: 'i2', image: 'x', resources: { requests: { cpu: '2', memory: '3G' } } },
    ],
    containers: [
      { name: 'c1', image: 'x', resources: { requests: { cpu: '2', memory: '1G' } } },
      { name: 'c2', image: 'x', resources: { requests: { cpu: '1', memory: '1G' } } },
    ],
    overhead: { cpu: '100m', memory: '10M' },
  });
  assert.deepEqual(podRequests(p), { cpu: 3100, memory: 3_010_000_000 });
});

test('sidecars (restartable init containers) run beside the containers and the init containers after them', () => {
  const p = pod('p', {
    initContainers: [
      { name: 'sidecar', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '500m' } } },
      { name: 'setup', image: 'x', resources: { requests: { cpu: '3' } } },
    ],
    containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '1' } } }],
  });
  // max(sidecar + containers = 1.5, sidecar + setup = 3.5)
  assert.deepEqual(podRequests(p), { cpu: 3500 });
});

test('spreading counts containers without cpu/memory requests at 100m / 200Mi, explicit zeros stay zero', () => {
  const none = newPodInfo(pod('p'));
  assert.deepEqual(none.requests, {});
  assert.deepEqual(none.nonZero, { cpu: 100, memory: 200 * 1024 * 1024 });
  const zero = newPodInfo(pod('z', { requests: { cpu: '0', memory: '64Mi' } }));
  assert.deepEqual(zero.nonZero, { cpu: 0, memory: 64 * 1024 * 1024 });
});

test('host ports default to 0.0.0.0/TCP and ports without hostPort are ignored', () => {
  const p = pod('p', {
    containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, protocol: 'UDP', hostPort: 53, hostIP: '10.0.0.1' }, { containerPort: 9090 }] }],
  });
  assert.deepEqual(newPodInfo(p).hostPorts, [
    { hostIP: '0.0.0.0', protocol: 'TCP', port: 8080 },
    { hostIP: '10.0.0.1', protocol: 'UDP', port: 53 },
  ]);
  assert.equal(newPodInfo(pod('q', { priority: 7 })).priority, 7);
});
