// The QoS class of a pod from its containers' cpu and memory requests and limits: Guaranteed when
// every container limits both and requests equal limits, BestEffort when nothing is requested or
// limited, Burstable otherwise. The API server sets it at creation and never changes it.
import type { Pod } from 'kubernetes-types/core/v1';
import { addQuantities, compareQuantities, parseQuantity, quantitySign, type Quantity } from './quantity';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'];

/** Positive cpu/memory values of one resource list; unparsable values count as absent. */
function positiveEntries(list: Record<string, unknown> | undefined): Array<[string, Quantity]> {
  const out: Array<[string, Quantity]> = [];
  if (typeof list !== 'object' || list === null) return out;
  for (const [name, raw] of Object.entries(list)) {
    if (!QOS_RESOURCES.includes(name) || (typeof raw !== 'string' && typeof raw !== 'number')) continue;
    try {
      const q = parseQuantity(raw);
      if (quantitySign(q) > 0) out.push([name, q]);
    } catch {
      // Validation reports malformed quantities.
    }
  }
  return out;
}

function accumulate(into: Map<string, Quantity>, name: string, q: Quantity): void {
  const prev = into.get(name);
  into.set(name, prev ? addQuantities(prev, q) : q);
}

export function computePodQOS(pod: Pod): QOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of containers) {
    for (const [name, q] of positiveEntries(c?.resources?.requests)) accumulate(requests, name, q);
    const limited = new Set<string>();
    for (const [name, q] of positiveEntries(c?.resources?.limits)) {
      limited.add(name);
      accumulate(limits, name, q);
    }
    if (!QOS_RESOURCES.every((r) => limited.has(r))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantities(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
