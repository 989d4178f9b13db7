// `kubectl top pod|node`: CPU and memory use from the metrics.k8s.io API, printed as kubectl
// prints it (millicores, MiB, and percentages of allocatable for nodes).
import { ApiError } from '../../client/api-client';
import { CliError, type CommandContext, type CommandSpec } from '../command';
import { alignColumns } from '../printers/table-printer';
import { milliValue, toQuantity, wholeValue } from '../describe/resource-lists';

interface Usage { cpu?: string; memory?: string }
interface PodMetrics { metadata: { name: string; namespace: string }; containers: Array<{ name: string; usage: Usage }> }
interface NodeMetrics { metadata: { name: string }; usage: Usage }

// Quantity.MilliValue() and Value(), rounded up as Go does.
const milliCpu = (q: string | undefined): number => milliValue(toQuantity(q));
const bytes = (q: string | undefined): number => wholeValue(toQuantity(q));

async function metricsAvailable(ctx: CommandContext): Promise<void> {
  const data = await ctx.discovery().refresh();
  if (!data.groups.some((g) => g.name === 'metrics.k8s.io')) throw new CliError('error: Metrics API not available');
}

/** kubectl top's table: every cell, the last one too, is followed by padding. */
function topTable(lines: string[][]): string {
  return alignColumns(lines.map((l) => [...l, '']));
}

const sortFlag = { name: 'sort-by', type: 'string' as const, usage: "If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'." };

const topPodCommand: CommandSpec = {
  name: 'pod',
  aliases: ['pods', 'po'],
  short: 'Display resource (CPU/memory) usage of pods.',
  usage: 'kubectl top pod [NAME | -l label] [options]',
  flags: [
    { name: 'all-namespaces', short: 'A', type: 'bool', default: false, usage: 'If present, list the requested object(s) across all namespaces.' },
    { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on.' },
    { name: 'field-selector', type: 'string', usage: 'Selector (field query) to filter on.' },
    { name: 'containers', type: 'bool', default: false, usage: 'If present, print usage of containers within a pod.' },
    { name: 'no-headers', type: 'bool', default: false, usage: 'If present, print output without headers.' },
    { name: 'sum', type: 'bool', default: false, usage: 'Print the sum of the resource usage' },
    sortFlag,
  ],
  async run(ctx: CommandContext): Promise<number> {
    const f = ctx.flags;
    await metricsAvailable(ctx);
    const all = f.bool('all-namespaces');
    const ns = ctx.namespace();
    const base = all ? '/apis/metrics.k8s.io/v1beta1/pods' : `/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(ns)}/pods`;
    let items: PodMetrics[];
    if (ctx.args[0]) {
      try {
        items = [await ctx.client().request<PodMetrics>('GET', `${base}/${encodeURIComponent(ctx.args[0])}`)];
      } catch (e) {
        if (e instanceof ApiError && e.code === 404) throw new CliError(`error: podmetrics.metrics.k8s.io "${ns}/${ctx.args[0]}" not found`);
        throw e;
      }
    } else {
      const q = new URLSearchParams();
      if (f.str('selector')) q.set('labelSelector', f.str('selector'));
      if (f.str('field-selector')) q.set('fieldSelector', f.str('field-selector'));
      items = (await ctx.client().request<{ items: PodMetrics[] }>('GET', `${base}?${q}`)).items;
    }
    if (items.length === 0) {
      ctx.err(all ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`);
      return 0;
    }
    const total = (p: PodMetrics, key: 'cpu' | 'memory'): number => p.containers.reduce((s, c) => s + (key === 'cpu' ? milliCpu(c.usage.cpu) : bytes(c.usage.memory)), 0);
    sortByUsage(items, f.str('sort-by'), (p) => total(p, 'cpu'), (p) => total(p, 'memory'));
    const header = [...(all ? ['NAMESPACE'] : []), 'NAME', ...(f.bool('containers') ? ['NAME'] : []), 'CPU(cores)', 'MEMORY(bytes)'];
    const rows: string[][] = [];
    for (const p of items) {
      const prefix = all ? [p.metadata.namespace] : [];
      if (f.bool('containers')) {
        for (const c of p.containers) rows.push([...prefix, p.metadata.name, c.name, `${milliCpu(c.usage.cpu)}m`, `${Math.floor(bytes(c.usage.memory) / 1048576)}Mi`]);
      } else {
        rows.push([...prefix, p.metadata.name, `${total(p, 'cpu')}m`, `${Math.floor(total(p, 'memory') / 1048576)}Mi`]);
      }
    }
    ctx.out(topTable(f.bool('no-headers') ? rows : [header, ...rows]));
    return 0;
  },
};

const topNodeCommand: CommandSpec = {
  name: 'node',
  aliases: ['nodes', 'no'],
  short: 'Display resource (CPU/memory) usage of nodes.',
  usage: 'kubectl top node [NAME | -l label] [options]',
  flags: [
    { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on.' },
    { name: 'no-headers', type: 'bool', default: false, usage: 'If present, print output without headers' },
    { name: 'show-capacity', type: 'bool', default: false, usage: 'Print node resources based on Capacity instead of Allocatable(default) of the nodes.' },
    sortFlag,
  ],
  async run(ctx: CommandContext): Promise<number> {
    const f = ctx.flags;
    await metricsAvailable(ctx);
    const q = new URLSearchParams();
    if (f.str('selector')) q.set('labelSelector', f.str('selector'));
    const metrics = ctx.args[0]
      ? [await ctx.client().request<NodeMetrics>('GET', `/apis/metrics.k8s.io/v1beta1/nodes/${encodeURIComponent(ctx.args[0])}`)]
      : (await ctx.client().request<{ items: NodeMetrics[] }>('GET', `/apis/metrics.k8s.io/v1beta1/nodes?${q}`)).items;
    const nodes = (await ctx.client().request<{ items: Array<{ metadata: { name: string }; status?: { allocatable?: Usage; capacity?: Usage } }> }>('GET', `/api/v1/nodes?${q}`)).items;
    if (metrics.length === 0) { ctx.err('No resources found\n'); return 0; }
    sortByUsage(metrics, f.str('sort-by'), (m) => milliCpu(m.usage.cpu), (m) => bytes(m.usage.memory));
    const rows = metrics.map((m) => {
      const node = nodes.find((n) => n.metadata.name === m.metadata.name);
      const avail = f.bool('show-capacity') ? node?.status?.capacity : node?.status?.allocatable;
      const cpu = milliCpu(m.usage.cpu);
      const mem = bytes(m.usage.memory);
      const cpuPct = avail?.cpu ? `${Math.floor((cpu * 100) / milliCpu(avail.cpu))}%` : '<unknown>';
      const memPct = avail?.memory ? `${Math.floor((mem * 100) / bytes(avail.memory))}%` : '<unknown>';
      return [m.metadata.name, `${cpu}m`, cpuPct, `${Math.floor(mem / 1048576)}Mi`, memPct];
    });
    const header = ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'];
    ctx.out(topTable(f.bool('no-headers') ? rows : [header, ...rows]));
    return 0;
  },
};

/** --sort-by=cpu|memory: the biggest users first. */
function sortByUsage<T>(items: T[], by: string, cpu: (item: T) => number, memory: (item: T) => number): void {
  const key = by === 'cpu' ? cpu : by === 'memory' ? memory : undefined;
  if (key) items.sort((a, b) => key(b) - key(a));
}

export const topCommand: CommandSpec = {
  name: 'top',
  short: 'Display resource (CPU/memory) usage.',
  usage: 'kubectl top [flags] [options]',
  flags: [],
  subcommands: [topPodCommand, topNodeCommand],
};
