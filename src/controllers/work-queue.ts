// A de-duplicating work queue: each key is processed by one worker at a time, re-queued on
// failure with a short back-off, and re-run if it changed while being processed.
export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly running = new Set<string>();
  private readonly dirty = new Set<string>();
  private stopped = false;

  constructor(private readonly process: (key: string) => Promise<void>, private readonly retryMs = 500) {}

  add(key: string): void {
    if (this.stopped) return;
    if (this.running.has(key)) { this.dirty.add(key); return; }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    queueMicrotask(() => void this.run(key));
  }

  addAfter(key: string, ms: number): void {
    setTimeout(() => this.add(key), ms).unref();
  }

  stop(): void { this.stopped = true; }

  private async run(key: string): Promise<void> {
    this.queued.delete(key);
    if (this.stopped) return;
    this.running.add(key);
    try {
      await this.process(key);
    } catch (e) {
      if (!this.stopped) {
        console.error(`controller: ${key}: ${(e as Error).message}`);
        this.addAfter(key, this.retryMs);
      }
    } finally {
      this.running.delete(key);
      if (this.dirty.delete(key)) this.add(key);
    }
  }
}
