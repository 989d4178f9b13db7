// What the scheduler needs to know about a pod, computed once per pod object: its effective
// resource requests (Kubernetes' PodRequests rules: containers add up, an init container only
// needs its own peak, sidecars — restartable init containers — keep running beside everything
// after them, overhead on top), the "non-zero" CPU/memory used for spreading, its host ports
// and its priority.
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { type Amounts, CPU, MEMORY, addInto, maxInto, toAmounts } from './resource-amounts';

/** Kubernetes counts a container without a CPU/memory request as this much when spreading load. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export interface HostPort { hostIP: string; protocol: string; port: number }

export interface PodInfo {
  pod: Pod;
  /** namespace/name */
  key: string;
  requests: Amounts;
  /** cpu (millicores) and memory with missing container requests counted at the defaults above. */
  nonZero: { cpu: number; memory: number };
  hostPorts: HostPort[];
  priority: number;
}

export const podKey = (pod: Pod): string => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;

function containerRequests(c: Container, defaults?: Amounts): Amounts {
  const out = toAmounts(c.resources?.requests as Record<string, string> | undefined);
  // Only a missing request takes the default; an explicit zero stays zero.
  for (const [name, v] of Object.entries(defaults ?? {})) if (!(name in out)) out[name] = v;
  return out;
}

/** The pod's requests; `defaults` fills in requests that containers leave out. */
export function podRequests(pod: Pod, defaults?: Amounts): Amounts {
  const spec = pod.spec;
  const total: Amounts = {};
  for (const c of spec?.containers ?? []) addInto(total, containerRequests(c, defaults));
  const sidecars: Amounts = {};
  const initPeak: Amounts = {};
  for (const c of spec?.initContainers ?? []) {
    const own = containerRequests(c, defaults);
    if (c.restartPolicy === 'Always') {
      // A sidecar runs from its start to the pod's end: it adds to the regular containers, and
      // every later init container runs beside all sidecars started before it.
      addInto(total, own);
      addInto(sidecars, own);
      maxInto(initPeak, sidecars);
    } else {
      maxInto(initPeak, addInto(own, sidecars));
    }
  }
  maxInto(total, initPeak);
  if (spec?.overhead) addInto(total, toAmounts(spec.overhead as Record<string, string>));
  return total;
}

/** Host ports the pod's (regular) containers claim, with Kubernetes' defaults for IP and protocol. */
export function podHostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ hostIP: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

export function newPodInfo(pod: Pod): PodInfo {
  const nonZero = podRequests(pod, { [CPU]: DEFAULT_MILLI_CPU_REQUEST, [MEMORY]: DEFAULT_MEMORY_REQUEST });
  return {
    pod,
    key: podKey(pod),
    requests: podRequests(pod),
    nonZero: { cpu: nonZero[CPU] ?? 0, memory: nonZero[MEMORY] ?? 0 },
    hostPorts: podHostPorts(pod),
    priority: pod.spec?.priority ?? 0,
  };
}
