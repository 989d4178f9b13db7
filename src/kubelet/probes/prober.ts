// Runs one probe of a container, the way the kubelet's prober does: the action (exec, httpGet,
// tcpSocket) with the probe's timeout, up to three tries while it errors, and the events users
// read in `kubectl describe` (`Unhealthy`: `Liveness probe failed: ...`).
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1';
import type { CriClient } from '../runtime/cri-client';
import type { EventRecorder } from '../../client/event-recorder';
import { expandVars } from '../pods/env-expansion';
import { execProbe } from './exec-probe';
import { httpGetTarget } from './http-get';
import { httpProbe } from './http-probe';
import { tcpProbe } from './tcp-probe';
import { resolveContainerPort } from './container-port';
import { ProbeError, type ProbeOutcome, type ProbeType } from './probe-outcome';

const MAX_TRIES = 3;
const TITLE: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

export interface ProbeTarget {
  pod: Pod;
  container: Container;
  containerId: string;
  podIP: string;
}

/** Kubernetes expands $(VAR) in an exec probe's command from the container's literal env values only. */
function staticEnv(c: Container): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of c.env ?? []) if (!e.valueFrom) env.set(e.name, expandVars(e.value ?? '', env));
  return env;
}

export async function runProbeAction(cri: CriClient, probe: Probe, t: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutSeconds = probe.timeoutSeconds || 1;
  if (probe.exec) {
    const env = staticEnv(t.container);
    return execProbe(cri, t.containerId, (probe.exec.command ?? []).map((s) => expandVars(s, env)), timeoutSeconds);
  }
  if (probe.httpGet) return httpProbe(httpGetTarget(probe.httpGet, t.container, t.podIP), timeoutSeconds * 1000);
  if (probe.tcpSocket) {
    const port = resolveContainerPort(probe.tcpSocket.port, t.container);
    return tcpProbe(probe.tcpSocket.host || t.podIP, port, timeoutSeconds * 1000);
  }
  throw new ProbeError(`missing probe handler for ${t.pod.metadata?.name}_${t.pod.metadata?.namespace}(${t.pod.metadata?.uid}):${t.container.name}`);
}

export class Prober {
  constructor(private readonly cri: CriClient, private readonly events: EventRecorder) {}

  /** 'success' or 'failure'; undefined when the probe could not run (its result is thrown away). */
  async probe(type: ProbeType, probe: Probe, t: ProbeTarget): Promise<'success' | 'failure' | undefined> {
    let outcome: ProbeOutcome | undefined;
    let error: Error | undefined;
    for (let i = 0; i < MAX_TRIES && !outcome; i++) {
      try {
        outcome = await runProbeAction(this.cri, probe, t);
        error = undefined;
      } catch (e) {
        if (!(e instanceof ProbeError)) throw e;
        error = e;
      }
    }
    const ref = { ...t.pod, apiVersion: 'v1', kind: 'Pod' };
    if (!outcome) {
      void this.events.record(ref, 'Warning', 'Unhealthy', 'Probing', `${TITLE[type]} probe errored and resulted in unknown state: ${error?.message}`);
      return undefined;
    }
    if (outcome.result === 'warning') {
      void this.events.record(ref, 'Warning', 'ProbeWarning', 'Probing', `${TITLE[type]} probe warning: ${outcome.output}`);
      return 'success';
    }
    if (outcome.result === 'failure') {
      void this.events.record(ref, 'Warning', 'Unhealthy', 'Probing', `${TITLE[type]} probe failed: ${outcome.output}`);
      return 'failure';
    }
    return 'success';
  }
}
