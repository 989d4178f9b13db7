// The deadline of one termination: containers get the stop signal, and SIGKILL when it passes.
// A second delete with a shorter grace period (or a force delete) moves the deadline closer while
// the termination is under way; whoever waits on it hears about it and acts on the new deadline.

/** The kubelet never gives a container less than this between the stop signal and SIGKILL. */
export const MIN_GRACE_SECONDS = 2;

export class GracePeriod {
  private deadlineMs: number;
  private readonly listeners = new Set<() => void>();

  constructor(seconds: number, private readonly now: () => number = Date.now) {
    this.deadlineMs = now() + Math.max(0, seconds) * 1000;
  }

  /** Whole seconds left (rounded up), never negative. */
  remainingSeconds(): number {
    return Math.max(0, Math.ceil((this.deadlineMs - this.now()) / 1000));
  }

  remainingMs(): number {
    return Math.max(0, this.deadlineMs - this.now());
  }

  /** Moves the deadline to `seconds` from now if that is sooner; true when it moved. */
  shorten(seconds: number): boolean {
    const deadline = this.now() + Math.max(0, seconds) * 1000;
    if (deadline >= this.deadlineMs) return false;
    this.deadlineMs = deadline;
    for (const l of [...this.listeners]) l();
    return true;
  }

  /** Calls `listener` whenever the deadline moves closer; returns the unsubscribe function. */
  onShorten(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Resolves when the deadline passes, following it when it moves closer; cancel() stops waiting. */
  expired(): { promise: Promise<void>; cancel: () => void } {
    let timer: NodeJS.Timeout | undefined;
    let off: () => void = () => {};
    const promise = new Promise<void>((resolve) => {
      const arm = () => { clearTimeout(timer); timer = setTimeout(resolve, this.remainingMs()); };
      arm();
      off = this.onShorten(arm);
    });
    return { promise, cancel: () => { clearTimeout(timer); off(); } };
  }
}
