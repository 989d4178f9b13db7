import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { filterTaintToleration } from '../../../src/scheduler/filters/taint-toleration';
import { effectiveTaints, toleratesTaint } from '../../../src/scheduler/tolerations';
import { info, node, nodeInfo, pod } from '../fixtures';

const gpu: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

test('toleration matching: Equal compares values, Exists ignores them, empty key or effect matches all', () => {
  const cases: Array<[Toleration, boolean]> = [
    [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, true],
    [{ key: 'dedicated', value: 'gpu' }, true],
    [{ key: 'dedicated', operator: 'Equal', value: 'cpu' }, false],
    [{ key: 'dedicated', operator: 'Exists' }, true],
    [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    [{ operator: 'Exists' }, true],
    [{ operator: 'Exists', effect: 'NoSchedule' }, true],
    [{ key: 'other', operator: 'Exists' }, false],
  ];
  for (const [t, want] of cases) assert.equal(toleratesTaint(t, gpu), want, JSON.stringify(t));
});

test('an untolerated NoSchedule or NoExecute taint rejects the node, PreferNoSchedule does not', () => {
  const tainted = nodeInfo(node('n', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }, gpu] }));
  const r = filterTaintToleration(info(pod('p')), tainted);
  assert.deepEqual(r, { plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {dedicated: gpu}'] });
  const tolerant = pod('p', { tolerations: [{ key: 'dedicated', operator: 'Exists' }] });
  assert.equal(filterTaintToleration(info(tolerant), tainted), undefined);
  const noExec = nodeInfo(node('n', { taints: [{ key: 'evict', effect: 'NoExecute' }] }));
  assert.deepEqual(filterTaintToleration(info(pod('p')), noExec)?.reasons, ['node(s) had untolerated taint {evict: }']);
});

test('a node that is not Ready counts as tainted not-ready (unreachable when Unknown)', () => {
  assert.deepEqual(effectiveTaints(node('n')), []);
  assert.deepEqual(effectiveTaints(node('n', { ready: 'False' })), [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
  assert.deepEqual(effectiveTaints(node('n', { ready: 'none' })), [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
  assert.deepEqual(effectiveTaints(node('n', { ready: 'Unknown' })), [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }]);
  // Not added twice when the node lifecycle controller already put it there.
  const already = node('n', { ready: 'False', taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] });
  assert.equal(effectiveTaints(already).length, 1);
  const r = filterTaintToleration(info(pod('p')), nodeInfo(node('n', { ready: 'False' })));
  assert.deepEqual(r?.reasons, ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }']);
  const tolerates = pod('p', { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }] });
  assert.equal(filterTaintToleration(info(tolerates), nodeInfo(node('n', { ready: 'False' }))), undefined);
});

test("the default not-ready NoExecute toleration does not tolerate the NoSchedule taint", () => {
  const p = pod('p', { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] });
  assert.ok(filterTaintToleration(info(p), nodeInfo(node('n', { ready: 'False' }))));
});
