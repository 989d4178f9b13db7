// Resource amounts as the scheduler compares them: one integer per resource name, CPU in
// millicores and everything else in whole units, each rounded up the way Kubernetes'
// Quantity.MilliValue()/Value() do. Plain numbers are exact up to 2^53, far above any node's
// memory in bytes, and keep the scoring arithmetic simple.
import { integerValue, parseQuantity } from '../api/defaults/quantity';

export type Amounts = Record<string, number>;
export type ResourceList = Record<string, string | number>;

export const CPU = 'cpu';
export const MEMORY = 'memory';
export const EPHEMERAL_STORAGE = 'ephemeral-storage';
export const PODS = 'pods';

/** One quantity in the scheduler's unit for that resource (millicores for cpu). */
export function amountOf(resource: string, value: string | number): number {
  const q = parseQuantity(value);
  return Number(integerValue(resource === CPU ? { ...q, scale: q.scale + 3, text: undefined } : q));
}

export function toAmounts(list: ResourceList | undefined): Amounts {
  const out: Amounts = {};
  for (const [name, value] of Object.entries(list ?? {})) out[name] = amountOf(name, value);
  return out;
}

export function addInto(target: Amounts, other: Amounts): Amounts {
  for (const [name, v] of Object.entries(other)) target[name] = (target[name] ?? 0) + v;
  return target;
}

export function maxInto(target: Amounts, other: Amounts): Amounts {
  for (const [name, v] of Object.entries(other)) target[name] = Math.max(target[name] ?? 0, v);
  return target;
}
