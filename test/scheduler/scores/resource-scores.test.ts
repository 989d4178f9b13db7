import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leastAllocatedScore } from '../../../src/scheduler/scores/least-allocated';
import { balancedAllocationScore } from '../../../src/scheduler/scores/balanced-allocation';
import { info, node, nodeInfo, pod } from '../fixtures';

const n = node('n', { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } });

test('least allocated: the share of cpu and memory left after placing the pod, averaged', () => {
  const p = info(pod('p', { requests: { cpu: '1', memory: '2Gi' } }));
  assert.equal(leastAllocatedScore(p, nodeInfo(n)), 75);
  assert.equal(leastAllocatedScore(p, nodeInfo(n, [pod('a', { requests: { cpu: '2', memory: '4Gi' } })])), 25);
  // Over-committed resources score 0 rather than negative.
  assert.equal(leastAllocatedScore(info(pod('p', { requests: { cpu: '5', memory: '2Gi' } })), nodeInfo(n)), 37);
});

test('least allocated counts pods without requests at 100m / 200Mi, so empty pods still spread', () => {
  const empty = info(pod('p'));
  assert.equal(leastAllocatedScore(empty, nodeInfo(n)), 97);
  assert.equal(leastAllocatedScore(empty, nodeInfo(n, [pod('a'), pod('b'), pod('c'), pod('d')])), 87);
});

test('balanced allocation: 100 when cpu and memory are used in the same proportion', () => {
  assert.equal(balancedAllocationScore(info(pod('p', { requests: { cpu: '1', memory: '2Gi' } })), nodeInfo(n)), 100);
  assert.equal(balancedAllocationScore(info(pod('p', { requests: { cpu: '2', memory: '1Gi' } })), nodeInfo(n)), 81);
  const cpuHeavyNode = nodeInfo(n, [pod('a', { requests: { cpu: '3' } })]);
  assert.equal(balancedAllocationScore(info(pod('p', { requests: { memory: '6Gi' } })), cpuHeavyNode), 100);
  assert.equal(balancedAllocationScore(info(pod('p', { requests: { cpu: '1' } })), cpuHeavyNode), 50);
});
