// The columns `kubectl get pods.metrics.k8s.io` / `nodes.metrics.k8s.io` show, as metrics-server
// serves them: the name, the cpu and memory usage (a pod's summed over its containers) and the
// window the figures cover.
import type { KubeObject } from '../../api/object';
import type { TableColumn, TableDefinition } from '../../api/resource';
import { addQuantities, formatQuantity, parseQuantity } from '../../api/defaults/quantity';
import type { NodeMetrics, PodMetrics, ResourceUsage } from './metrics-objects';

const COLUMNS: TableColumn[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name of the resource', priority: 0 },
  { name: 'cpu', type: 'string', format: 'quantity', description: '', priority: 0 },
  { name: 'memory', type: 'string', format: 'quantity', description: '', priority: 0 },
  { name: 'Window', type: 'string', format: 'duration', description: '', priority: 0 },
];

function sum(values: string[]): string {
  return formatQuantity(values.map((v) => parseQuantity(v)).reduce((a, b) => addQuantities(a, b), parseQuantity('0')));
}

function cells(name: string | undefined, usages: ResourceUsage[], window: string): unknown[] {
  return [name ?? '', sum(usages.map((u) => u.cpu)), sum(usages.map((u) => u.memory)), window];
}

export const podMetricsTable: TableDefinition<KubeObject> = {
  columns: COLUMNS,
  cells: (obj) => {
    const m = obj as unknown as PodMetrics;
    return cells(m.metadata.name, m.containers.map((c) => c.usage), m.window);
  },
};

export const nodeMetricsTable: TableDefinition<KubeObject> = {
  columns: COLUMNS,
  cells: (obj) => {
    const m = obj as unknown as NodeMetrics;
    return cells(m.metadata.name, [m.usage], m.window);
  },
};
