// Records core/v1 Events about objects, as client-go's event recorder does for a component: a
// repeat of the same event (same object, type, reason and message) is not a new object but
// bumps `count` and `lastTimestamp` of the one already written, so a pod that keeps failing to
// schedule shows "(x5 over 2m)" instead of a pile of events. Events are best effort, as in
// Kubernetes: a failed write is logged, never thrown at the component that reported it.
import { hostname } from 'node:os';
import type { Event, ObjectReference } from 'kubernetes-types/core/v1';
import type { HasMetadata } from '../api/object';
import { ApiError, type ApiClient } from './api-client';

const eventsIn = (namespace: string) => ({ group: '', version: 'v1', resource: 'events', namespace });
/** Like client-go, remember this many distinct events; older ones start a new series. */
const MAX_REMEMBERED = 4096;
/** The API refuses longer messages on events that carry an eventTime. */
export const MAX_MESSAGE_BYTES = 1024;

const seconds = (d: Date): string => d.toISOString().replace(/\.\d+Z$/, 'Z');
const micros = (d: Date): string => d.toISOString().replace(/Z$/, '000Z');

interface Series { name: string; namespace: string; count: number }

/** Kubernetes' cut: the first bytes and " ..." (on a character boundary here). */
export function truncateMessage(message: string, maxBytes = MAX_MESSAGE_BYTES): string {
  const suffix = ' ...';
  if (Buffer.byteLength(message) <= maxBytes) return message;
  let cut = message.slice(0, maxBytes - suffix.length);
  while (Buffer.byteLength(cut) > maxBytes - suffix.length) cut = cut.slice(0, -1);
  return `${cut}${suffix}`;
}

export class EventRecorder {
  private readonly series = new Map<string, Promise<Series | undefined>>();
  private sequence = 0;
  private stopped = false;

  constructor(
    private readonly client: ApiClient,
    private readonly component: string,
    private readonly instance = `${component}-${hostname()}`,
  ) {}

  /** No more writes (the component is shutting down and its client is going away). */
  stop(): void { this.stopped = true; }

  /** Writes (or counts again) one event about `obj`; `action` is what the component was doing. */
  async record(obj: HasMetadata, type: 'Normal' | 'Warning', reason: string, action: string, fullMessage: string): Promise<void> {
    if (this.stopped) return;
    const message = truncateMessage(fullMessage);
    const ref: ObjectReference = {
      apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata?.namespace, name: obj.metadata?.name,
      uid: obj.metadata?.uid, resourceVersion: obj.metadata?.resourceVersion,
    };
    const key = JSON.stringify([ref.kind, ref.namespace, ref.name, ref.uid, type, reason, message]);
    const previous = this.series.get(key);
    // Chained per key, so two quick repeats cannot both create a new event. A failed previous
    // write (already logged by its own call) just means this one starts a new event.
    const next = (previous ?? Promise.resolve(undefined))
      .catch(() => undefined)
      .then((s) => (s ? this.repeat(s, ref, type, reason, action, message) : this.create(ref, type, reason, action, message)));
    this.series.delete(key);
    this.series.set(key, next);
    if (this.series.size > MAX_REMEMBERED) this.series.delete(this.series.keys().next().value as string);
    try {
      await next;
    } catch (e) {
      if (!this.stopped) console.error(`${this.component}: event ${reason} for ${ref.kind} ${ref.namespace}/${ref.name}: ${(e as Error).message}`);
    }
  }

  private async create(ref: ObjectReference, type: string, reason: string, action: string, message: string): Promise<Series> {
    const now = new Date();
    const namespace = ref.namespace || 'default';
    const nanos = BigInt(now.getTime()) * 1_000_000n + BigInt(this.sequence++ % 1_000_000);
    const event: Event = {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: `${ref.name}.${nanos.toString(16)}`, namespace },
      involvedObject: ref, reason, message, type, action,
      source: { component: this.component },
      firstTimestamp: seconds(now), lastTimestamp: seconds(now), count: 1,
      eventTime: micros(now), reportingComponent: this.component, reportingInstance: this.instance,
    };
    const created = await this.client.create<Event>(eventsIn(namespace), event);
    return { name: created.metadata!.name!, namespace, count: 1 };
  }

  private async repeat(s: Series, ref: ObjectReference, type: string, reason: string, action: string, message: string): Promise<Series> {
    const count = s.count + 1;
    try {
      await this.client.patch<Event>(eventsIn(s.namespace), s.name, { count, lastTimestamp: seconds(new Date()), message },
        'application/strategic-merge-patch+json');
      return { ...s, count };
    } catch (e) {
      // The event expired or was deleted (namespace cleanup): start a new one.
      if (e instanceof ApiError && e.code === 404) return this.create(ref, type, reason, action, message);
      throw e;
    }
  }
}
