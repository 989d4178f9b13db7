import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchedulerCache } from '../../src/scheduler/scheduler-cache';
import { newPodInfo } from '../../src/scheduler/pod-info';
import { node, pod } from './fixtures';

const n1 = node('n1');
const bound = (name: string, nodeName: string, phase = 'Running') => {
  const p = pod(name, { requests: { cpu: '1' } });
  return { ...p, spec: { ...p.spec!, nodeName }, status: { phase } };
};
const requested = (c: SchedulerCache) => c.snapshot([n1])[0].requested.cpu ?? 0;

test('bound pods occupy their node until they finish or are deleted', () => {
  const c = new SchedulerCache();
  assert.equal(c.updatePod(bound('a', 'n1')), false);
  assert.equal(c.updatePod(bound('b', 'n1')), false);
  assert.equal(requested(c), 2000);
  assert.equal(c.updatePod(bound('a', 'n1', 'Succeeded')), true, 'finishing frees the node');
  assert.equal(requested(c), 1000);
  assert.equal(c.deletePod(bound('b', 'n1')), true);
  assert.equal(requested(c), 0);
  assert.equal(c.deletePod(pod('never-bound')), false);
});

test('an assumed pod holds its room until the informer shows it bound, and can be forgotten', () => {
  const c = new SchedulerCache();
  const p = pod('p', { requests: { cpu: '1' } });
  c.assume(newPodInfo(p), 'n1');
  assert.equal(requested(c), 1000);
  // A late update of the still-unbound pod does not undo the assumption.
  c.updatePod(p);
  assert.equal(c.isAssumed('default/p'), true);
  assert.equal(requested(c), 1000);
  c.updatePod({ ...p, spec: { ...p.spec!, nodeName: 'n1' } });
  assert.equal(c.isAssumed('default/p'), false);
  assert.equal(requested(c), 1000);

  const q = pod('q', { requests: { cpu: '1' } });
  c.assume(newPodInfo(q), 'n1');
  assert.equal(requested(c), 2000);
  c.forget('default/q');
  assert.equal(requested(c), 1000);
});
