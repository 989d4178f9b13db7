import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterNodeUnschedulable } from '../../../src/scheduler/filters/node-unschedulable';
import { runFilters } from '../../../src/scheduler/filters/filter-chain';
import { info, node, nodeInfo, pod } from '../fixtures';

test('a cordoned node takes only pods tolerating node.kubernetes.io/unschedulable', () => {
  const cordoned = nodeInfo(node('n', { unschedulable: true }));
  assert.deepEqual(filterNodeUnschedulable(info(pod('p')), cordoned),
    { plugin: 'NodeUnschedulable', code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'] });
  const tolerant = pod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
  assert.equal(filterNodeUnschedulable(info(tolerant), cordoned), undefined);
  assert.equal(filterNodeUnschedulable(info(pod('p')), nodeInfo(node('n'))), undefined);
});

test('the first failing filter decides a node\'s reasons, in Kubernetes\' order', () => {
  const everythingWrong = nodeInfo(node('n', { unschedulable: true, taints: [{ key: 'k', effect: 'NoSchedule' }], allocatable: { cpu: '1', pods: '1' } }));
  const p = info(pod('p', { nodeSelector: { a: 'b' }, requests: { cpu: '2' } }));
  assert.equal(runFilters(p, everythingWrong)?.plugin, 'NodeUnschedulable');
  const tainted = nodeInfo(node('n', { taints: [{ key: 'k', effect: 'NoSchedule' }], allocatable: { cpu: '1', pods: '1' } }));
  assert.equal(runFilters(p, tainted)?.plugin, 'TaintToleration');
  const small = nodeInfo(node('n', { allocatable: { cpu: '1', pods: '1' } }));
  assert.equal(runFilters(p, small)?.plugin, 'NodeAffinity');
  assert.deepEqual(runFilters(info(pod('p', { requests: { cpu: '2' } })), small)?.reasons, ['Insufficient cpu']);
});
