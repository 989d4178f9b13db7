import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event as CoreEvent } from 'kubernetes-types/core/v1';
import type { Event as EventsV1Event } from 'kubernetes-types/events/v1';
import { validateCoreEvent, validateEventsV1Event, validateEventsV1EventUpdate } from '../../../src/api/validation/event-validation';
import { messages } from './error-messages';

const kubeletEvent: CoreEvent = {
  metadata: { name: 'web.17b', namespace: 'default' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u1', apiVersion: 'v1' },
  reason: 'Pulled', message: 'Container image "nginx:1.25" already present on machine', type: 'Normal',
  source: { component: 'kubelet', host: 'worker-1' }, firstTimestamp: '2024-05-01T10:00:00Z', lastTimestamp: '2024-05-01T10:00:00Z', count: 1,
};

test('a legacy core/v1 event is valid when its namespace matches the involved object', () => {
  assert.deepEqual(validateCoreEvent(kubeletEvent), []);
  assert.deepEqual(messages(validateCoreEvent({ ...kubeletEvent, metadata: { ...kubeletEvent.metadata, namespace: 'other' } })), [
    'involvedObject.namespace: Invalid value: "default": does not match event.namespace',
  ]);
  // Events about cluster-scoped objects (nodes) live in "default".
  assert.deepEqual(validateCoreEvent({ ...kubeletEvent, involvedObject: { kind: 'Node', name: 'worker-1' } }), []);
});

test('a core/v1 event with an eventTime needs the reporting fields', () => {
  const e: CoreEvent = { ...kubeletEvent, eventTime: '2024-05-01T10:00:00.000000Z' };
  assert.deepEqual(messages(validateCoreEvent(e)), [
    'reportingController: Required value',
    'reportingController: Invalid value: "": name part must be non-empty',
    "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    'reportingInstance: Required value',
    'action: Required value',
  ]);
  assert.deepEqual(validateCoreEvent({ ...e, reportingComponent: 'kubelet', reportingInstance: 'worker-1', action: 'Pulling' }), []);
});

const schedulerEvent: EventsV1Event = {
  metadata: { name: 'web.17c', namespace: 'default' },
  eventTime: '2024-05-01T10:00:00.123456Z', reportingController: 'default-scheduler', reportingInstance: 'default-scheduler-k8ts',
  action: 'Binding', reason: 'Scheduled', note: 'Successfully assigned default/web to worker-1', type: 'Normal',
  regarding: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u1', apiVersion: 'v1' },
};

test('an events.k8s.io/v1 event gets the strict rules', () => {
  assert.deepEqual(validateEventsV1Event(schedulerEvent), []);
  assert.deepEqual(messages(validateEventsV1Event({ ...schedulerEvent, type: 'Info', deprecatedCount: 3 })), [
    'type: Invalid value: "": has invalid value: Info',
    'count: Invalid value: "": needs to be unset',
  ]);
  assert.deepEqual(messages(validateEventsV1Event({ ...schedulerEvent, series: { count: 1, lastObservedTime: '2024-05-01T10:00:00.000000Z' } })), [
    'series.count: Invalid value: "": should be at least 2',
  ]);
  assert.deepEqual(messages(validateEventsV1Event({ ...schedulerEvent, note: 'x'.repeat(1025) })), ['message: Invalid value: "": can have at most 1024 characters']);
});

test('an events.k8s.io/v1 update may change only the series', () => {
  const old = { ...schedulerEvent, metadata: { ...schedulerEvent.metadata, resourceVersion: '4' } };
  assert.deepEqual(validateEventsV1EventUpdate({ ...old, series: { count: 2, lastObservedTime: '2024-05-01T10:01:00.000000Z' } }, old), []);
  assert.deepEqual(messages(validateEventsV1EventUpdate({ ...old, note: 'changed' }, old)), ['message: Invalid value: "changed": field is immutable']);
});
