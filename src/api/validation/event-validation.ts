// Validation of Events through both APIs that serve them. core/v1 events get Kubernetes' lenient
// legacy checks only (namespace agreement and, for events with an eventTime, the reporting
// fields); events.k8s.io/v1 events are converted to the core shape, get the same checks plus
// the strict ones, and on update may change nothing but their series. Field paths are the core
// names (involvedObject, message, reportingController), as Kubernetes reports them for both.
import type { Event as CoreEvent } from 'kubernetes-types/core/v1';
import type { Event as EventsV1Event } from 'kubernetes-types/events/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { type FieldError, FieldPath, invalid, required } from '../field-errors';
import { eventsV1ToCoreEvent } from '../conversion/event-conversion';
import { isObject, str } from './json-values';
import { byteLength, isDNS1123Subdomain, isQualifiedName } from './names';
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';
import { semanticEqual } from './semantic-equal';

const LIMITS = { reportingInstance: 128, action: 128, reason: 128, message: 1024 };
const root = (name: string) => FieldPath.root(name);

/** The internal shape both APIs convert to; absent timestamps are "zero". */
interface InternalEvent {
  metadata: ObjectMeta | undefined;
  involvedObject: CoreEvent['involvedObject'];
  reason?: string;
  message?: string;
  source?: CoreEvent['source'];
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  count?: number;
  type?: string;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string | null } | null;
  action?: string;
  related?: CoreEvent['related'];
  reportingController?: string;
  reportingInstance?: string;
}

const isZeroTime = (t: string | null | undefined): boolean => !t;

function fromCore(e: CoreEvent): InternalEvent {
  return {
    metadata: e.metadata, involvedObject: e.involvedObject ?? {}, reason: e.reason, message: e.message, source: e.source,
    firstTimestamp: e.firstTimestamp, lastTimestamp: e.lastTimestamp, count: e.count, type: e.type, eventTime: e.eventTime,
    series: e.series, action: e.action, related: e.related, reportingController: e.reportingComponent, reportingInstance: e.reportingInstance,
  };
}

function fromEventsV1(e: EventsV1Event): InternalEvent {
  return fromCore(eventsV1ToCoreEvent(e));
}

function legacyValidate(e: InternalEvent): FieldError[] {
  const errs: FieldError[] = [];
  const ns = str(e.metadata?.namespace);
  const involvedNs = str(e.involvedObject?.namespace);
  const nsPath = root('involvedObject').child('namespace');
  const mismatch = () => errs.push(invalid(nsPath, involvedNs, 'does not match event.namespace'));
  if (isZeroTime(e.eventTime)) {
    if (!involvedNs) {
      if (ns !== '' && ns !== 'default') mismatch();
    } else if (ns !== involvedNs) {
      mismatch();
    }
  } else {
    if (!involvedNs && ns !== 'default' && ns !== 'kube-system') mismatch();
    const controller = str(e.reportingController);
    if (!controller) errs.push(required(root('reportingController'), ''));
    for (const m of isQualifiedName(controller)) errs.push(invalid(root('reportingController'), controller, m));
    for (const field of ['reportingInstance', 'action', 'reason'] as const) {
      const v = str(e[field]);
      if (!v) errs.push(required(root(field), ''));
      if (byteLength(v) > LIMITS[field]) errs.push(invalid(root(field), '', `can have at most ${LIMITS[field]} characters`));
    }
    if (byteLength(str(e.message)) > LIMITS.message) errs.push(invalid(root('message'), '', `can have at most ${LIMITS.message} characters`));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalid(root('namespace'), ns, m));
  return errs;
}

function validateSeries(e: InternalEvent): FieldError[] {
  if (!isObject(e.series)) return [];
  const errs: FieldError[] = [];
  if ((e.series.count ?? 0) < 2) errs.push(invalid('series.count', '', 'should be at least 2'));
  if (isZeroTime(e.series.lastObservedTime)) errs.push(required('series.lastObservedTime', ''));
  return errs;
}

/** A core/v1 Event on create or update (Kubernetes keeps old clients working: legacy rules only). */
export function validateCoreEvent(event: CoreEvent): FieldError[] {
  return legacyValidate(fromCore(event));
}

export function validateEventsV1Event(event: EventsV1Event): FieldError[] {
  const e = fromEventsV1(event);
  const errs = legacyValidate(e);
  errs.push(...validateObjectMeta(e.metadata, { namespaced: true, nameRule: 'subdomain' }));
  errs.push(...validateSeries(e));
  if (isZeroTime(e.eventTime)) errs.push(required(root('eventTime'), ''));
  if (e.type !== 'Normal' && e.type !== 'Warning') errs.push(invalid(root('type'), '', `has invalid value: ${str(e.type)}`));
  if (!isZeroTime(e.firstTimestamp)) errs.push(invalid(root('firstTimestamp'), '', 'needs to be unset'));
  if (!isZeroTime(e.lastTimestamp)) errs.push(invalid(root('lastTimestamp'), '', 'needs to be unset'));
  if (e.count) errs.push(invalid(root('count'), '', 'needs to be unset'));
  if (e.source?.component || e.source?.host) errs.push(invalid(root('source'), '', 'needs to be unset'));
  return errs;
}

export function validateEventsV1EventUpdate(event: EventsV1Event, old: EventsV1Event): FieldError[] {
  const e = fromEventsV1(event);
  const o = fromEventsV1(old);
  const errs = legacyValidate(e);
  errs.push(...validateObjectMetaUpdate(e.metadata, o.metadata));
  if (!semanticEqual(e.series, o.series)) errs.push(...validateSeries(e));
  // The same list (reason included twice) as Kubernetes, so a changed reason reports twice too.
  const immutable = ['involvedObject', 'reason', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count', 'reason',
    'type', 'eventTime', 'action', 'related', 'reportingController', 'reportingInstance'] as const;
  for (const f of immutable) errs.push(...validateImmutableField(e[f], o[f], root(f)));
  return errs;
}
