// Small hand-written OpenAPI definitions (Pod, ConfigMap and what they use), shaped like the
// generated ones, so the managed-fields tests do not depend on the build step.
import type { Definitions, JsonSchema } from '../../../src/api/schema';
import { objectType } from '../../../src/apiserver/managed-fields/type-node';

const ref = (name: string): JsonSchema => ({ $ref: `#/definitions/${name}` });
const str: JsonSchema = { type: 'string' };
const int: JsonSchema = { type: 'integer', format: 'int32' };
const bool: JsonSchema = { type: 'boolean' };
const strMap: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };
const mapList = (item: string, keys: string[]): JsonSchema => ({
  type: 'array', items: ref(item), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys,
  'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': keys[0],
});
const atomicList = (items: JsonSchema): JsonSchema => ({ type: 'array', items, 'x-kubernetes-list-type': 'atomic' });

const M = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const C = 'io.k8s.api.core.v1.';

export const defs: Definitions = {
  [`${M}ObjectMeta`]: {
    type: 'object',
    properties: {
      name: str, generateName: str, namespace: str, uid: str, resourceVersion: str, generation: { type: 'integer', format: 'int64' },
      creationTimestamp: ref(`${M}Time`), deletionTimestamp: ref(`${M}Time`),
      labels: strMap, annotations: strMap,
      finalizers: { type: 'array', items: str, 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
      ownerReferences: mapList(`${M}OwnerReference`, ['uid']),
      managedFields: atomicList(ref(`${M}ManagedFieldsEntry`)),
    },
  },
  [`${M}Time`]: { type: 'string', format: 'date-time' },
  [`${M}OwnerReference`]: {
    type: 'object',
    properties: { apiVersion: str, kind: str, name: str, uid: str, controller: bool },
    required: ['apiVersion', 'kind', 'name', 'uid'],
  },
  [`${M}ManagedFieldsEntry`]: {
    type: 'object',
    properties: { manager: str, operation: str, apiVersion: str, time: ref(`${M}Time`), fieldsType: str, fieldsV1: ref(`${M}FieldsV1`), subresource: str },
  },
  [`${M}FieldsV1`]: { type: 'object' },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
  [`${C}Pod`]: {
    type: 'object',
    properties: { apiVersion: str, kind: str, metadata: ref(`${M}ObjectMeta`), spec: ref(`${C}PodSpec`), status: ref(`${C}PodStatus`) },
    'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Pod' }],
  },
  [`${C}PodSpec`]: {
    type: 'object',
    properties: {
      containers: mapList(`${C}Container`, ['name']),
      initContainers: mapList(`${C}Container`, ['name']),
      nodeName: str, restartPolicy: str, dnsPolicy: str, schedulerName: str,
      terminationGracePeriodSeconds: { type: 'integer', format: 'int64' },
      securityContext: ref(`${C}PodSecurityContext`),
      nodeSelector: { ...strMap, 'x-kubernetes-map-type': 'atomic' },
      tolerations: atomicList(ref(`${C}Toleration`)),
      affinity: ref(`${C}Affinity`),
    },
    required: ['containers'],
  },
  [`${C}PodSecurityContext`]: { type: 'object', properties: { runAsUser: { type: 'integer', format: 'int64' }, runAsNonRoot: bool } },
  [`${C}Toleration`]: { type: 'object', properties: { key: str, operator: str, value: str, effect: str } },
  [`${C}Affinity`]: { type: 'object', properties: { nodeAffinity: ref(`${C}NodeAffinity`) } },
  [`${C}NodeAffinity`]: { type: 'object', properties: { note: str } },
  [`${C}Container`]: {
    type: 'object',
    properties: {
      name: str, image: str, imagePullPolicy: str, command: atomicList(str), args: atomicList(str),
      ports: mapList(`${C}ContainerPort`, ['containerPort', 'protocol']),
      env: mapList(`${C}EnvVar`, ['name']),
      resources: ref(`${C}ResourceRequirements`),
      terminationMessagePath: str, terminationMessagePolicy: str,
    },
    required: ['name'],
  },
  [`${C}ContainerPort`]: {
    type: 'object',
    properties: { containerPort: int, protocol: str, name: str, hostPort: int },
    required: ['containerPort'],
  },
  [`${C}EnvVar`]: { type: 'object', properties: { name: str, value: str }, required: ['name'] },
  [`${C}ResourceRequirements`]: {
    type: 'object',
    properties: { limits: { type: 'object', additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity') } },
  },
  [`${C}PodStatus`]: {
    type: 'object',
    properties: { phase: str, podIP: str, conditions: mapList(`${C}PodCondition`, ['type']) },
  },
  [`${C}PodCondition`]: { type: 'object', properties: { type: str, status: str }, required: ['type', 'status'] },
  [`${C}ConfigMap`]: {
    type: 'object',
    properties: { apiVersion: str, kind: str, metadata: ref(`${M}ObjectMeta`), data: strMap, immutable: bool },
    'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'ConfigMap' }],
  },
};

export const podType = objectType(defs, `${C}Pod`);
export const configMapType = objectType(defs, `${C}ConfigMap`);

export const T1 = '2024-05-01T10:00:00Z';
export const T2 = '2024-05-01T10:05:00Z';
export const T3 = '2024-05-01T10:10:00Z';

/** A pod as `kubectl run nginx --image=nginx` creates it, after defaulting. */
export function nginxPod(): Record<string, any> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'nginx', namespace: 'default', labels: { run: 'nginx' } },
    spec: {
      containers: [{ name: 'nginx', image: 'nginx', imagePullPolicy: 'Always', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    },
  };
}

/** The same object as stored: server-set metadata added. */
export function stored(obj: Record<string, any>, rv = '1'): Record<string, any> {
  const o = structuredClone(obj);
  o.metadata = { ...o.metadata, uid: 'u-1', resourceVersion: rv, creationTimestamp: T1 };
  return o;
}

/** The FieldsV1 Kubernetes records for `kubectl run nginx --image=nginx` (plus `extraSpec` fields). */
export function kubectlRunFields(extraSpec: Record<string, object> = {}): Record<string, unknown> {
  return {
    'f:metadata': { 'f:labels': { '.': {}, 'f:run': {} } },
    'f:spec': {
      'f:containers': {
        'k:{"name":"nginx"}': {
          '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:resources': {},
          'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {},
        },
      },
      'f:dnsPolicy': {}, ...extraSpec, 'f:restartPolicy': {}, 'f:schedulerName': {}, 'f:securityContext': {}, 'f:terminationGracePeriodSeconds': {},
    },
  };
}
