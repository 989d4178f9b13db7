import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schedulePod } from '../../src/scheduler/scheduling-cycle';
import { nodesAvailableMessage } from '../../src/scheduler/fit-error';
import { info, node, nodeInfo, pod } from './fixtures';

const small = (name: string, labels: Record<string, string> = {}) => node(name, { labels, allocatable: { cpu: '1', memory: '1Gi', pods: '10' } });

test('the histogram counts nodes per reason and sorts the "count reason" strings as strings', () => {
  const msg = nodesAvailableMessage(12, [...Array(10).fill(['Insufficient cpu']), ["node(s) didn't match Pod's node affinity/selector"], ["node(s) didn't match Pod's node affinity/selector"]]);
  assert.equal(msg, "0/12 nodes are available: 10 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector.");
  assert.equal(nodesAvailableMessage(1, [['Insufficient cpu', 'Insufficient memory']]), '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.');
});

test('an oversized pod on one node: Kubernetes 1.30 wording with the preemption part', () => {
  const r = schedulePod(info(pod('big', { requests: { cpu: '2' } })), [nodeInfo(small('n1'))]);
  assert.deepEqual(r, {
    kind: 'unschedulable',
    message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    rejectedBy: new Set(['NodeResourcesFit']),
  });
});

test('mixed reasons: unresolvable nodes are "not helpful" for preemption', () => {
  const nodes = [nodeInfo(small('a', { disk: 'hdd' })), nodeInfo(small('b', { disk: 'ssd' })), nodeInfo(small('c', { disk: 'ssd' }))];
  const r = schedulePod(info(pod('p', { nodeSelector: { disk: 'ssd' }, requests: { memory: '2Gi' } })), nodes);
  assert.equal(r.kind, 'unschedulable');
  assert.equal(r.kind === 'unschedulable' && r.message,
    "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient memory. "
    + 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
  assert.deepEqual(r.kind === 'unschedulable' && [...r.rejectedBy].sort(), ['NodeAffinity', 'NodeResourcesFit']);
});

test('preemption part: policy Never, victims that would not make room, victims that would', () => {
  const never = schedulePod(info(pod('p', { requests: { cpu: '2' }, preemptionPolicy: 'Never' })), [nodeInfo(small('n'))]);
  assert.equal(never.kind === 'unschedulable' && never.message,
    '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  const lowPriority = pod('low', { requests: { cpu: '500m' }, priority: -10 });
  const tooBigAnyway = schedulePod(info(pod('p', { requests: { cpu: '2' } })), [nodeInfo(small('n'), [lowPriority])]);
  assert.equal(tooBigAnyway.kind === 'unschedulable' && tooBigAnyway.message,
    '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.');
  // Evicting the low-priority pod would make room: Kubernetes would preempt and print no suffix.
  const wouldFit = schedulePod(info(pod('p', { requests: { cpu: '800m' } })), [nodeInfo(small('n'), [lowPriority])]);
  assert.equal(wouldFit.kind === 'unschedulable' && wouldFit.message, '0/1 nodes are available: 1 Insufficient cpu.');
});

test('no nodes at all', () => {
  assert.deepEqual(schedulePod(info(pod('p')), []), { kind: 'unschedulable', message: 'no nodes available to schedule pods', rejectedBy: new Set() });
});

test('a feasible node is chosen: by selector, by room, by score', () => {
  const a = nodeInfo(small('a', { disk: 'hdd' }));
  const b = nodeInfo(node('b', { labels: { disk: 'ssd' } }));
  assert.deepEqual(schedulePod(info(pod('p', { nodeSelector: { disk: 'hdd' } })), [a, b]), { kind: 'scheduled', node: 'a', feasibleNodes: 1 });
  assert.deepEqual(schedulePod(info(pod('p', { requests: { cpu: '2' } })), [a, b]), { kind: 'scheduled', node: 'b', feasibleNodes: 1 });
  // Both fit; b has far more room left.
  assert.deepEqual(schedulePod(info(pod('p', { requests: { cpu: '100m' } })), [a, b]), { kind: 'scheduled', node: 'b', feasibleNodes: 2 });
});
