import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeMetricsTable, podMetricsTable } from '../../../src/apiserver/metrics/metrics-table';

const now = new Date('2026-11-28T10:00:00Z');

test("a pod's row sums its containers' usage", () => {
  const pod = {
    kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1', metadata: { name: 'web', namespace: 'default' }, timestamp: '', window: '15s',
    containers: [
      { name: 'a', usage: { cpu: '1500u', memory: '1Mi' } },
      { name: 'b', usage: { cpu: '2m', memory: '512Ki' } },
      { name: 'c', usage: { cpu: '123n', memory: '0' } },
    ],
  };
  assert.deepEqual(podMetricsTable.cells(pod, now), ['web', '3500123n', '1536Ki', '15s']);
  assert.deepEqual(podMetricsTable.columns.map((c) => [c.name, c.format]), [['Name', 'name'], ['cpu', 'quantity'], ['memory', 'quantity'], ['Window', 'duration']]);
});

test("a node's row is its usage", () => {
  const node = { kind: 'NodeMetrics', apiVersion: 'metrics.k8s.io/v1beta1', metadata: { name: 'n1' }, timestamp: '', window: '100ms', usage: { cpu: '250m', memory: '1Gi' } };
  assert.deepEqual(nodeMetricsTable.cells(node, now), ['n1', '250m', '1Gi', '100ms']);
});
