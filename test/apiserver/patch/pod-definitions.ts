// A hand-made slice of the Pod's OpenAPI v2 definitions, with the patch extensions Kubernetes
// publishes, so the patch tests do not depend on the generated definitions file.
import type { Definitions, JsonSchema } from '../../../src/api/schema';

const ref = (name: string): JsonSchema => ({ $ref: `#/definitions/${name}` });
const str: JsonSchema = { type: 'string' };
const int: JsonSchema = { type: 'integer', format: 'int32' };
const stringMap: JsonSchema = { type: 'object', additionalProperties: str };
const strings: JsonSchema = { type: 'array', items: str };
const mergeList = (item: string, mergeKey: string, strategy = 'merge'): JsonSchema => ({
  type: 'array', items: ref(item), 'x-kubernetes-patch-strategy': strategy, 'x-kubernetes-patch-merge-key': mergeKey,
});

const core = 'io.k8s.api.core.v1.';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

export const POD = `${core}Pod`;

export const podDefinitions: Definitions = {
  [`${core}Pod`]: {
    type: 'object',
    properties: { apiVersion: str, kind: str, metadata: ref(`${meta}ObjectMeta`), spec: ref(`${core}PodSpec`), status: ref(`${core}PodStatus`) },
  },
  [`${meta}ObjectMeta`]: {
    type: 'object',
    properties: {
      name: str, namespace: str, labels: stringMap, annotations: stringMap,
      finalizers: { ...strings, 'x-kubernetes-patch-strategy': 'merge' },
      ownerReferences: mergeList(`${meta}OwnerReference`, 'uid'),
    },
  },
  [`${meta}OwnerReference`]: { type: 'object', properties: { uid: str, name: str, kind: str, apiVersion: str } },
  [`${core}PodSpec`]: {
    type: 'object',
    properties: {
      containers: mergeList(`${core}Container`, 'name'),
      initContainers: mergeList(`${core}Container`, 'name'),
      volumes: mergeList(`${core}Volume`, 'name', 'merge,retainKeys'),
      tolerations: { type: 'array', items: ref(`${core}Toleration`) },
      nodeSelector: stringMap,
      restartPolicy: str,
      securityContext: ref(`${core}PodSecurityContext`),
    },
  },
  [`${core}PodSecurityContext`]: { type: 'object', properties: { runAsUser: int, supplementalGroups: { type: 'array', items: int } } },
  [`${core}Toleration`]: { type: 'object', properties: { key: str, operator: str, effect: str } },
  [`${core}Container`]: {
    type: 'object',
    properties: {
      name: str, image: str, command: strings, args: strings,
      ports: mergeList(`${core}ContainerPort`, 'containerPort'),
      env: mergeList(`${core}EnvVar`, 'name'),
      volumeMounts: mergeList(`${core}VolumeMount`, 'mountPath'),
      resources: ref(`${core}ResourceRequirements`),
    },
  },
  [`${core}ContainerPort`]: { type: 'object', properties: { containerPort: int, name: str, protocol: str } },
  [`${core}EnvVar`]: { type: 'object', properties: { name: str, value: str } },
  [`${core}VolumeMount`]: { type: 'object', properties: { name: str, mountPath: str, readOnly: { type: 'boolean' } } },
  [`${core}ResourceRequirements`]: { type: 'object', properties: { limits: stringMap, requests: stringMap } },
  [`${core}Volume`]: {
    type: 'object',
    properties: {
      name: str,
      emptyDir: { type: 'object', properties: { medium: str, sizeLimit: str } },
      hostPath: { type: 'object', properties: { path: str, type: str } },
      configMap: { type: 'object', properties: { name: str } },
    },
  },
  [`${core}PodStatus`]: {
    type: 'object',
    properties: { phase: str, conditions: mergeList(`${core}PodCondition`, 'type') },
  },
  [`${core}PodCondition`]: { type: 'object', properties: { type: str, status: str } },
};
