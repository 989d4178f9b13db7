// The pod half of a node's description: the `Non-terminated Pods` table with each pod's CPU and
// memory requests and limits as a share of the node's allocatable, and the `Allocated
// resources` totals (cpu, memory, ephemeral storage, huge pages, extended resources).
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { timestampSince } from '../../api/tables/human-duration';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './prefix-writer';
import { milliValue, podRequestsAndLimits, quantityText, toQuantity, wholeValue, type QuantityList } from './resource-lists';
import type { Quantity } from '../../api/defaults/quantity';
import { addQuantities } from '../../api/defaults/quantity';

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage']);
const isHugePages = (name: string): boolean => name.startsWith('hugepages-');

/**
 * Go's int64(float64(a) / float64(b) * 100): truncation, with a zero denominator giving the
 * value amd64 produces for NaN and infinities.
 */
/** Go's int64(float64 percentage): a division by zero gives the smallest int64, printed in full. */
function percent(part: number, whole: number): string {
  const f = (part / whole) * 100;
  if (!Number.isFinite(f)) return '-9223372036854775808';
  return String(Math.trunc(f));
}

export function describeNodeResource(pods: Pod[], node: Node, w: PrefixWriter, now: Date): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const status = node.status ?? {};
  const allocatable = (Object.keys(status.allocatable ?? {}).length > 0 ? status.allocatable : status.capacity) ?? {};
  const alloc = (name: string): Quantity => toQuantity(allocatable[name] as string | number | undefined);
  const cpuAlloc = milliValue(alloc('cpu'));
  const memAlloc = wholeValue(alloc('memory'));

  const totalReqs: QuantityList = new Map();
  const totalLimits: QuantityList = new Map();
  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    const cell = (q: Quantity | undefined, share: string): string => `${quantityText(q)} (${share}%)`;
    const cpuReq = requests.get('cpu');
    const cpuLim = limits.get('cpu');
    const memReq = requests.get('memory');
    const memLim = limits.get('memory');
    w.write(LEVEL_1, `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t` +
      `${cell(cpuReq, percent(milliValue(cpuReq), cpuAlloc))}\t${cell(cpuLim, percent(milliValue(cpuLim), cpuAlloc))}\t` +
      `${cell(memReq, percent(wholeValue(memReq), memAlloc))}\t${cell(memLim, percent(wholeValue(memLim), memAlloc))}\t` +
      `${timestampSince(pod.metadata?.creationTimestamp, now)}\n`);
    accumulate(totalReqs, requests);
    accumulate(totalLimits, limits);
  }

  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const row = (name: string, value: (q: Quantity | undefined) => number): void => {
    const total = value(alloc(name));
    const req = totalReqs.get(name);
    const lim = totalLimits.get(name);
    // Totals show 0% rather than a division by zero when the node has none of the resource.
    const share = (q: Quantity | undefined): string => (total !== 0 ? percent(value(q), total) : '0');
    w.write(LEVEL_1, `${name}\t${quantityText(req)} (${share(req)}%)\t${quantityText(lim)} (${share(lim)}%)\n`);
  };
  row('cpu', milliValue);
  row('memory', wholeValue);
  row('ephemeral-storage', wholeValue);
  const names = Object.keys(allocatable).sort();
  for (const name of names.filter(isHugePages)) row(name, wholeValue);
  for (const name of names.filter((n) => !isHugePages(n) && !STANDARD.has(n) && n !== 'pods')) {
    w.write(LEVEL_1, `${name}\t${quantityText(totalReqs.get(name))}\t${quantityText(totalLimits.get(name))}\n`);
  }
}

function accumulate(into: QuantityList, list: QuantityList): void {
  for (const [name, q] of list) {
    const prev = into.get(name);
    into.set(name, prev ? addQuantities(prev, q) : q);
  }
}
