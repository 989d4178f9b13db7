// The probes of every pod on the node: one worker per container and probe type, created when the
// pod is first synced and stopped when it terminates. The pod worker asks it whether a container
// attempt has started and is ready (for the status) and whether it failed its liveness or startup
// probe (to restart it); every change of a result pokes the pod's worker at once, so the status
// follows a probe without waiting for the next resync.
import type { Pod } from 'kubernetes-types/core/v1';
import type { CriClient } from '../runtime/cri-client';
import type { ContainerStatus as CriContainerStatus } from '../runtime/cri-types';
import type { EventRecorder } from '../../client/event-recorder';
import { Prober } from './prober';
import { ProbeWorker, type ContainerView, type ProbeWorkerHost } from './probe-worker';
import type { ProbeType } from './probe-outcome';

export interface ProbeManagerDeps {
  cri: CriClient;
  events: EventRecorder;
  /** A result of one of this pod's probes changed. */
  onChange(uid: string): void;
}

const TYPES: ProbeType[] = ['startup', 'liveness', 'readiness'];
const SPEC_FIELD = { startup: 'startupProbe', liveness: 'livenessProbe', readiness: 'readinessProbe' } as const;

const CRI_STATE: Record<string, ContainerView['state']> = {
  CONTAINER_CREATED: 'created', CONTAINER_RUNNING: 'running', CONTAINER_EXITED: 'exited', CONTAINER_UNKNOWN: 'unknown',
};

function viewOf(s: CriContainerStatus | undefined): ContainerView | undefined {
  if (!s) return undefined;
  return { id: s.id, state: CRI_STATE[s.state] ?? 'unknown', startedAtMs: Math.floor(s.startedAt / 1e6) };
}

export class ProbeManager {
  /** uid -> `${container}/${type}` -> worker */
  private readonly pods = new Map<string, Map<string, ProbeWorker>>();
  private readonly prober: Prober;

  constructor(private readonly deps: ProbeManagerDeps) {
    this.prober = new Prober(deps.cri, deps.events);
  }

  /** After a sync pass: the pod, its IP and the latest attempt of each container by name. */
  observe(pod: Pod, podIP: string, containers: Map<string, CriContainerStatus>): void {
    const uid = pod.metadata!.uid!;
    let workers = this.pods.get(uid);
    if (!workers) {
      workers = new Map();
      for (const c of pod.spec?.containers ?? []) {
        for (const type of TYPES) {
          const spec = c[SPEC_FIELD[type]];
          if (spec) workers.set(`${c.name}/${type}`, new ProbeWorker(type, spec, c, this.hostFor(uid, c.name)));
        }
      }
      this.pods.set(uid, workers);
    }
    for (const w of workers.values()) w.observe(pod, podIP, viewOf(containers.get(w.container.name)));
  }

  /** Has this running container attempt started (passed its startup probe, or has none)? */
  started(uid: string, name: string, containerId: string): boolean {
    const w = this.worker(uid, name, 'startup');
    return !w || w.resultFor(containerId) === 'success';
  }

  /** Is this running container attempt ready: started, and passing its readiness probe if it has one? */
  ready(uid: string, name: string, containerId: string): boolean {
    if (!this.started(uid, name, containerId)) return false;
    const w = this.worker(uid, name, 'readiness');
    return !w || w.resultFor(containerId) === 'success';
  }

  /** The probe whose failure means this container attempt must be restarted, if any. */
  failedProbe(uid: string, name: string, containerId: string): 'liveness' | 'startup' | undefined {
    if (this.worker(uid, name, 'liveness')?.resultFor(containerId) === 'failure') return 'liveness';
    if (this.worker(uid, name, 'startup')?.resultFor(containerId) === 'failure') return 'startup';
    return undefined;
  }

  removePod(uid: string): void {
    for (const w of this.pods.get(uid)?.values() ?? []) w.stop();
    this.pods.delete(uid);
  }

  stop(): void {
    for (const uid of [...this.pods.keys()]) this.removePod(uid);
  }

  private worker(uid: string, name: string, type: ProbeType): ProbeWorker | undefined {
    return this.pods.get(uid)?.get(`${name}/${type}`);
  }

  private hostFor(uid: string, name: string): ProbeWorkerHost {
    return {
      probe: (type, probe, target) => this.prober.probe(type, probe, target),
      started: (containerId) => this.started(uid, name, containerId),
      changed: (w) => {
        if (w.type === 'startup' && w.current === 'success') {
          // Started: the other probes were held back until now, so run them at once.
          this.worker(uid, name, 'liveness')?.trigger();
          this.worker(uid, name, 'readiness')?.trigger();
        }
        this.deps.onChange(uid);
      },
    };
  }
}
