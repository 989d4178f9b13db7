// The pod status the kubelet writes: phase (and the reason of a pod the kubelet failed), conditions,
// container statuses (state with termination messages, last state, ready and started as the probes
// say, restart count, image and container IDs), IPs and start time, computed from what the last
// sync pass saw in the runtime, with Kubernetes' rules for phase and readiness.
import type { Pod, PodStatus, ContainerStatus, ContainerState, PodCondition, Container as K8sContainer } from 'kubernetes-types/core/v1';
import type { ContainerStatus as CriContainerStatus } from '../runtime/cri-types';
import { RESTART_COUNT } from './cri-labels';
import type { SyncResult } from './sync-deps';

const iso = (ns: number) => new Date(Math.floor(ns / 1e6)).toISOString().replace(/\.\d{3}Z$/, 'Z');

function criState(s: CriContainerStatus): ContainerState {
  if (s.state === 'CONTAINER_RUNNING') return { running: { startedAt: iso(s.startedAt) } };
  if (s.state === 'CONTAINER_EXITED') {
    return { terminated: {
      exitCode: s.exitCode,
      reason: s.reason || (s.exitCode === 0 ? 'Completed' : 'Error'),
      message: s.message || undefined,
      startedAt: s.startedAt ? iso(s.startedAt) : undefined,
      finishedAt: s.finishedAt ? iso(s.finishedAt) : undefined,
      containerID: `containerd://${s.id}`,
    } };
  }
  return { waiting: { reason: 'ContainerCreating' } };
}

function containerStatus(c: K8sContainer, r: SyncResult, previous: ContainerStatus | undefined, isInit: boolean): ContainerStatus {
  const s = r.containers.get(c.name);
  const prev = r.previous.get(c.name);
  const waiting = r.waiting.get(c.name);
  const restartCount = s ? Number(s.annotations[RESTART_COUNT] ?? 0) : previous?.restartCount ?? 0;
  let state: ContainerState = s ? criState(s) : { waiting: { reason: isInit ? 'PodInitializing' : 'ContainerCreating' } };
  // A waiting reason from the sync (back-off, pull failure) describes the next attempt of an exited container.
  if (waiting && (!s || s.state === 'CONTAINER_EXITED')) state = { waiting: { reason: waiting.reason, message: waiting.message } };
  let lastState: ContainerState = {};
  if (s && s.state === 'CONTAINER_EXITED' && state.waiting) lastState = criState(s);
  else if (prev && prev.state === 'CONTAINER_EXITED') lastState = criState(prev);
  const running = !!state.running;
  // Init containers are ready once they have succeeded; app containers once running, started
  // (startup probe passed) and passing their readiness probe.
  const started = running && (r.started?.get(c.name) ?? true);
  const ready = isInit ? state.terminated?.exitCode === 0 : started && (r.ready?.get(c.name) ?? true);
  return {
    name: c.name,
    state,
    lastState,
    ready,
    started: isInit ? undefined : started,
    restartCount,
    image: c.image ?? '',
    imageID: s?.imageRef ?? '',
    ...(s ? { containerID: `containerd://${s.id}` } : {}),
  } as ContainerStatus;
}

function condition(type: string, ok: boolean, previous: PodCondition[] | undefined, now: string, reason?: string): PodCondition {
  const status = ok ? 'True' : 'False';
  const old = previous?.find((c) => c.type === type);
  return {
    type, status, lastProbeTime: null as unknown as string,
    lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now,
    ...(ok || !reason ? {} : { reason }),
  };
}

/** Kubernetes' pod phase from the containers' states and the restart policy. */
function phaseOf(pod: Pod, statuses: ContainerStatus[], initDone: boolean, initFailed: boolean): string {
  if (initFailed) return 'Failed';
  if (!initDone) return 'Pending';
  const policy = pod.spec?.restartPolicy ?? 'Always';
  let running = 0, waiting = 0, succeeded = 0, failed = 0;
  for (const s of statuses) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) (s.state.terminated.exitCode === 0 ? succeeded++ : failed++);
    else if (s.state?.waiting) {
      // A container waiting to restart has run before: it counts as running in Kubernetes' rules.
      if (s.lastState?.terminated) running++; else waiting++;
    }
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (policy === 'Always') return 'Running';
  if (failed > 0) return policy === 'Never' ? 'Failed' : 'Running';
  return 'Succeeded';
}

/** A reason the kubelet fails the whole pod for (an active deadline that passed). */
export interface PodFailure { reason: string; message: string }

export function computePodStatus(pod: Pod, r: SyncResult, hostIP: string, now = new Date(), failure?: PodFailure): PodStatus {
  const nowIso = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const old = pod.status ?? {};
  const prevStatus = (name: string, list?: ContainerStatus[]) => list?.find((s) => s.name === name);
  const initStatuses = (pod.spec?.initContainers ?? []).map((c) => containerStatus(c, r, prevStatus(c.name, old.initContainerStatuses), true));
  const statuses = (pod.spec?.containers ?? []).map((c) => containerStatus(c, r, prevStatus(c.name, old.containerStatuses), false));
  const initFailed = (pod.spec?.restartPolicy === 'Never') && initStatuses.some((s) => s.state?.terminated && s.state.terminated.exitCode !== 0);
  // A terminal phase is final.
  const phase = old.phase === 'Succeeded' || old.phase === 'Failed' ? old.phase : failure ? 'Failed' : phaseOf(pod, statuses, r.initDone, initFailed);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  // A pod that is done serves nothing, even while its containers are still being stopped.
  if (terminal) for (const s of statuses) s.ready = false;
  const allReady = statuses.length > 0 && statuses.every((s) => s.ready);
  const sandboxReady = !!r.sandbox && r.sandbox.state === 'SANDBOX_READY' && !terminal;
  const conditions = [
    condition('PodReadyToStartContainers', sandboxReady, old.conditions, nowIso),
    condition('Initialized', r.initDone, old.conditions, nowIso, 'ContainersNotInitialized'),
    condition('Ready', allReady, old.conditions, nowIso, terminal ? 'PodCompleted' : 'ContainersNotReady'),
    condition('ContainersReady', allReady, old.conditions, nowIso, terminal ? 'PodCompleted' : 'ContainersNotReady'),
    old.conditions?.find((c) => c.type === 'PodScheduled') ?? condition('PodScheduled', true, undefined, nowIso),
  ];
  const notReady = statuses.filter((s) => !s.ready).map((s) => s.name);
  for (const c of conditions) {
    if ((c.type === 'Ready' || c.type === 'ContainersReady') && c.status === 'False' && !terminal) (c as { message?: string }).message = `containers with unready status: [${notReady.join(' ')}]`;
    if (c.type === 'Initialized' && c.status === 'False') {
      const pending = initStatuses.filter((s) => !(s.state?.terminated && s.state.terminated.exitCode === 0)).map((s) => s.name);
      (c as { message?: string }).message = `containers with incomplete status: [${pending.join(' ')}]`;
    }
  }
  const podIP = r.podIP || old.podIP;
  return {
    ...old,
    phase,
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: old.startTime ?? nowIso,
    ...(failure ? { reason: failure.reason, message: failure.message } : {}),
    ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
    containerStatuses: statuses,
    qosClass: old.qosClass,
  };
}
