// Resource lists as kubectl describe reads them: quantities printed in Kubernetes' canonical
// form, and a pod's effective requests and limits (kubectl's PodRequestsAndLimits: containers
// summed, init containers as a maximum, sidecars added, overhead on top).
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { addQuantities, compareQuantities, formatQuantity, integerValue, parseQuantity, type Quantity } from '../../api/defaults/quantity';

export type ResourceList = Record<string, string | number>;
export type QuantityList = Map<string, Quantity>;

const ZERO: Quantity = { unscaled: 0n, scale: 0, format: 'DecimalSI' };

export function toQuantity(v: string | number | undefined): Quantity {
  if (v === undefined) return ZERO;
  try {
    return parseQuantity(v);
  } catch {
    return ZERO;
  }
}

/** Quantity.String(): the canonical text, `0` for a missing value. */
export function quantityText(v: Quantity | string | number | undefined): string {
  if (typeof v === 'string' || typeof v === 'number') {
    try {
      return formatQuantity(parseQuantity(v));
    } catch {
      return String(v);
    }
  }
  return formatQuantity(v ?? ZERO);
}

/** Quantity.MilliValue(), rounded up. */
export const milliValue = (q: Quantity | undefined): number => Number(integerValue({ ...(q ?? ZERO), scale: (q ?? ZERO).scale + 3, text: undefined }));
/** Quantity.Value(), rounded up. */
export const wholeValue = (q: Quantity | undefined): number => Number(integerValue(q ?? ZERO));

/** Names in Go's byte order, as kubectl's SortedResourceNames. */
export const sortedNames = (list: object | undefined): string[] => Object.keys(list ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const toList = (list: ResourceList | undefined): QuantityList => new Map(Object.entries(list ?? {}).map(([n, v]) => [n, toQuantity(v)]));

function addList(into: QuantityList, list: QuantityList): void {
  for (const [name, q] of list) {
    const prev = into.get(name);
    into.set(name, prev ? addQuantities(prev, q) : q);
  }
}

function maxList(into: QuantityList, list: QuantityList): void {
  for (const [name, q] of list) {
    const prev = into.get(name);
    if (!prev || compareQuantities(q, prev) > 0) into.set(name, q);
  }
}

type Pick = (c: Container) => QuantityList;

function totals(pod: Pod, pick: Pick, overheadOnlyOnNonZero: boolean): QuantityList {
  const out: QuantityList = new Map();
  for (const c of pod.spec?.containers ?? []) addList(out, pick(c));
  const sidecars: QuantityList = new Map();
  const initMax: QuantityList = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    let current: QuantityList;
    if (c.restartPolicy === 'Always') {
      addList(out, pick(c));
      addList(sidecars, pick(c));
      current = sidecars;
    } else {
      current = new Map();
      addList(current, pick(c));
      addList(current, sidecars);
    }
    maxList(initMax, current);
  }
  maxList(out, initMax);
  for (const [name, q] of toList(pod.spec?.overhead as ResourceList | undefined)) {
    const prev = out.get(name);
    if (!overheadOnlyOnNonZero) out.set(name, prev ? addQuantities(prev, q) : q);
    else if (prev && prev.unscaled !== 0n) out.set(name, addQuantities(prev, q));
  }
  return out;
}

export function podRequestsAndLimits(pod: Pod): { requests: QuantityList; limits: QuantityList } {
  return {
    requests: totals(pod, (c) => requestsWithResize(pod, c), false),
    limits: totals(pod, (c) => toList(c.resources?.limits as ResourceList | undefined), true),
  };
}

/** A resized container counts with the larger of its spec and its actual requests, unless the resize is infeasible. */
function requestsWithResize(pod: Pod, c: Container): QuantityList {
  const spec = toList(c.resources?.requests as ResourceList | undefined);
  const status = pod.status?.containerStatuses?.find((s) => s.name === c.name);
  if (!status?.resources || !(pod.spec?.containers ?? []).includes(c)) return spec;
  const actual = toList(status.resources.requests as ResourceList | undefined);
  if (pod.status?.resize === 'Infeasible') return actual;
  const out = new Map(spec);
  maxList(out, actual);
  return out;
}
