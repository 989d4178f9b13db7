// The scheduling queue, shaped like Kubernetes': pods wait in `active` (highest priority first,
// then longest waiting), in `backoff` after a failed attempt until their back-off ends (1 s
// doubling to 10 s by default), or in `unschedulable` until a cluster change that concerns the
// filters that rejected them (or, as a safety net, five minutes). A pod is popped by one
// scheduling cycle at a time; a change that arrives while its cycle runs sends it to back-off
// rather than to `unschedulable`, so the change is not missed.
import type { Pod } from 'kubernetes-types/core/v1';
import { podKey } from './pod-info';
import { type InterestedFilters, concerns } from './cluster-events';

export interface QueuedPod {
  key: string;
  pod: Pod;
  /** Scheduling attempts so far, counting the one in progress once popped. */
  attempts: number;
  /** When the pod last entered the queue (ordering among equal priorities). */
  enqueuedAt: number;
  backoffUntil: number;
  rejectedBy: ReadonlySet<string>;
  unschedulableSince: number;
}

export interface QueueOptions {
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a pod may sit in `unschedulable` without any concerning change before it is retried. */
  maxUnschedulableMs?: number;
}

interface InFlight { qp: QueuedPod; moveCycle: number; updated: boolean; deleted: boolean }

export class SchedulingQueue {
  private readonly active = new Map<string, QueuedPod>();
  private readonly backoff = new Map<string, QueuedPod>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  private readonly inFlight = new Map<string, InFlight>();
  /** Counts cluster changes, so a cycle can tell whether one happened while it ran. */
  private moveCycle = 0;
  private waiter?: (qp: QueuedPod | undefined) => void;
  private backoffTimer?: NodeJS.Timeout;
  private readonly flushTimer: NodeJS.Timeout;
  private closed = false;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxUnschedulableMs: number;

  constructor(opts: QueueOptions = {}) {
    this.initialBackoffMs = opts.initialBackoffMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
    this.maxUnschedulableMs = opts.maxUnschedulableMs ?? 5 * 60_000;
    // Timers stay referenced: a waiting pod is work to do; close() clears them.
    this.flushTimer = setInterval(() => this.flushUnschedulable(), Math.min(30_000, this.maxUnschedulableMs));
  }

  /** A pod that wants scheduling appeared or changed (`specChanged`: something a filter reads). */
  addOrUpdate(pod: Pod, specChanged = true): void {
    if (this.closed) return;
    const key = podKey(pod);
    const flight = this.inFlight.get(key);
    if (flight) {
      flight.qp.pod = pod;
      flight.updated ||= specChanged;
      return;
    }
    const waiting = this.active.get(key) ?? this.backoff.get(key);
    if (waiting) {
      waiting.pod = pod;
      return;
    }
    const parked = this.unschedulable.get(key);
    if (parked) {
      parked.pod = pod;
      if (specChanged) {
        this.unschedulable.delete(key);
        this.requeue(parked);
      }
      return;
    }
    const now = Date.now();
    this.pushActive({ key, pod, attempts: 0, enqueuedAt: now, backoffUntil: 0, rejectedBy: new Set(), unschedulableSince: 0 });
  }

  /** The pod no longer wants scheduling (deleted, bound elsewhere, finished). */
  delete(key: string): void {
    this.active.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
    const flight = this.inFlight.get(key);
    if (flight) flight.deleted = true;
  }

  /** Waits for the next pod to schedule; undefined once closed. */
  pop(): Promise<QueuedPod | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const next = this.takeActive();
    if (next) return Promise.resolve(next);
    return new Promise((resolve) => { this.waiter = resolve; });
  }

  /** The cycle for `key` ended with a binding (or found the pod needs nothing). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /** The cycle found no node; the pod waits for a concerning change or its back-off. */
  unschedulableAttempt(key: string, rejectedBy: ReadonlySet<string>): void {
    const flight = this.inFlight.get(key);
    if (!flight) return;
    this.inFlight.delete(key);
    if (flight.deleted || this.closed) return;
    const qp = flight.qp;
    const now = Date.now();
    qp.rejectedBy = rejectedBy;
    qp.backoffUntil = now + this.backoffDuration(qp.attempts);
    if (flight.updated || flight.moveCycle !== this.moveCycle) {
      this.pushBackoff(qp);
    } else {
      qp.unschedulableSince = now;
      this.unschedulable.set(key, qp);
    }
  }

  /** The cycle failed for another reason (an API error): retry after the back-off. */
  errorAttempt(key: string): void {
    const flight = this.inFlight.get(key);
    if (!flight) return;
    this.inFlight.delete(key);
    if (flight.deleted || this.closed) return;
    flight.qp.backoffUntil = Date.now() + this.backoffDuration(flight.qp.attempts);
    this.pushBackoff(flight.qp);
  }

  /** A cluster change: unschedulable pods it concerns go back to active (or back-off if still backing off). */
  clusterChanged(interest: InterestedFilters): void {
    this.moveCycle++;
    for (const [key, qp] of this.unschedulable) {
      if (!concerns(interest, qp.rejectedBy)) continue;
      this.unschedulable.delete(key);
      this.requeue(qp);
    }
  }

  /** Pod keys per sub-queue, for tests and debugging. */
  state(): { active: string[]; backoff: string[]; unschedulable: string[]; inFlight: string[] } {
    return {
      active: [...this.active.keys()], backoff: [...this.backoff.keys()],
      unschedulable: [...this.unschedulable.keys()], inFlight: [...this.inFlight.keys()],
    };
  }

  close(): void {
    this.closed = true;
    clearInterval(this.flushTimer);
    clearTimeout(this.backoffTimer);
    this.waiter?.(undefined);
    this.waiter = undefined;
  }

  backoffDuration(attempts: number): number {
    let d = this.initialBackoffMs;
    for (let i = 1; i < attempts && d < this.maxBackoffMs; i++) d *= 2;
    return Math.min(d, this.maxBackoffMs);
  }

  private requeue(qp: QueuedPod): void {
    if (qp.backoffUntil > Date.now()) this.pushBackoff(qp);
    else this.pushActive(qp);
  }

  private pushActive(qp: QueuedPod): void {
    qp.enqueuedAt = Date.now();
    this.active.set(qp.key, qp);
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(this.takeActive());
    }
  }

  private pushBackoff(qp: QueuedPod): void {
    this.backoff.set(qp.key, qp);
    this.armBackoffTimer();
  }

  /** One timer, for the earliest back-off to end. */
  private armBackoffTimer(): void {
    clearTimeout(this.backoffTimer);
    if (this.closed || this.backoff.size === 0) return;
    const next = Math.min(...[...this.backoff.values()].map((q) => q.backoffUntil));
    this.backoffTimer = setTimeout(() => this.flushBackoff(), Math.max(0, next - Date.now()));
  }

  private flushBackoff(): void {
    const now = Date.now();
    for (const [key, qp] of this.backoff) {
      if (qp.backoffUntil > now) continue;
      this.backoff.delete(key);
      this.pushActive(qp);
    }
    this.armBackoffTimer();
  }

  private flushUnschedulable(): void {
    const now = Date.now();
    for (const [key, qp] of this.unschedulable) {
      if (now - qp.unschedulableSince < this.maxUnschedulableMs) continue;
      this.unschedulable.delete(key);
      this.requeue(qp);
    }
  }

  private takeActive(): QueuedPod | undefined {
    let best: QueuedPod | undefined;
    for (const qp of this.active.values()) {
      if (!best || before(qp, best)) best = qp;
    }
    if (!best) return undefined;
    this.active.delete(best.key);
    best.attempts++;
    this.inFlight.set(best.key, { qp: best, moveCycle: this.moveCycle, updated: false, deleted: false });
    return best;
  }
}

/** Kubernetes' PrioritySort: higher priority first, then the one queued earlier. */
function before(a: QueuedPod, b: QueuedPod): boolean {
  const pa = a.pod.spec?.priority ?? 0;
  const pb = b.pod.spec?.priority ?? 0;
  return pa !== pb ? pa > pb : a.enqueuedAt < b.enqueuedAt;
}
