// One probe (liveness, readiness or startup) of one container, run on its own timer as the
// kubelet's probe worker does: results belong to one container attempt (a new attempt starts from
// the type's initial value), nothing is probed before initialDelaySeconds, only the startup probe
// runs until the container has started and only the others run after, a result counts once it
// repeats successThreshold or failureThreshold times, and a failed liveness or startup probe holds
// off until the container is replaced. A new container is probed as soon as it may be, then every
// periodSeconds.
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1';
import type { ProbeType } from './probe-outcome';
import type { ProbeTarget } from './prober';

export type ProbeResult = 'success' | 'failure' | 'unknown';

/** What the pod's last sync saw of the probed container's latest attempt. */
export interface ContainerView {
  id: string;
  state: 'created' | 'running' | 'exited' | 'unknown';
  /** Milliseconds since the epoch; 0 before the container started. */
  startedAtMs: number;
}

export interface ProbeWorkerHost {
  probe(type: ProbeType, probe: Probe, target: ProbeTarget): Promise<'success' | 'failure' | undefined>;
  /** Has this container attempt passed its startup probe (or has it none)? */
  started(containerId: string): boolean;
  /** The worker's result for its container changed. */
  changed(worker: ProbeWorker): void;
}

const INITIAL: Record<ProbeType, ProbeResult> = { readiness: 'failure', liveness: 'success', startup: 'unknown' };

export class ProbeWorker {
  private containerId = '';
  private value: ProbeResult = 'unknown';
  private lastResult?: 'success' | 'failure';
  private runLength = 0;
  private onHold = false;
  private timer?: NodeJS.Timeout;
  private busy = false;
  private stopped = false;
  private pod?: Pod;
  private podIP = '';
  private view?: ContainerView;

  constructor(
    readonly type: ProbeType,
    readonly spec: Probe,
    readonly container: Container,
    private readonly host: ProbeWorkerHost,
    private readonly now: () => number = Date.now,
  ) {}

  get periodMs(): number { return (this.spec.periodSeconds || 10) * 1000; }

  /** The result for the container attempt last observed. */
  get current(): ProbeResult { return this.value; }

  /** The result for `containerId`, or undefined when this worker has none for that attempt. */
  resultFor(containerId: string): ProbeResult | undefined {
    return containerId !== '' && containerId === this.containerId ? this.value : undefined;
  }

  /** The pod as the API has it and its IP, and the latest attempt of the container, after a sync. */
  observe(pod: Pod, podIP: string, view: ContainerView | undefined): void {
    if (this.stopped) return;
    const before = this.view;
    this.pod = pod;
    this.podIP = podIP;
    this.view = view;
    if (!view) return;
    if (view.id !== this.containerId) {
      // A new attempt starts from the initial value; the pod worker observing it reads it right away.
      this.containerId = view.id;
      this.value = INITIAL[this.type];
      this.onHold = false;
      this.lastResult = undefined;
      this.runLength = 0;
    }
    const nowRunning = view.state === 'running' && !(before?.id === view.id && before.state === 'running');
    if (nowRunning) this.scheduleIn(Math.max(0, view.startedAtMs + (this.spec.initialDelaySeconds ?? 0) * 1000 - this.now()));
    else if (!this.timer && !this.busy) this.scheduleIn(this.periodMs);
  }

  /** Probe now rather than at the next period (the container has just started, say). */
  trigger(): void {
    if (!this.stopped && !this.busy) this.scheduleIn(0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private scheduleIn(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; void this.tick(); }, ms);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.busy) return;
    this.busy = true;
    let keepGoing = true;
    try {
      keepGoing = await this.probeOnce();
    } catch (e) {
      console.error(`${this.type} probe of ${this.pod?.metadata?.namespace}/${this.pod?.metadata?.name}/${this.container.name}: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
    if (!keepGoing) this.stop();
    else if (!this.timer) this.scheduleIn(this.periodMs);
  }

  private set(value: ProbeResult): void {
    if (value === this.value) return;
    this.value = value;
    this.host.changed(this);
  }

  /** One round of the kubelet's doProbe; false when the worker should stop for good. */
  private async probeOnce(): Promise<boolean> {
    const view = this.view;
    const pod = this.pod;
    if (!view || !pod) return true;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return false;
    if (this.onHold) return true;
    if (view.state !== 'running') {
      this.set('failure');
      return !(view.state === 'exited' && pod.spec?.restartPolicy === 'Never');
    }
    if (pod.metadata?.deletionTimestamp && (this.type === 'liveness' || this.type === 'startup')) {
      // A pod shutting down is not restarted for failing probes.
      this.set('success');
      return false;
    }
    if (Math.floor((this.now() - view.startedAtMs) / 1000) < (this.spec.initialDelaySeconds ?? 0)) return true;
    const started = this.host.started(view.id);
    if (started ? this.type === 'startup' : this.type !== 'startup') return true;

    const result = await this.host.probe(this.type, this.spec, { pod, container: this.container, containerId: view.id, podIP: this.podIP });
    if (result === undefined || this.containerId !== view.id || this.stopped) return true;
    if (result === this.lastResult) this.runLength++;
    else { this.lastResult = result; this.runLength = 1; }
    const threshold = result === 'failure' ? this.spec.failureThreshold || 3 : this.spec.successThreshold || 1;
    if (this.runLength < threshold) return true;
    this.set(result);
    if (result === 'failure' && (this.type === 'liveness' || this.type === 'startup')) {
      // The container will be restarted: probe again only once it has been replaced.
      this.onHold = true;
      this.runLength = 0;
    }
    return true;
  }
}
