import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SchedulingQueue } from '../../src/scheduler/scheduling-queue';
import { pod } from './fixtures';

const FIT = new Set(['NodeResourcesFit']);

test('back-off doubles from 1 s up to 10 s by default', () => {
  const q = new SchedulingQueue();
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((a) => q.backoffDuration(a)), [1000, 2000, 4000, 8000, 10000, 10000]);
  q.close();
});

test('higher priority first, then first come first served', async () => {
  const q = new SchedulingQueue();
  q.addOrUpdate(pod('a'));
  await sleep(2);
  q.addOrUpdate(pod('b', { priority: 100 }));
  await sleep(2);
  q.addOrUpdate(pod('c'));
  const order = [];
  for (let i = 0; i < 3; i++) order.push((await q.pop())!.key);
  assert.deepEqual(order, ['default/b', 'default/a', 'default/c']);
  q.close();
});

test('an unschedulable pod waits for a change that concerns its filters, then for its back-off', async () => {
  const q = new SchedulingQueue({ initialBackoffMs: 40 });
  q.addOrUpdate(pod('p'));
  const first = await q.pop();
  assert.equal(first!.attempts, 1);
  q.unschedulableAttempt('default/p', FIT);
  assert.deepEqual(q.state().unschedulable, ['default/p']);
  q.clusterChanged(new Set(['NodeAffinity']));
  assert.deepEqual(q.state().unschedulable, ['default/p'], 'a label change does not help a pod short of cpu');
  q.clusterChanged(FIT);
  assert.deepEqual(q.state().backoff, ['default/p'], 'still backing off');
  const started = Date.now();
  const again = await q.pop();
  assert.ok(Date.now() - started >= 20, 'waited for the back-off');
  assert.equal(again!.attempts, 2);
  q.close();
});

test('a change during the attempt sends the pod to back-off instead of parking it', async () => {
  const q = new SchedulingQueue({ initialBackoffMs: 10 });
  q.addOrUpdate(pod('p'));
  await q.pop();
  q.clusterChanged('all');
  q.unschedulableAttempt('default/p', FIT);
  assert.deepEqual(q.state().backoff, ['default/p']);
  assert.equal((await q.pop())!.key, 'default/p');
  q.close();
});

test('a parked pod is retried when its own spec changes, not when only its status does', async () => {
  const q = new SchedulingQueue({ initialBackoffMs: 1 });
  q.addOrUpdate(pod('p'));
  await q.pop();
  q.unschedulableAttempt('default/p', FIT);
  q.addOrUpdate(pod('p'), false);
  assert.deepEqual(q.state().unschedulable, ['default/p']);
  await sleep(5);
  q.addOrUpdate(pod('p'), true);
  assert.deepEqual(q.state().active, ['default/p']);
  q.close();
});

test('deleted pods leave every sub-queue, and a pod deleted mid-attempt is not requeued', async () => {
  const q = new SchedulingQueue({ initialBackoffMs: 1 });
  q.addOrUpdate(pod('p'));
  q.addOrUpdate(pod('r'));
  await q.pop();
  q.delete('default/p');
  q.delete('default/r');
  q.unschedulableAttempt('default/p', FIT);
  assert.deepEqual(q.state(), { active: [], backoff: [], unschedulable: [], inFlight: [] });
  const waiting = q.pop();
  q.close();
  assert.equal(await waiting, undefined);
});

test('pods parked longer than the limit are retried without any change', async () => {
  const q = new SchedulingQueue({ initialBackoffMs: 1, maxUnschedulableMs: 30 });
  q.addOrUpdate(pod('p'));
  await q.pop();
  q.unschedulableAttempt('default/p', FIT);
  const again = await q.pop();
  assert.equal(again!.key, 'default/p');
  q.close();
});
