import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Pod, PodSpec } from 'kubernetes-types/core/v1';
import { createPod } from '../defaults/pod-create-flow';
import { validatePod } from '../../../src/api/validation/pod-validation';
import { defaultPod } from '../../../src/api/defaults/pod-defaults';
import { messages } from './error-messages';

/** The messages a create of this pod gets, after defaults and admission as the server applies them. */
function errorsFor(spec: Partial<PodSpec>, container: Partial<Container> = {}, name = 'p'): string[] {
  const pod: Pod = { metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', ...container }], ...spec } as PodSpec };
  return messages(createPod(pod).errors);
}

test('a minimal pod is valid', () => {
  assert.deepEqual(errorsFor({}), []);
});

test('containers are required', () => {
  assert.deepEqual(errorsFor({ containers: [] }), ['spec.containers: Required value']);
});

test('container names are DNS labels and unique', () => {
  assert.deepEqual(errorsFor({ containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'x' }] }), ['spec.containers[1].name: Duplicate value: "a"']);
  assert.deepEqual(errorsFor({}, { name: 'Web_1' }), [
    "spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
  assert.deepEqual(errorsFor({}, { name: '' }), ['spec.containers[0].name: Required value']);
});

test('an init container may not reuse a container name', () => {
  assert.deepEqual(errorsFor({ initContainers: [{ name: 'c', image: 'x' }] }), ['spec.initContainers[0].name: Duplicate value: "c"']);
});

test('images are required and may not be padded', () => {
  assert.deepEqual(errorsFor({}, { image: '' }), ['spec.containers[0].image: Required value']);
  assert.deepEqual(errorsFor({}, { image: ' nginx' }), ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace']);
});

test('ports: range, protocol, names and duplicate names', () => {
  assert.deepEqual(errorsFor({}, { ports: [{ containerPort: 70000 }] }), ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']);
  assert.deepEqual(errorsFor({}, { ports: [{ containerPort: 0 }] }), ['spec.containers[0].ports[0].containerPort: Required value']);
  assert.deepEqual(errorsFor({}, { ports: [{ containerPort: 80, protocol: 'HTTP' }] }), [
    'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
  ]);
  assert.deepEqual(errorsFor({}, { ports: [{ containerPort: 80, name: 'web' }, { containerPort: 81, name: 'web' }] }), ['spec.containers[0].ports[1].name: Duplicate value: "web"']);
  assert.deepEqual(errorsFor({}, { ports: [{ containerPort: 80, name: 'a-very-long-port-name' }] }), ['spec.containers[0].ports[0].name: Invalid value: "a-very-long-port-name": must be no more than 15 characters']);
  assert.deepEqual(errorsFor({}, { ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 8080 }] }), ['spec.containers[0].ports[1].hostPort: Duplicate value: "TCP//8080"']);
});

test('restartPolicy, dnsPolicy and imagePullPolicy accept only known values', () => {
  assert.deepEqual(errorsFor({ restartPolicy: 'Sometimes' }), ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']);
  assert.deepEqual(errorsFor({ dnsPolicy: 'Google' }), ['spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"']);
  assert.deepEqual(errorsFor({}, { imagePullPolicy: 'Sometimes' }), ['spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"']);
  assert.deepEqual(errorsFor({ dnsPolicy: 'None' }), ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None']);
});

test('volumes: names, one source, and mounts of known volumes', () => {
  assert.deepEqual(errorsFor({}, { volumeMounts: [{ name: 'x', mountPath: '/x' }] }), ['spec.containers[0].volumeMounts[0].name: Not found: "x"']);
  assert.deepEqual(errorsFor({ volumes: [{ name: 'v', emptyDir: {}, hostPath: { path: '/tmp' } }] }), ['spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type']);
  assert.deepEqual(errorsFor({ volumes: [{ name: 'v' }, { name: 'v' }] }), ['spec.volumes[1].name: Duplicate value: "v"']);
  assert.deepEqual(errorsFor({ volumes: [{ name: 'V' }] })[0].split(': ').slice(0, 2), ['spec.volumes[0].name', 'Invalid value']);
  assert.deepEqual(errorsFor({ volumes: [{ name: 'v', configMap: {} }] }), ['spec.volumes[0].configMap.name: Required value']);
  assert.deepEqual(errorsFor({ volumes: [{ name: 'v', secret: { secretName: 's', defaultMode: 1000 } }] }), [
    'spec.volumes[0].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive',
  ]);
  assert.deepEqual(errorsFor({ volumes: [{ name: 'v', hostPath: { path: '/a/../b', type: 'Dir' } }] }), [
    'spec.volumes[0].hostPath.path: Invalid value: "/a/../b": must not contain \'..\'',
    'spec.volumes[0].hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
  ]);
  assert.deepEqual(errorsFor({ volumes: [{ name: 'v' }] }, { volumeMounts: [{ name: 'v', mountPath: '/a' }, { name: 'v', mountPath: '/a' }] }), [
    'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/a": must be unique',
  ]);
});

test('env: names, and exactly one valueFrom source', () => {
  assert.deepEqual(errorsFor({}, { env: [{ name: '1BAD' }] }), [
    "spec.containers[0].env[0].name: Invalid value: \"1BAD\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
  ]);
  assert.deepEqual(errorsFor({}, { env: [{ name: 'A', valueFrom: {} }] }), ['spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`']);
  assert.deepEqual(errorsFor({}, { env: [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }), ['spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty']);
  assert.deepEqual(errorsFor({}, { env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.restartPolicy' } } }] }), [
    'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.restartPolicy": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
  ]);
  assert.deepEqual(errorsFor({}, { env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.labels[\'app\']' } } }] }), []);
  assert.deepEqual(errorsFor({}, { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'bad key' } } }] }), [
    "spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
  ]);
  assert.deepEqual(errorsFor({}, { envFrom: [{}] }), ['spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`']);
});

test('resources: valid names and quantities, requests at most limits', () => {
  assert.deepEqual(errorsFor({}, { resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }), ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1']);
  assert.deepEqual(errorsFor({}, { resources: { requests: { memory: '-1' } } }), ['spec.containers[0].resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0']);
  assert.deepEqual(errorsFor({}, { resources: { limits: { cpu: 'lots' } } }), [
    "spec.containers[0].resources.limits[cpu]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    "spec.containers[0].resources.requests[cpu]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  ]);
  assert.deepEqual(errorsFor({}, { resources: { requests: { pods: '1' } } }), ['spec.containers[0].resources.requests[pods]: Invalid value: "pods": must be a standard resource for containers']);
  assert.deepEqual(errorsFor({}, { resources: { requests: { gpu: '1' } } }), [
    'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
    'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
  ]);
  assert.deepEqual(errorsFor({}, { resources: { requests: { 'example.com/gpu': '1' } } }), ['spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources']);
  assert.deepEqual(errorsFor({}, { resources: { limits: { 'example.com/gpu': '500m' } } }), [
    'spec.containers[0].resources.limits[example.com/gpu]: Invalid value: "500m": must be an integer',
    'spec.containers[0].resources.requests[example.com/gpu]: Invalid value: "500m": must be an integer',
  ]);
});

test('probes need exactly one handler; liveness success threshold is 1', () => {
  assert.deepEqual(errorsFor({}, { livenessProbe: {} }), ['spec.containers[0].livenessProbe: Required value: must specify a handler type']);
  assert.deepEqual(errorsFor({}, { readinessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } } }), ['spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type']);
  assert.deepEqual(errorsFor({}, { livenessProbe: { exec: { command: ['true'] }, successThreshold: 2 } }), ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1']);
  assert.deepEqual(errorsFor({}, { readinessProbe: { httpGet: { port: 'http-web-svc-too-long' } } }), ['spec.containers[0].readinessProbe.httpGet.port: Invalid value: "http-web-svc-too-long": must be no more than 15 characters']);
  assert.deepEqual(errorsFor({}, { readinessProbe: { tcpSocket: { port: 0 } } }), ['spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive']);
  assert.deepEqual(errorsFor({}, { readinessProbe: { exec: { command: [] }, periodSeconds: -1 } }), [
    'spec.containers[0].readinessProbe.exec.command: Required value',
    'spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0',
  ]);
  assert.deepEqual(errorsFor({ initContainers: [{ name: 'i', image: 'x', livenessProbe: { exec: { command: ['true'] } } }] }), [
    'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
  ]);
});

test('activeDeadlineSeconds is positive; terminationGracePeriodSeconds is required before defaulting', () => {
  assert.deepEqual(errorsFor({ activeDeadlineSeconds: 0 }), ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive']);
  const undefaulted: Pod = { metadata: { name: 'p', namespace: 'd' }, spec: { containers: [] } };
  assert.deepEqual(messages(validatePod(undefaulted)).slice(0, 2), ['spec.terminationGracePeriodSeconds: Required value', 'spec.containers: Required value']);
});

test('nodeSelector follows the label rules', () => {
  assert.deepEqual(errorsFor({ nodeSelector: { disk: 'fast ssd' } }).map((m) => m.split(': ')[0]), ['spec.nodeSelector']);
});

test('tolerations: key, operator, value and effect', () => {
  assert.deepEqual(errorsFor({ tolerations: [{ operator: 'Equal', value: 'x' }] }), [
    'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
  ]);
  assert.deepEqual(errorsFor({ tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }), ['spec.tolerations[0].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\'']);
  assert.deepEqual(errorsFor({ tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }] }), [
    'spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
  ]);
  assert.deepEqual(errorsFor({ tolerations: [{ key: 'k', operator: 'Like' }] }), ['spec.tolerations[0].operator: Unsupported value: "Like": supported values: "Equal", "Exists"']);
  assert.deepEqual(errorsFor({ tolerations: [{ key: 'k', operator: 'Exists', effect: 'Evict' }] }), ['spec.tolerations[0].effect: Unsupported value: "Evict": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"']);
});

test('labels and annotations on metadata are validated', () => {
  const pod: Pod = { metadata: { name: 'p', labels: { '-bad': 'x' }, annotations: { 'controller.kubernetes.io/pod-deletion-cost': '+5' } }, spec: { containers: [{ name: 'c', image: 'x' }] } };
  assert.deepEqual(messages(createPod(pod).errors).map((m) => m.split(': ').slice(0, 2).join(': ')), [
    'metadata.labels: Invalid value',
    'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value',
  ]);
});

test('names of referenced objects and hostname follow their DNS rules', () => {
  assert.deepEqual(errorsFor({ nodeName: 'Node_1' }).map((m) => m.split(': ')[0]), ['spec.nodeName']);
  assert.deepEqual(errorsFor({ hostname: 'a.b' }), ['spec.hostname: Invalid value: "a.b": must not contain dots']);
  assert.deepEqual(errorsFor({ serviceAccountName: 'Bad' }).map((m) => m.split(': ')[0]), ['spec.serviceAccountName']);
});

test('affinity and topology spread constraints', () => {
  assert.deepEqual(errorsFor({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }] } } } }), [
    "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
  ]);
  assert.deepEqual(errorsFor({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Near' }] } }] } } }), [
    'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator',
  ]);
  assert.deepEqual(errorsFor({ topologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }] }), [
    'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
  ]);
});

test('ephemeral containers cannot be set on create, nor nodeName with scheduling gates', () => {
  assert.deepEqual(errorsFor({ ephemeralContainers: [{ name: 'dbg', image: 'busybox:1' }] }), ['spec.ephemeralContainers: Forbidden: cannot be set on create']);
  assert.deepEqual(errorsFor({ nodeName: 'n1', schedulingGates: [{ name: 'example.com/gate' }] }), ['spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared']);
});

test('security contexts: user ids and privilege escalation', () => {
  assert.deepEqual(errorsFor({ securityContext: { runAsUser: -1 } }), ['spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive']);
  assert.deepEqual(errorsFor({}, { securityContext: { privileged: true, allowPrivilegeEscalation: false } }), [
    'spec.containers[0].securityContext: Invalid value: {"privileged":true,"allowPrivilegeEscalation":false}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
  ]);
});

test('a pod with every defaulted field still validates after a second defaulting pass', () => {
  const { pod } = createPod({ metadata: { name: 'full' }, spec: { containers: [{ name: 'c', image: 'x', livenessProbe: { httpGet: { port: 80 } } }], volumes: [{ name: 'v' }] } });
  defaultPod(pod);
  assert.deepEqual(validatePod(pod), []);
});
