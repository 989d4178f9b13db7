import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'kubernetes-types/core/v1';
import { concerns, nodeUpdateInterest } from '../../src/scheduler/cluster-events';
import { node } from './fixtures';

const base = node('n');
const withStatus = (n: Node, status: Partial<NonNullable<Node['status']>>): Node => ({ ...n, status: { ...n.status, ...status } });

test('heartbeats concern no filter; real changes concern the filters that read them', () => {
  const beat = withStatus(base, { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2024-01-01T00:00:10Z' }] });
  assert.deepEqual(nodeUpdateInterest(base, beat), new Set());
  assert.deepEqual(nodeUpdateInterest(base, withStatus(base, { allocatable: { cpu: '8', memory: '8Gi', pods: '110' } })), new Set(['NodeResourcesFit']));
  assert.deepEqual(nodeUpdateInterest(base, { ...base, metadata: { ...base.metadata, labels: { disk: 'ssd' } } }), new Set(['NodeAffinity']));
  assert.deepEqual(nodeUpdateInterest(base, { ...base, spec: { unschedulable: true } }), new Set(['TaintToleration', 'NodeUnschedulable']));
  assert.deepEqual(nodeUpdateInterest(base, withStatus(base, { conditions: [{ type: 'Ready', status: 'False' }] })), new Set(['TaintToleration']));
});

test('a change concerns a pod when it touches one of the filters that rejected it; a pod rejected by none waits for any change', () => {
  const fit = new Set(['NodeResourcesFit']);
  assert.equal(concerns(new Set(['NodeAffinity']), fit), false);
  assert.equal(concerns(new Set(['NodeResourcesFit', 'NodePorts']), fit), true);
  assert.equal(concerns('all', fit), true);
  assert.equal(concerns(new Set(['NodeAffinity']), new Set()), true);
});
