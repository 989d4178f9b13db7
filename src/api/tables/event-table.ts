// Server-side table of events (core/v1, and events.k8s.io/v1 converted to core): LAST SEEN TYPE
// REASON OBJECT MESSAGE, and with -o wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME, in the order the
// real server interleaves them.
// Events written through events.k8s.io carry eventTime/series instead of the legacy
// first/last timestamps and count; both kinds print alike.
import type { Event, EventSource } from 'kubernetes-types/core/v1';
import type { Event as EventsV1Event } from 'kubernetes-types/events/v1';
import type { KubeObject } from '../object';
import type { TableDefinition } from '../resource';
import { eventsV1ToCoreEvent } from '../conversion/event-conversion';
import { parseTimestamp, timestampSince } from './human-duration';
import { column, nameColumn } from './meta-columns';

/** `component, host`, falling back to the reporting controller and instance of newer events. */
export function eventSource(source: EventSource | undefined, reportingController?: string, reportingInstance?: string): string {
  const component = source?.component || reportingController || '';
  const instance = source?.host || reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

/** `pod/web-0`, or just the lower-cased kind when the event names no object. */
function target(e: Event): string {
  const kind = (e.involvedObject?.kind ?? '').toLowerCase();
  return e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
}

export const eventTable: TableDefinition<Event & KubeObject> = {
  columns: [
    column('Last Seen', 'string', 'Time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'string', 'Type of this event (Normal, Warning); new types may be added.'),
    column('Reason', 'string', 'Short, machine-understandable reason for the transition into the object\'s current status.'),
    column('Object', 'string', 'The object this event is about.'),
    column('Subobject', 'string', 'Part of the object the event is about, e.g. a container as spec.containers{name}.', { priority: 1 }),
    column('Source', 'string', 'Component reporting this event.', { priority: 1 }),
    column('Message', 'string', 'Human-readable description of the status of this operation.'),
    column('First Seen', 'string', 'Time at which the event was first recorded.', { priority: 1 }),
    column('Count', 'string', 'Number of times this event has occurred.', { priority: 1 }),
    nameColumn({ priority: 1 }),
  ],
  cells(e, now) {
    const first = parseTimestamp(e.firstTimestamp) !== undefined
      ? timestampSince(e.firstTimestamp, now)
      : timestampSince(e.eventTime, now);
    let last = parseTimestamp(e.lastTimestamp) !== undefined ? timestampSince(e.lastTimestamp, now) : first;
    let count = e.count ?? 0;
    if (e.series) {
      last = timestampSince(e.series.lastObservedTime, now);
      count = e.series.count ?? 0;
    } else if (count === 0) {
      // Events reported once through the newer API carry no count.
      count = 1;
    }
    return [
      last,
      e.type ?? '',
      e.reason ?? '',
      target(e),
      e.involvedObject?.fieldPath ?? '',
      eventSource(e.source, e.reportingComponent, e.reportingInstance),
      (e.message ?? '').trim(),
      first,
      count,
      e.metadata?.name ?? '',
    ];
  },
};

/** events.k8s.io/v1 events print as Kubernetes prints them: with the core table, on the core form. */
export const eventsV1Table: TableDefinition<EventsV1Event & KubeObject> = {
  columns: eventTable.columns,
  cells: (e, now) => eventTable.cells(eventsV1ToCoreEvent(e), now),
};
