// The resource metrics API (metrics.k8s.io/v1beta1, what metrics-server serves and `kubectl top`
// reads) described for discovery only: its objects are computed from the kubelets' summaries on
// each request, never stored, so these descriptors stay out of the registry.
import type { ResourceDescriptor } from '../../api/resource';
import { nodeMetricsTable, podMetricsTable } from './metrics-table';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
export const METRICS_API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;

const READ_ONLY = ['get', 'list'];

export const podMetricsResource: ResourceDescriptor = {
  group: METRICS_GROUP, version: METRICS_VERSION, kind: 'PodMetrics', listKind: 'PodMetricsList',
  resource: 'pods', singular: 'pod', namespaced: true, verbs: READ_ONLY,
  definition: 'io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics',
  table: podMetricsTable,
};

export const nodeMetricsResource: ResourceDescriptor = {
  group: METRICS_GROUP, version: METRICS_VERSION, kind: 'NodeMetrics', listKind: 'NodeMetricsList',
  resource: 'nodes', singular: 'node', namespaced: false, verbs: READ_ONLY,
  definition: 'io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetrics',
  table: nodeMetricsTable,
};

export const METRICS_RESOURCES: ResourceDescriptor[] = [nodeMetricsResource, podMetricsResource];
