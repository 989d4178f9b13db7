import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event as CoreEvent } from 'kubernetes-types/core/v1';
import type { Event as EventsV1Event } from 'kubernetes-types/events/v1';
import { coreEventToEventsV1, eventsV1ToCoreEvent } from '../../../src/api/conversion/event-conversion';

const meta = { name: 'web.17c', namespace: 'default', uid: 'u-1', resourceVersion: '42', labels: { app: 'web' } };
const regarding = { kind: 'Pod', namespace: 'default', name: 'web', uid: 'p-1', apiVersion: 'v1', fieldPath: 'spec.containers{app}' };
const related = { kind: 'Node', name: 'worker-1' };

/** Every field of a core/v1 Event set. */
const core: CoreEvent = {
  apiVersion: 'v1', kind: 'Event', metadata: meta,
  involvedObject: regarding, reason: 'BackOff', message: 'Back-off restarting failed container', type: 'Warning',
  source: { component: 'kubelet', host: 'worker-1' }, firstTimestamp: '2024-05-01T10:00:00Z', lastTimestamp: '2024-05-01T10:05:00Z', count: 4,
  eventTime: '2024-05-01T10:00:00.123456Z', series: { count: 4, lastObservedTime: '2024-05-01T10:05:00.000000Z' },
  action: 'Restarting', related, reportingComponent: 'kubelet', reportingInstance: 'worker-1',
};

/** The same event as events.k8s.io/v1 shows it. */
const eventsV1: EventsV1Event = {
  apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: meta,
  eventTime: '2024-05-01T10:00:00.123456Z', series: { count: 4, lastObservedTime: '2024-05-01T10:05:00.000000Z' },
  reportingController: 'kubelet', reportingInstance: 'worker-1', action: 'Restarting', reason: 'BackOff',
  regarding, related, note: 'Back-off restarting failed container', type: 'Warning',
  deprecatedSource: { component: 'kubelet', host: 'worker-1' }, deprecatedFirstTimestamp: '2024-05-01T10:00:00Z',
  deprecatedLastTimestamp: '2024-05-01T10:05:00Z', deprecatedCount: 4,
};

test('core/v1 -> events.k8s.io/v1 renames involvedObject, message, source, timestamps, count and reportingComponent', () => {
  assert.deepEqual(coreEventToEventsV1(core), eventsV1);
});

test('events.k8s.io/v1 -> core/v1 is the reverse mapping', () => {
  assert.deepEqual(eventsV1ToCoreEvent(eventsV1), core);
});

test('both ways round-trip, and the output lists fields in Kubernetes\' order', () => {
  assert.deepEqual(eventsV1ToCoreEvent(coreEventToEventsV1(core)), core);
  assert.deepEqual(coreEventToEventsV1(eventsV1ToCoreEvent(eventsV1)), eventsV1);
  assert.deepEqual(Object.keys(coreEventToEventsV1(core)).slice(0, 6), ['kind', 'apiVersion', 'metadata', 'eventTime', 'series', 'reportingController']);
  assert.deepEqual(Object.keys(eventsV1ToCoreEvent(eventsV1)).slice(0, 5), ['kind', 'apiVersion', 'metadata', 'involvedObject', 'reason']);
});

test('absent fields stay absent, and fields the target API lacks are dropped', () => {
  const minimal = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'x' }, involvedObject: { kind: 'Pod', name: 'p' }, message: 'hi', note: 'stray' };
  assert.deepEqual(coreEventToEventsV1(minimal), { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'x' }, regarding: { kind: 'Pod', name: 'p' }, note: 'hi' });
  assert.deepEqual(eventsV1ToCoreEvent({ eventTime: '2024-05-01T10:00:00.000000Z', reportingController: 'ctrl' }), {
    apiVersion: 'v1', kind: 'Event', eventTime: '2024-05-01T10:00:00.000000Z', reportingComponent: 'ctrl',
  });
});

test('conversion leaves its input untouched', () => {
  const input = structuredClone(core);
  coreEventToEventsV1(input);
  eventsV1ToCoreEvent(coreEventToEventsV1(input));
  assert.deepEqual(input, core);
});
