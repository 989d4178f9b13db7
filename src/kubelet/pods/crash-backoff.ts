// The back-off Kubernetes uses for crashing containers and failing pulls: 10 s, doubling up to
// 300 s, and forgotten once the last failure is more than twice the maximum (10 minutes) old.
// A container that exits for the first time restarts at once; each later exit waits the current
// delay counted from when it exited. A failed pull waits the delay counted from the failure.
const INITIAL_MS = 10_000;
const MAX_MS = 300_000;

interface Entry { delayMs: number; lastUpdate: number }

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly initialMs = INITIAL_MS, private readonly maxMs = MAX_MS) {}

  private live(key: string, eventTime: number): Entry | undefined {
    const e = this.entries.get(key);
    return e && eventTime - e.lastUpdate <= 2 * this.maxMs ? e : undefined;
  }

  /** Milliseconds still to wait, counted from `eventTime` (when the container exited); 0: go ahead. */
  remainingSince(key: string, eventTime: number, now = Date.now()): number {
    const e = this.live(key, eventTime);
    return e ? Math.max(0, eventTime + e.delayMs - now) : 0;
  }

  /** Milliseconds still to wait, counted from the last recorded failure (pulls); 0: go ahead. */
  remaining(key: string, now = Date.now()): number {
    const e = this.entries.get(key);
    return e ? Math.max(0, e.lastUpdate + e.delayMs - now) : 0;
  }

  /** The current delay for `key` (what a CrashLoopBackOff message reports). */
  delay(key: string): number { return this.entries.get(key)?.delayMs ?? 0; }

  /**
   * Records a try after a failure at `eventTime`: the delay doubles, or starts again at the initial
   * delay when the previous record is stale. Returns the new delay.
   */
  next(key: string, eventTime = Date.now(), now = Date.now()): number {
    const prev = this.live(key, eventTime);
    const delayMs = prev ? Math.min(prev.delayMs * 2, this.maxMs) : this.initialMs;
    this.entries.set(key, { delayMs, lastUpdate: now });
    return delayMs;
  }

  forget(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}

export function formatDelay(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 && s % 60 === 0 ? `${s / 60}m0s` : s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}
