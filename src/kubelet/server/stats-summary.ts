// The kubelet's Summary API (stats/v1alpha1, GET /stats/summary): CPU and memory of the node
// (from /proc), of each pod with a ready sandbox and of its running containers (from CRI
// ContainerStats). CPU rates (usageNanoCores) come from two samples of the cumulative counter.
import { readFileSync } from 'node:fs';
import { uptime } from 'node:os';
import type { CriClient } from '../runtime/cri-client';
import type { ContainerStats } from '../runtime/cri-types';
import { CONTAINER_NAME, POD_NAME, POD_NAMESPACE, POD_UID } from '../pods/cri-labels';

export interface CpuStats { time: string; usageNanoCores?: number; usageCoreNanoSeconds?: number }
export interface MemoryStats {
  time: string; availableBytes?: number; usageBytes?: number; workingSetBytes?: number;
  rssBytes?: number; pageFaults?: number; majorPageFaults?: number;
}
export interface ContainerSummary { name: string; startTime: string; cpu?: CpuStats; memory?: MemoryStats }
export interface PodSummary {
  podRef: { name: string; namespace: string; uid: string };
  startTime: string;
  containers: ContainerSummary[];
  cpu?: CpuStats;
  memory?: MemoryStats;
}
export interface Summary {
  node: { nodeName: string; startTime: string; cpu?: CpuStats; memory?: MemoryStats };
  pods: PodSummary[];
}

interface Sample { at: number; total: number }

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** A second sample this long after the first when there is no earlier one to rate against. */
const SECOND_SAMPLE_MS = 100;
const CLOCK_TICKS = 100;

/** Turns cumulative CPU counters into rates, remembering the previous sample of each source. */
export class CpuRates {
  private readonly last = new Map<string, Sample>();

  /** Records a sample; returns nanocores since the previous one, if there was one. */
  rate(key: string, atNs: number, totalNs: number): number | undefined {
    const prev = this.last.get(key);
    this.last.set(key, { at: atNs, total: totalNs });
    if (!prev || atNs <= prev.at || totalNs < prev.total) return undefined;
    return Math.round(((totalNs - prev.total) / (atNs - prev.at)) * 1e9);
  }

  has(key: string): boolean { return this.last.has(key); }

  /** Forgets sources not in `keep` (containers that are gone). */
  retain(keep: Set<string>): void {
    for (const k of this.last.keys()) if (!keep.has(k)) this.last.delete(k);
  }
}

/** Cumulative CPU time of the whole node in nanoseconds, from /proc/stat. */
export function nodeCpuNanoseconds(stat = readFileSync('/proc/stat', 'utf8')): number {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return 0;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + (steal || 0)) * (1e9 / CLOCK_TICKS);
}

export function nodeMemory(meminfo = readFileSync('/proc/meminfo', 'utf8'), now = Date.now()): MemoryStats {
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? 0) * 1024;
  const total = kb('MemTotal');
  const available = kb('MemAvailable');
  return { time: iso(now), availableBytes: available, usageBytes: total - kb('MemFree'), workingSetBytes: total - available };
}

function cpuOf(s: ContainerStats, rates: CpuRates): CpuStats | undefined {
  if (!s.cpu || !s.attributes) return undefined;
  const total = s.cpu.usageCoreNanoSeconds?.value;
  const at = s.cpu.timestamp;
  // containerd 1.6 sends usageNanoCores as 0 (it keeps no earlier sample): compute it here.
  const own = total !== undefined ? rates.rate(s.attributes.id, at, total) : undefined;
  const rate = s.cpu.usageNanoCores?.value || own;
  return { time: iso(at / 1e6), usageNanoCores: rate, usageCoreNanoSeconds: total };
}

function memoryOf(s: ContainerStats): MemoryStats | undefined {
  const m = s.memory;
  if (!m) return undefined;
  return {
    time: iso(m.timestamp / 1e6),
    // 0 available means no limit: the kubelet leaves the field out then.
    availableBytes: m.availableBytes?.value || undefined, usageBytes: m.usageBytes?.value, workingSetBytes: m.workingSetBytes?.value,
    rssBytes: m.rssBytes?.value, pageFaults: m.pageFaults?.value, majorPageFaults: m.majorPageFaults?.value,
  };
}

/** A pod's figures: the sum of its containers' (the runtime has no pod-level cgroup figures here). */
function sumOf<T extends { time: string }>(parts: (T | undefined)[], keys: Exclude<keyof T, 'time'>[]): T | undefined {
  const present = parts.filter((p): p is T => p !== undefined);
  if (!present.length) return undefined;
  const out = { time: present.map((p) => p.time).sort().at(-1)! } as T;
  for (const k of keys) {
    const values = present.map((p) => p[k] as number | undefined).filter((v): v is number => v !== undefined);
    if (values.length) (out[k] as number) = values.reduce((a, b) => a + b, 0);
  }
  return out;
}

export class SummaryProvider {
  private readonly rates = new CpuRates();

  constructor(private readonly cri: CriClient, private readonly nodeName: string) {}

  async summary(): Promise<Summary> {
    const [sandboxes, containers] = await Promise.all([
      this.cri.listPodSandbox({ state: { state: 'SANDBOX_READY' } }),
      this.cri.listContainers({ state: { state: 'CONTAINER_RUNNING' } }),
    ]);
    let stats = await this.cri.listContainerStats();
    const running = new Set(containers.map((c) => c.id));
    // Without an earlier sample there is no rate yet: take a second one shortly after.
    if (stats.some((s) => s.attributes && running.has(s.attributes.id) && !s.cpu?.usageNanoCores?.value && !this.rates.has(s.attributes.id))
      || !this.rates.has('node')) {
      for (const s of stats) if (s.attributes && s.cpu?.usageCoreNanoSeconds) this.rates.rate(s.attributes.id, s.cpu.timestamp, s.cpu.usageCoreNanoSeconds.value);
      this.rates.rate('node', Date.now() * 1e6, nodeCpuNanoseconds());
      await new Promise((r) => setTimeout(r, SECOND_SAMPLE_MS));
      stats = await this.cri.listContainerStats();
    }
    this.rates.retain(new Set([...running, 'node']));

    const now = Date.now();
    const nodeCpuTotal = nodeCpuNanoseconds();
    const node = {
      nodeName: this.nodeName,
      startTime: iso(now - uptime() * 1000),
      cpu: { time: iso(now), usageNanoCores: this.rates.rate('node', now * 1e6, nodeCpuTotal), usageCoreNanoSeconds: nodeCpuTotal },
      memory: nodeMemory(undefined, now),
    };

    const startedAt = new Map(containers.map((c) => [c.id, c.createdAt]));
    const byPod = new Map<string, ContainerSummary[]>();
    for (const s of stats) {
      const a = s.attributes;
      if (!a || !running.has(a.id)) continue;
      const uid = a.labels[POD_UID];
      if (!uid) continue;
      const list = byPod.get(uid) ?? [];
      list.push({
        name: a.labels[CONTAINER_NAME] ?? a.metadata?.name ?? '',
        startTime: iso((startedAt.get(a.id) ?? 0) / 1e6),
        cpu: cpuOf(s, this.rates),
        memory: memoryOf(s),
      });
      byPod.set(uid, list);
    }
    const pods: PodSummary[] = [];
    for (const sb of sandboxes) {
      const uid = sb.labels[POD_UID] ?? sb.metadata?.uid ?? '';
      const cs = (byPod.get(uid) ?? []).sort((a, b) => a.name.localeCompare(b.name));
      pods.push({
        podRef: { name: sb.labels[POD_NAME] ?? sb.metadata?.name ?? '', namespace: sb.labels[POD_NAMESPACE] ?? sb.metadata?.namespace ?? '', uid },
        startTime: iso(sb.createdAt / 1e6),
        containers: cs,
        cpu: sumOf(cs.map((c) => c.cpu), ['usageNanoCores', 'usageCoreNanoSeconds']),
        memory: sumOf(cs.map((c) => c.memory), ['usageBytes', 'workingSetBytes', 'rssBytes', 'pageFaults', 'majorPageFaults']),
      });
    }
    pods.sort((a, b) => `${a.podRef.namespace}/${a.podRef.name}`.localeCompare(`${b.podRef.namespace}/${b.podRef.name}`));
    return { node, pods };
  }
}
