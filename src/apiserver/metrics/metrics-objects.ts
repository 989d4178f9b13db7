// PodMetrics and NodeMetrics (metrics.k8s.io/v1beta1) made from a kubelet's Summary: CPU as the
// rate in nanocores and memory as the working set, the figures metrics-server reports, written
// as canonical quantities ("1234567n", "3m", "1484Ki") so kubectl reads them as it reads
// metrics-server's.
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { formatQuantity } from '../../api/defaults/quantity';
import type { PodSummary, Summary } from '../../kubelet/server/stats-summary';
import { METRICS_API_VERSION } from './metrics-resources';

export interface ResourceUsage { cpu: string; memory: string }
export interface ContainerMetrics { name: string; usage: ResourceUsage }

export interface PodMetrics {
  kind: 'PodMetrics';
  apiVersion: string;
  metadata: ObjectMeta;
  timestamp: string;
  window: string;
  containers: ContainerMetrics[];
}

export interface NodeMetrics {
  kind: 'NodeMetrics';
  apiVersion: string;
  metadata: ObjectMeta;
  timestamp: string;
  window: string;
  usage: ResourceUsage;
}

/** When a node's summary was taken and over how long its CPU rates were measured. */
export interface Scrape { at: Date; windowMs: number }

export function cpuQuantity(nanoCores: number): string {
  return formatQuantity({ unscaled: BigInt(Math.max(0, Math.round(nanoCores))), scale: -9, format: 'DecimalSI' });
}

export function memoryQuantity(bytes: number): string {
  return formatQuantity({ unscaled: BigInt(Math.max(0, Math.round(bytes))), scale: 0, format: 'BinarySI' });
}

/** A duration as Go's time.Duration prints it (metav1.Duration's JSON form): "100ms", "10.5s", "1m0s". */
export function goDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = ((total % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, '');
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}

/** RFC 3339 to the second, as metav1.Time is written. */
function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function metadata(obj: Pod | Node, now: Date): ObjectMeta {
  const { name, namespace, labels } = obj.metadata ?? {};
  // metrics-server stamps its objects with the time they were made, not the pod's or node's.
  return { name, ...(namespace ? { namespace } : {}), creationTimestamp: rfc3339(now), ...(labels ? { labels } : {}) };
}

/** The pod's metrics; undefined when a running container lacks a CPU rate or a working set. */
export function podMetricsOf(pod: Pod, summary: PodSummary, scrape: Scrape): PodMetrics | undefined {
  if (!summary.containers.length) return undefined;
  const containers: ContainerMetrics[] = [];
  for (const c of summary.containers) {
    const cpu = c.cpu?.usageNanoCores;
    const memory = c.memory?.workingSetBytes;
    // metrics-server leaves out a pod with an incomplete container rather than under-report it.
    if (cpu === undefined || memory === undefined) return undefined;
    containers.push({ name: c.name, usage: { cpu: cpuQuantity(cpu), memory: memoryQuantity(memory) } });
  }
  return {
    kind: 'PodMetrics', apiVersion: METRICS_API_VERSION,
    metadata: metadata(pod, scrape.at),
    timestamp: summary.cpu?.time ?? rfc3339(scrape.at),
    window: goDuration(scrape.windowMs),
    containers,
  };
}

/** The node's metrics; undefined when its summary has no CPU rate or working set. */
export function nodeMetricsOf(node: Node, summary: Summary, scrape: Scrape): NodeMetrics | undefined {
  const cpu = summary.node.cpu?.usageNanoCores;
  const memory = summary.node.memory?.workingSetBytes;
  if (cpu === undefined || memory === undefined) return undefined;
  return {
    kind: 'NodeMetrics', apiVersion: METRICS_API_VERSION,
    metadata: metadata(node, scrape.at),
    timestamp: summary.node.cpu?.time ?? rfc3339(scrape.at),
    window: goDuration(scrape.windowMs),
    usage: { cpu: cpuQuantity(cpu), memory: memoryQuantity(memory) },
  };
}
