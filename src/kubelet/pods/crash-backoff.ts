// The restart back-off Kubernetes uses for crashing containers and failing pulls: 10 s, doubling
// up to 300 s, forgotten once the container has run for 10 minutes.
const INITIAL_MS = 10_000;
const MAX_MS = 300_000;
const RESET_AFTER_MS = 600_000;

interface Entry { delayMs: number; until: number }

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly initialMs = INITIAL_MS, private readonly maxMs = MAX_MS) {}

  /** Milliseconds still to wait before `key` may be tried again (0: go ahead). */
  remaining(key: string, now = Date.now()): number {
    const e = this.entries.get(key);
    return e ? Math.max(0, e.until - now) : 0;
  }

  /** The current delay for `key` (what a CrashLoopBackOff message reports). */
  delay(key: string): number { return this.entries.get(key)?.delayMs ?? 0; }

  /**
   * Records a failure at `now`; `ranMs` is how long the failed run lasted (a long run resets the
   * sequence). Returns the delay before the next try.
   */
  failed(key: string, now = Date.now(), ranMs = 0): number {
    const prev = this.entries.get(key);
    const delayMs = !prev || ranMs >= RESET_AFTER_MS ? this.initialMs : Math.min(prev.delayMs * 2, this.maxMs);
    this.entries.set(key, { delayMs, until: now + delayMs });
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
