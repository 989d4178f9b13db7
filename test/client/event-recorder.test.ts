import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event } from 'kubernetes-types/core/v1';
import { ApiError, type ApiClient } from '../../src/client/api-client';
import { EventRecorder, truncateMessage } from '../../src/client/event-recorder';
import { pod } from '../scheduler/fixtures';

/** Records what the recorder sends; `missing` names events whose patch answers 404. */
function fakeClient(missing = new Set<string>()) {
  const calls: Array<{ verb: string; name: string; body: Record<string, unknown> }> = [];
  const client = {
    async create(_r: unknown, e: Event) { calls.push({ verb: 'create', name: e.metadata!.name!, body: e as unknown as Record<string, unknown> }); return e; },
    async patch(_r: unknown, name: string, body: Record<string, unknown>) {
      calls.push({ verb: 'patch', name, body });
      if (missing.has(name)) throw new ApiError(404, undefined, 'not found');
      return {};
    },
  };
  return { client: client as unknown as ApiClient, calls };
}

const p = pod('web');

test('an event is written with the core/v1 fields kubectl shows', async () => {
  const { client, calls } = fakeClient();
  await new EventRecorder(client, 'default-scheduler', 'default-scheduler-host').record(p, 'Warning', 'FailedScheduling', 'Scheduling', 'no room');
  assert.equal(calls.length, 1);
  const e = calls[0].body as unknown as Event;
  assert.match(e.metadata!.name!, /^web\.[0-9a-f]+$/);
  assert.equal(e.metadata!.namespace, 'default');
  assert.deepEqual(e.involvedObject, { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web', uid: 'uid-web', resourceVersion: undefined });
  assert.equal(e.count, 1);
  assert.equal(e.source?.component, 'default-scheduler');
  assert.equal(e.reportingComponent, 'default-scheduler');
  assert.equal(e.reportingInstance, 'default-scheduler-host');
  assert.match(e.firstTimestamp!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.match(e.eventTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
});

test('a repeat bumps count and lastTimestamp; a new message is a new event', async () => {
  const { client, calls } = fakeClient();
  const r = new EventRecorder(client, 'default-scheduler');
  await Promise.all([
    r.record(p, 'Warning', 'FailedScheduling', 'Scheduling', 'no room'),
    r.record(p, 'Warning', 'FailedScheduling', 'Scheduling', 'no room'),
  ]);
  await r.record(p, 'Warning', 'FailedScheduling', 'Scheduling', 'no room');
  await r.record(p, 'Warning', 'FailedScheduling', 'Scheduling', 'still no room');
  assert.deepEqual(calls.map((c) => c.verb), ['create', 'patch', 'patch', 'create']);
  assert.equal(calls[1].name, calls[0].name);
  assert.equal(calls[1].body.count, 2);
  assert.equal(calls[2].body.count, 3);
  assert.ok(calls[2].body.lastTimestamp);
  assert.notEqual(calls[3].name, calls[0].name);
});

test('a repeat of an event that is gone starts a new one', async () => {
  const missing = new Set<string>();
  const { client, calls } = fakeClient(missing);
  const r = new EventRecorder(client, 'default-scheduler');
  await r.record(p, 'Normal', 'Scheduled', 'Binding', 'placed');
  missing.add(calls[0].name);
  await r.record(p, 'Normal', 'Scheduled', 'Binding', 'placed');
  assert.deepEqual(calls.map((c) => c.verb), ['create', 'patch', 'create']);
  assert.equal(calls[2].body.count, 1);
});

test('long messages are cut to 1024 bytes the way Kubernetes cuts them', () => {
  assert.equal(truncateMessage('short'), 'short');
  const long = 'x'.repeat(2000);
  const cut = truncateMessage(long);
  assert.equal(Buffer.byteLength(cut), 1024);
  assert.ok(cut.endsWith('x ...'));
  const multibyte = truncateMessage('é'.repeat(1000));
  assert.ok(Buffer.byteLength(multibyte) <= 1024);
  assert.ok(multibyte.endsWith('é ...'));
});
