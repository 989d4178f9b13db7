// Patch and merge facts of the built-in types: the strategic-merge-patch strategy and merge key
// of each list field, and the server-side-apply list type and map keys. These are protocol facts
// (they decide how lists merge); the OpenAPI generator publishes them as x-kubernetes-* extensions
// and the patch code reads them back from there.

export interface FieldPatchMeta {
  /** x-kubernetes-patch-strategy: 'merge', 'replace', 'retainKeys', 'merge,retainKeys'. */
  strategy?: string;
  /** x-kubernetes-patch-merge-key. */
  mergeKey?: string;
  /** x-kubernetes-list-type: 'atomic' | 'set' | 'map'. */
  listType?: 'atomic' | 'set' | 'map';
  /** x-kubernetes-list-map-keys. */
  listMapKeys?: string[];
  /** x-kubernetes-map-type: 'atomic' | 'granular'. */
  mapType?: 'atomic' | 'granular';
}

const merge = (mergeKey: string, listMapKeys: string[] = [mergeKey]): FieldPatchMeta => ({ strategy: 'merge', mergeKey, listType: 'map', listMapKeys });

/** Keyed by OpenAPI definition name, then field name. */
export const PATCH_META: Record<string, Record<string, FieldPatchMeta>> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    finalizers: { strategy: 'merge', listType: 'set' },
    ownerReferences: merge('uid', ['uid']),
    managedFields: { listType: 'atomic' },
  },
  'io.k8s.api.core.v1.PodSpec': {
    containers: merge('name'),
    initContainers: merge('name'),
    ephemeralContainers: merge('name'),
    volumes: { strategy: 'merge,retainKeys', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
    imagePullSecrets: merge('name'),
    hostAliases: merge('ip'),
    tolerations: { listType: 'atomic' },
    topologySpreadConstraints: { strategy: 'merge', mergeKey: 'topologyKey', listType: 'map', listMapKeys: ['topologyKey', 'whenUnsatisfiable'] },
    readinessGates: { listType: 'atomic' },
    resourceClaims: { strategy: 'merge,retainKeys', mergeKey: 'name', listType: 'map', listMapKeys: ['name'] },
    schedulingGates: merge('name'),
  },
  'io.k8s.api.core.v1.Container': {
    ports: { strategy: 'merge', mergeKey: 'containerPort', listType: 'map', listMapKeys: ['containerPort', 'protocol'] },
    env: merge('name'),
    envFrom: { listType: 'atomic' },
    volumeMounts: merge('mountPath'),
    volumeDevices: merge('devicePath'),
    resizePolicy: { listType: 'atomic' },
    command: { listType: 'atomic' },
    args: { listType: 'atomic' },
  },
  'io.k8s.api.core.v1.EphemeralContainer': {
    ports: { strategy: 'merge', mergeKey: 'containerPort', listType: 'map', listMapKeys: ['containerPort', 'protocol'] },
    env: merge('name'),
    volumeMounts: merge('mountPath'),
    volumeDevices: merge('devicePath'),
  },
  'io.k8s.api.core.v1.PodStatus': {
    conditions: merge('type'),
    podIPs: merge('ip'),
    hostIPs: { strategy: 'merge', mergeKey: 'ip', listType: 'atomic' },
    containerStatuses: { listType: 'atomic' },
    initContainerStatuses: { listType: 'atomic' },
    ephemeralContainerStatuses: { listType: 'atomic' },
  },
  'io.k8s.api.core.v1.NodeSpec': {
    taints: { listType: 'atomic' },
    podCIDRs: { strategy: 'merge', listType: 'set' },
  },
  'io.k8s.api.core.v1.NodeStatus': {
    conditions: merge('type'),
    addresses: merge('type'),
    images: { listType: 'atomic' },
    volumesAttached: { listType: 'atomic' },
    volumesInUse: { listType: 'atomic' },
  },
  'io.k8s.api.core.v1.NamespaceStatus': {
    conditions: merge('type'),
  },
  'io.k8s.api.core.v1.NamespaceSpec': {
    finalizers: { listType: 'atomic' },
  },
  'io.k8s.api.core.v1.ServiceAccount': {
    secrets: merge('name'),
    imagePullSecrets: { listType: 'atomic' },
  },
  'io.k8s.api.core.v1.PodSecurityContext': {
    supplementalGroups: { listType: 'atomic' },
    sysctls: { listType: 'atomic' },
  },
};
