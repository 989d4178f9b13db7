// GET/LIST of metrics.k8s.io/v1beta1 pods and nodes: the pods or nodes the request selects (from
// the watch cache, with label and field selectors), each one's figures from its node's kubelet.
// As with metrics-server, a list leaves out what has no figures (pods not Running, nodes whose
// kubelet did not answer), and a get of such an object is NotFound in the metrics group.
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { errors } from '../../api/status';
import type { StoredObject } from '../../api/object';
import type { RequestContext } from '../handlers/context';
import { buildFilter } from '../handlers/filter';
import { sendJson } from '../http/respond';
import { negotiate } from '../http/negotiate';
import { includeObjectParam, toTable } from '../handlers/table';
import type { ResourceStore } from '../registry/resource-store';
import { readObject } from '../registry/watch-cache';
import { METRICS_API_VERSION, METRICS_VERSION, nodeMetricsResource, podMetricsResource } from './metrics-resources';
import { nodeMetricsOf, podMetricsOf, type NodeMetrics, type PodMetrics } from './metrics-objects';
import type { NodeSummaries, NodeSummary } from './node-summaries';

function selected(ctx: RequestContext, rs: ResourceStore, namespace: string): StoredObject[] {
  const filter = buildFilter(rs.desc, ctx.query);
  const all = rs.cache.list(rs.listPrefix(namespace)).map(readObject);
  return filter ? all.filter(filter) : all;
}

function logFailures(results: Map<string, NodeSummary>): void {
  for (const [node, r] of results) if ('error' in r) console.error(`metrics: no summary from node ${node}: ${r.error.message}`);
}

function podMetricsFrom(pod: Pod, results: Map<string, NodeSummary>): PodMetrics | undefined {
  const r = results.get(pod.spec?.nodeName ?? '');
  if (!r || 'error' in r) return undefined;
  const s = r.summary.pods.find((p) => p.podRef.uid === pod.metadata?.uid);
  return s ? podMetricsOf(pod, s, r.scrape) : undefined;
}

function nodeMetricsFrom(node: Node, results: Map<string, NodeSummary>): NodeMetrics | undefined {
  const r = results.get(node.metadata?.name ?? '');
  return r && !('error' in r) ? nodeMetricsOf(node, r.summary, r.scrape) : undefined;
}

type MetricsObject = PodMetrics | NodeMetrics;
interface MetricsList { kind: string; apiVersion: string; metadata: Record<string, never>; items: MetricsObject[] }

const isRunning = (pod: Pod) => pod.status?.phase === 'Running' && !!pod.spec?.nodeName;

async function podMetrics(ctx: RequestContext, summaries: NodeSummaries): Promise<MetricsObject | MetricsList> {
  const pods = ctx.registry.mustLookup('', 'v1', 'pods');
  const { namespace, name } = ctx.info;
  if (name) {
    const pod = pods.get(namespace, name) as Pod;
    const missing = errors.notFound({ group: podMetricsResource.group, resource: podMetricsResource.resource, name: `${namespace}/${name}` });
    if (!isRunning(pod)) throw missing;
    const results = await summaries.fetchAll([pod.spec!.nodeName!]);
    logFailures(results);
    const m = podMetricsFrom(pod, results);
    if (!m) throw missing;
    return m;
  }
  const running = (selected(ctx, pods, namespace) as Pod[]).filter(isRunning);
  const results = await summaries.fetchAll(running.map((p) => p.spec!.nodeName!));
  logFailures(results);
  const items = running.map((p) => podMetricsFrom(p, results)).filter((m): m is PodMetrics => m !== undefined);
  return { kind: podMetricsResource.listKind, apiVersion: METRICS_API_VERSION, metadata: {}, items };
}

async function nodeMetrics(ctx: RequestContext, summaries: NodeSummaries): Promise<MetricsObject | MetricsList> {
  const nodes = ctx.registry.mustLookup('', 'v1', 'nodes');
  const { name } = ctx.info;
  if (name) {
    const node = nodes.get('', name) as Node;
    const results = await summaries.fetchAll([name]);
    logFailures(results);
    const m = nodeMetricsFrom(node, results);
    if (!m) throw errors.notFound({ group: nodeMetricsResource.group, resource: nodeMetricsResource.resource, name });
    return m;
  }
  const selectedNodes = selected(ctx, nodes, '') as Node[];
  const results = await summaries.fetchAll(selectedNodes.map((n) => n.metadata!.name!));
  logFailures(results);
  const items = selectedNodes.map((n) => nodeMetricsFrom(n, results)).filter((m): m is NodeMetrics => m !== undefined);
  return { kind: nodeMetricsResource.listKind, apiVersion: METRICS_API_VERSION, metadata: {}, items };
}

export async function handleMetrics(ctx: RequestContext, summaries: NodeSummaries): Promise<void> {
  const { info } = ctx;
  const desc = [podMetricsResource, nodeMetricsResource].find((d) => d.resource === info.resource);
  if (info.version !== METRICS_VERSION || !desc || info.subresource || (info.namespace && !desc.namespaced)) throw errors.pathNotFound();
  if (!desc.verbs.includes(info.verb)) throw errors.methodNotAllowed();
  const neg = negotiate(ctx.req.headers.accept as string | undefined);
  const include = neg.table ? includeObjectParam(ctx.query) : undefined;
  const body = desc === podMetricsResource ? await podMetrics(ctx, summaries) : await nodeMetrics(ctx, summaries);
  if (!include) return sendJson(ctx.res, 200, body);
  const objects = 'items' in body ? body.items : [body];
  sendJson(ctx.res, 200, toTable(desc, objects as unknown as StoredObject[], ctx.now, include, {}, `meta.k8s.io/${neg.tableVersion}`));
}
