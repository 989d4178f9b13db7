// The `Events:` section: finding the events about an object the way kubectl does (a field
// selector on involvedObject name, namespace, kind and uid) and printing them oldest first as
// Type / Reason / Age / From / Message, with `x3 over 5m` for repeated events.
import type { Event } from 'kubernetes-types/core/v1';
import type { ApiClient } from '../../client/api-client';
import { parseTimestamp, timestampSince } from '../../api/tables/human-duration';
import { listAll } from './chunked-list';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './prefix-writer';

const EVENTS = { group: '', version: 'v1', resource: 'events' };

/** What identifies an object's events; a missing kind or uid is left out of the selector. */
export interface EventTarget { name: string; namespace: string; kind?: string; uid?: string }

export function eventFieldSelector(t: EventTarget): string {
  const terms: Array<[string, string | undefined]> = [
    ['involvedObject.kind', t.kind],
    ['involvedObject.name', t.name],
    ['involvedObject.namespace', t.namespace],
    ['involvedObject.uid', t.uid],
  ];
  return terms.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${v}`).join(',');
}

/** Callers that describe the object anyway treat a failed search as no events, as kubectl does. */
export function searchEvents(client: ApiClient, t: EventTarget, chunkSize?: number): Promise<Event[]> {
  // Events live in the object's namespace; for cluster-scoped objects that is all namespaces.
  return listAll<Event>(client, { ...EVENTS, namespace: t.namespace || undefined }, { fieldSelector: eventFieldSelector(t) }, chunkSize);
}

/** Age cell: first seen, or `last (xN over first)` for an event that repeated. */
function eventAge(e: Event, now: Date): string {
  const first = parseTimestamp(e.eventTime) === undefined ? timestampSince(e.firstTimestamp, now) : timestampSince(e.eventTime, now);
  if (e.series) return `${timestampSince(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${timestampSince(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

export function describeEvents(events: Event[], w: PrefixWriter, now: Date): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  // kubectl orders by lastTimestamp only; events without one sort first.
  const last = (e: Event): number => parseTimestamp(e.lastTimestamp) ?? Number.MIN_SAFE_INTEGER;
  const sorted = [...events].sort((a, b) => last(a) - last(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const from = e.source?.component || e.reportingComponent || '';
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${eventAge(e, now)}\t${from}\t${(e.message ?? '').trim()}\n`);
  }
}
