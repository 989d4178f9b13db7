// A container's cpu and memory requests and limits as the cgroup settings the kubelet asks CRI
// for: cpu shares from the request (the limit when only that is given; 2 when neither), a CFS
// quota over a 100 ms period from the limit, the memory limit in bytes (and the same for
// memory+swap where the kernel accounts swap, so that the limit cannot be dodged by swapping),
// and an OOM score adjustment from the pod's QoS class.
import { totalmem } from 'node:os';
import { existsSync } from 'node:fs';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { LinuxContainerResources } from '../runtime/cri-types';
import { integerValue, parseQuantity, type Quantity } from '../../api/defaults/quantity';
import { computePodQOS } from '../../api/defaults/pod-qos';

const MIN_SHARES = 2;
const MAX_SHARES = 262144;
const SHARES_PER_CPU = 1024;
const QUOTA_PERIOD_US = 100_000;
const MIN_QUOTA_US = 1000;
const GUARANTEED_OOM_SCORE_ADJ = -997;
const BEST_EFFORT_OOM_SCORE_ADJ = 1000;

export interface NodeResources {
  /** Bytes of memory on the node, for the OOM score of burstable containers. */
  memoryCapacity: number;
  /** Does the memory cgroup account swap (cgroup v1's memory.memsw.* files)? */
  swapAccounting: boolean;
}

export function thisNode(): NodeResources {
  return { memoryCapacity: totalmem(), swapAccounting: existsSync('/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes') };
}

function quantity(list: Record<string, string | number> | undefined, name: string): Quantity | undefined {
  const v = list?.[name];
  if (v === undefined) return undefined;
  try { return parseQuantity(v); } catch { return undefined; }
}

/** Thousandths of the value, rounded up (resource.Quantity's MilliValue). */
const milli = (q: Quantity): number => Number(integerValue({ ...q, scale: q.scale + 3, text: undefined }));
const whole = (q: Quantity): number => Number(integerValue(q));

export function milliCpuToShares(milliCpu: number): number {
  if (milliCpu === 0) return MIN_SHARES;
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, Math.floor((milliCpu * SHARES_PER_CPU) / 1000)));
}

export function milliCpuToQuota(milliCpu: number, periodUs = QUOTA_PERIOD_US): number {
  if (milliCpu === 0) return 0;
  return Math.max(MIN_QUOTA_US, Math.floor((milliCpu * periodUs) / 1000));
}

/** The OOM score adjustment the kubelet gives a container by its pod's QoS class. */
export function oomScoreAdj(pod: Pod, c: Container, memoryCapacity: number): number {
  const qos = computePodQOS(pod);
  if (qos === 'Guaranteed') return GUARANTEED_OOM_SCORE_ADJ;
  if (qos === 'BestEffort') return BEST_EFFORT_OOM_SCORE_ADJ;
  const request = quantity(c.resources?.requests, 'memory');
  const adj = 1000 - Math.floor((1000 * (request ? whole(request) : 0)) / memoryCapacity);
  // Burstable containers die after best-effort ones and before guaranteed ones.
  if (adj < 1000 + GUARANTEED_OOM_SCORE_ADJ) return 1000 + GUARANTEED_OOM_SCORE_ADJ;
  if (adj === BEST_EFFORT_OOM_SCORE_ADJ) return adj - 1;
  return adj;
}

export function linuxResources(pod: Pod, c: Container, node: NodeResources = thisNode()): LinuxContainerResources {
  const cpuRequest = quantity(c.resources?.requests, 'cpu');
  const cpuLimit = quantity(c.resources?.limits, 'cpu');
  const memoryLimit = quantity(c.resources?.limits, 'memory');
  const out: LinuxContainerResources = {
    cpuShares: milliCpuToShares(milli(cpuRequest ?? cpuLimit ?? parseQuantity('0'))),
    cpuPeriod: QUOTA_PERIOD_US,
    cpuQuota: cpuLimit ? milliCpuToQuota(milli(cpuLimit)) : 0,
    oomScoreAdj: oomScoreAdj(pod, c, node.memoryCapacity),
  };
  if (memoryLimit && whole(memoryLimit) > 0) {
    out.memoryLimitInBytes = whole(memoryLimit);
    if (node.swapAccounting) out.memorySwapLimitInBytes = out.memoryLimitInBytes;
  }
  return out;
}
