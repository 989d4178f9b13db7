import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconcileTaints, NOT_READY_TAINT, UNREACHABLE_TAINT } from '../../src/controllers/node-lifecycle-controller';

const now = '2026-01-01T00:00:00Z';
const cond = (status: string) => ({ type: 'Ready', status });

test('readiness taints follow the Ready condition and leave other taints alone', () => {
  const other = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  const notReady = { key: NOT_READY_TAINT, effect: 'NoSchedule', timeAdded: now };
  assert.deepEqual(reconcileTaints([other, notReady], cond('True'), now), [other]);
  assert.equal(reconcileTaints([other], cond('True'), now), undefined);
  assert.deepEqual(reconcileTaints([other], cond('False'), now), [other, notReady]);
  assert.equal(reconcileTaints([notReady], cond('False'), now), undefined);
  assert.deepEqual(reconcileTaints([notReady], cond('Unknown'), now), [{ key: UNREACHABLE_TAINT, effect: 'NoSchedule', timeAdded: now }]);
  assert.deepEqual(reconcileTaints([], undefined, now), [{ key: UNREACHABLE_TAINT, effect: 'NoSchedule', timeAdded: now }]);
});
