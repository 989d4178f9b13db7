// Periodic compaction, as the Kubernetes apiserver does it: every interval, compact up to the
// revision that was current one interval ago, so watchers get one interval to catch up.
import type { Store } from './store';

export class Compactor {
  private timer?: NodeJS.Timeout;
  private previous = 0;

  constructor(private readonly store: Store, private readonly intervalMs = 5 * 60_000) {}

  start(): this {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    void this.store.currentRevision().then((r) => { this.previous = r; });
    return this;
  }

  private async tick(): Promise<void> {
    try {
      if (this.previous > 0) await this.store.compact(this.previous);
      this.previous = await this.store.currentRevision();
    } catch (e) {
      console.error('compaction failed:', (e as Error).message);
    }
  }

  stop(): void { if (this.timer) clearInterval(this.timer); }
}
