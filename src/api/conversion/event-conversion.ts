// Conversion between the two APIs that serve Events: core/v1 (the stored form) and
// events.k8s.io/v1, as Kubernetes' pkg/apis/events/v1 conversion maps them. Seven fields change
// name, the rest keep theirs; fields neither API knows are dropped, as a decode would drop them.
import type { Event as CoreEvent } from 'kubernetes-types/core/v1';
import type { Event as EventsV1Event } from 'kubernetes-types/events/v1';
import type { KubeObject } from '../object';

/** core/v1 name -> events.k8s.io/v1 name of the fields that differ. */
const EVENTS_V1_NAME: Readonly<Record<string, string>> = {
  involvedObject: 'regarding',
  message: 'note',
  source: 'deprecatedSource',
  firstTimestamp: 'deprecatedFirstTimestamp',
  lastTimestamp: 'deprecatedLastTimestamp',
  count: 'deprecatedCount',
  reportingComponent: 'reportingController',
};
const CORE_NAME: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(EVENTS_V1_NAME).map(([core, v1]) => [v1, core]));

// Each API's fields in the order Kubernetes writes them.
const CORE_FIELDS = ['metadata', 'involvedObject', 'reason', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count',
  'type', 'eventTime', 'series', 'action', 'related', 'reportingComponent', 'reportingInstance'];
const EVENTS_V1_FIELDS = ['metadata', 'eventTime', 'series', 'reportingController', 'reportingInstance', 'action', 'reason',
  'regarding', 'related', 'note', 'type', 'deprecatedSource', 'deprecatedFirstTimestamp', 'deprecatedLastTimestamp', 'deprecatedCount'];

/** A new object of `apiVersion` with each target field taken from its source name; values are shared, not copied. */
function convert(from: object, apiVersion: string, targetFields: string[], sourceName: Readonly<Record<string, string>>): KubeObject {
  const src = from as Record<string, unknown>;
  const out: KubeObject = { kind: 'Event', apiVersion };
  for (const field of targetFields) {
    const value = src[sourceName[field] ?? field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** Takes a typed core/v1 Event, or one as read from storage. */
export function coreEventToEventsV1(e: CoreEvent | KubeObject): EventsV1Event & KubeObject {
  return convert(e, 'events.k8s.io/v1', EVENTS_V1_FIELDS, CORE_NAME) as EventsV1Event & KubeObject;
}

export function eventsV1ToCoreEvent(e: EventsV1Event): CoreEvent & KubeObject {
  return convert(e, 'v1', CORE_FIELDS, EVENTS_V1_NAME) as CoreEvent & KubeObject;
}

/**
 * The events.k8s.io/v1 field-selector names and the core/v1 names they stand for (Kubernetes'
 * AddFieldLabelConversionsForEvent): selection itself works on the stored, core form.
 */
export const EVENTS_V1_FIELD_LABELS: Readonly<Record<string, string>> = {
  'metadata.name': 'metadata.name',
  'metadata.namespace': 'metadata.namespace',
  reason: 'reason',
  ...Object.fromEntries(['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map((f) => [`regarding.${f}`, `involvedObject.${f}`])),
  reportingController: 'reportingComponent',
  source: 'source',
  type: 'type',
};
