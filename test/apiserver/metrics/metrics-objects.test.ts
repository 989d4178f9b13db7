import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { cpuQuantity, goDuration, memoryQuantity, nodeMetricsOf, podMetricsOf } from '../../../src/apiserver/metrics/metrics-objects';
import type { PodSummary, Summary } from '../../../src/kubelet/server/stats-summary';

test('CPU rates become canonical decimal quantities, as metrics-server writes nanocores', () => {
  assert.equal(cpuQuantity(1234567), '1234567n');
  assert.equal(cpuQuantity(3_000_000), '3m');
  assert.equal(cpuQuantity(1_500_000), '1500u');
  assert.equal(cpuQuantity(2_000_000_000), '2');
  assert.equal(cpuQuantity(0), '0');
  assert.equal(cpuQuantity(12.6), '13n', 'rounded to whole nanocores');
});

test('working sets become binary quantities: Ki or larger when whole, bytes otherwise', () => {
  assert.equal(memoryQuantity(1024 * 1484), '1484Ki');
  assert.equal(memoryQuantity(1024 * 1024), '1Mi');
  assert.equal(memoryQuantity(3 * 1024 * 1024 * 1024), '3Gi');
  assert.equal(memoryQuantity(1000), '1k', 'below 1Ki Kubernetes switches to decimal SI');
  assert.equal(memoryQuantity(999), '999');
  assert.equal(memoryQuantity(1025), '1025');
  assert.equal(memoryQuantity(0), '0');
});

test('windows are written as Go durations', () => {
  assert.equal(goDuration(100), '100ms');
  assert.equal(goDuration(10_062), '10.062s');
  assert.equal(goDuration(15_000), '15s');
  assert.equal(goDuration(60_000), '1m0s');
  assert.equal(goDuration(61_500), '1m1.5s');
  assert.equal(goDuration(3_600_000), '1h0m0s');
  assert.equal(goDuration(0), '0s');
});

const scrape = { at: new Date('2026-11-28T10:00:05.400Z'), windowMs: 15_000 };
const pod: Pod = { metadata: { name: 'web', namespace: 'shop', uid: 'u1', labels: { app: 'web' }, creationTimestamp: '2026-11-01T00:00:00Z' } };

function podSummary(containers: PodSummary['containers']): PodSummary {
  return { podRef: { name: 'web', namespace: 'shop', uid: 'u1' }, startTime: '2026-11-28T09:00:00Z', containers, cpu: { time: '2026-11-28T10:00:05Z', usageNanoCores: 1 } };
}

test('a pod summary becomes PodMetrics with each container usage, its labels, the scrape time and window', () => {
  const m = podMetricsOf(pod, podSummary([
    { name: 'app', startTime: '2026-11-28T09:00:00Z', cpu: { time: '2026-11-28T10:00:05Z', usageNanoCores: 5_000_000 }, memory: { time: '2026-11-28T10:00:05Z', workingSetBytes: 2 * 1024 * 1024 } },
    { name: 'sidecar', startTime: '2026-11-28T09:00:00Z', cpu: { time: '2026-11-28T10:00:05Z', usageNanoCores: 987654 }, memory: { time: '2026-11-28T10:00:05Z', workingSetBytes: 4096 } },
  ]), scrape);
  assert.deepEqual(m, {
    kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name: 'web', namespace: 'shop', creationTimestamp: '2026-11-28T10:00:05Z', labels: { app: 'web' } },
    timestamp: '2026-11-28T10:00:05Z', window: '15s',
    containers: [
      { name: 'app', usage: { cpu: '5m', memory: '2Mi' } },
      { name: 'sidecar', usage: { cpu: '987654n', memory: '4Ki' } },
    ],
  });
});

test('a pod without running containers, or with one lacking a CPU rate or working set, has no metrics', () => {
  assert.equal(podMetricsOf(pod, podSummary([]), scrape), undefined);
  assert.equal(podMetricsOf(pod, podSummary([{ name: 'app', startTime: '', memory: { time: '', workingSetBytes: 1 } }]), scrape), undefined);
  assert.equal(podMetricsOf(pod, podSummary([{ name: 'app', startTime: '', cpu: { time: '', usageNanoCores: 1 } }]), scrape), undefined);
});

test('a node summary becomes NodeMetrics with the node CPU rate and working set', () => {
  const node: Node = { metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } } };
  const summary: Summary = {
    node: { nodeName: 'n1', startTime: '2026-11-28T00:00:00Z', cpu: { time: '2026-11-28T10:00:05Z', usageNanoCores: 250_000_000 }, memory: { time: '2026-11-28T10:00:05Z', workingSetBytes: 512 * 1024 * 1024 } },
    pods: [],
  };
  assert.deepEqual(nodeMetricsOf(node, summary, { ...scrape, windowMs: 100 }), {
    kind: 'NodeMetrics', apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name: 'n1', creationTimestamp: '2026-11-28T10:00:05Z', labels: { 'kubernetes.io/hostname': 'n1' } },
    timestamp: '2026-11-28T10:00:05Z', window: '100ms',
    usage: { cpu: '250m', memory: '512Mi' },
  });
  assert.equal(nodeMetricsOf(node, { ...summary, node: { ...summary.node, cpu: undefined } }, scrape), undefined);
});
