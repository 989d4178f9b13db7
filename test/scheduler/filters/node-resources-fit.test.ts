import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterNodeResourcesFit, insufficientResources } from '../../../src/scheduler/filters/node-resources-fit';
import { info, node, nodeInfo, pod } from '../fixtures';

const small = node('n', { allocatable: { cpu: '2', memory: '4Gi', pods: '3', 'ephemeral-storage': '10Gi', 'example.com/dongle': '1' } });

test('a pod fits in allocatable minus what the bound pods request', () => {
  const n = nodeInfo(small, [pod('a', { requests: { cpu: '1500m', memory: '1Gi' } })]);
  assert.deepEqual(insufficientResources(info(pod('p', { requests: { cpu: '500m', memory: '3Gi' } })), n), []);
  assert.deepEqual(insufficientResources(info(pod('p', { requests: { cpu: '501m' } })), n), ['Insufficient cpu']);
  assert.deepEqual(insufficientResources(info(pod('p', { requests: { memory: '3Gi', cpu: '1' } })), n), ['Insufficient cpu']);
});

test('every shortage is reported, pods first, then cpu, memory, ephemeral-storage, extended resources', () => {
  const full = nodeInfo(small, [pod('a'), pod('b'), pod('c')]);
  const greedy = info(pod('p', { requests: { 'example.com/dongle': '2', 'ephemeral-storage': '20Gi', memory: '5Gi', cpu: '3' } }));
  assert.deepEqual(insufficientResources(greedy, full),
    ['Too many pods', 'Insufficient cpu', 'Insufficient memory', 'Insufficient ephemeral-storage', 'Insufficient example.com/dongle']);
  const r = filterNodeResourcesFit(greedy, full);
  assert.equal(r?.plugin, 'NodeResourcesFit');
  assert.equal(r?.code, 'Unschedulable');
});

test('an extended resource the node lacks rejects only pods that request it; zero requests fit anywhere', () => {
  const n = nodeInfo(node('n'));
  assert.deepEqual(insufficientResources(info(pod('p', { requests: { 'nvidia.com/gpu': '1' } })), n), ['Insufficient nvidia.com/gpu']);
  assert.deepEqual(insufficientResources(info(pod('p', { requests: { 'nvidia.com/gpu': '0', cpu: '0' } })), n), []);
});

test('init containers and overhead count as Kubernetes counts them', () => {
  const n = nodeInfo(small);
  const withInit = pod('p', {
    initContainers: [{ name: 'i', image: 'x', resources: { requests: { cpu: '2' } } }],
    containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '1' } } }],
  });
  assert.equal(filterNodeResourcesFit(info(withInit), n), undefined);
  const withOverhead = { ...withInit, spec: { ...withInit.spec!, overhead: { cpu: '1m' } } };
  assert.deepEqual(filterNodeResourcesFit(info(withOverhead), n)?.reasons, ['Insufficient cpu']);
});

test('finished pods are not on the node; a node without a pods allocatable takes none', () => {
  const none = nodeInfo(node('n', { allocatable: { cpu: '1' } }));
  assert.deepEqual(insufficientResources(info(pod('p')), none), ['Too many pods']);
});
