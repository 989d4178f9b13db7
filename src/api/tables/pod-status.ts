// The READY, STATUS and RESTARTS cells of a pod, reasoned the way Kubernetes' pod printer does
// it, so that `kubectl get pods` shows the words people know (ContainerCreating,
// CrashLoopBackOff, Init:0/1, Completed, Terminating, ...).
import type { Container, ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1';
import { humanDuration, parseTimestamp } from './human-duration';

export interface PodSummary {
  /** `ready/total`, e.g. `1/2`. */
  ready: string;
  status: string;
  /** `3`, or `3 (5m ago)` when the last termination time is known. */
  restarts: string;
}

/** Set by the node lifecycle controller on pods of a node that stopped answering. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

/** A sidecar: an init container that keeps running next to the app containers. */
function isRestartable(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

/** The first Initialized condition decides. */
function initialized(conditions: PodCondition[] | undefined): boolean {
  return conditions?.find((c) => c.type === 'Initialized')?.status === 'True';
}

function hasReadyCondition(conditions: PodCondition[] | undefined): boolean {
  return conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Keeps the latest `lastState.terminated.finishedAt` seen, in epoch ms (0 = none). */
function laterFinish(current: number, s: ContainerStatus): number {
  const finished = s.lastState?.terminated ? parseTimestamp(s.lastState.terminated.finishedAt) ?? 0 : 0;
  return finished > current ? finished : current;
}

export function summarizePod(pod: Pod, now: Date): PodSummary {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const initSpecs = new Map<string, Container>((spec?.initContainers ?? []).map((c) => [c.name, c]));
  let total = spec?.containers?.length ?? 0;
  for (const c of initSpecs.values()) if (isRestartable(c)) total++;
  let ready = 0;
  let restarts = 0;
  let lastRestart = 0;
  let sidecarRestarts = 0;
  let lastSidecarRestart = 0;

  const phase = status.phase ?? '';
  let reason = status.reason || phase;
  if (status.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  // Init containers run in order: the first one that has not succeeded explains the pod.
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const sidecar = isRestartable(initSpecs.get(cs.name));
    restarts += cs.restartCount ?? 0;
    lastRestart = laterFinish(lastRestart, cs);
    if (sidecar) {
      sidecarRestarts += cs.restartCount ?? 0;
      lastSidecarRestart = laterFinish(lastSidecarRestart, cs);
    }
    const terminated = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready) ready++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || initialized(status.conditions)) {
    // Once initialized, only sidecars' restarts still count among the init containers'.
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Walked backwards so that the first container with something to say has the last word.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      lastRestart = laterFinish(lastRestart, cs);
      const waiting = cs.state?.waiting;
      const terminated = cs.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    // One container finished but another still runs: the pod as a whole is not complete.
    if (reason === 'Completed' && hasRunning) {
      reason = hasReadyCondition(status.conditions) ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  let restartsCell = String(restarts);
  if (restarts !== 0 && lastRestart !== 0) {
    restartsCell = `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`;
  }
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsCell };
}
