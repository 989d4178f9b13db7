import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { defaultPod, syncDeprecatedPodFields } from '../../../src/api/defaults/pod-defaults';
import { deepClone } from '../../../src/api/object';
import { createPod } from './pod-create-flow';

const nginx: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'nginx' },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
};

// `kubectl get pod nginx -o yaml` on a v1.30 cluster right after `kubectl apply`, before the
// scheduler binds it (server-set metadata left out; the volume suffix is random there).
const realClusterYaml = `
spec:
  containers:
  - image: nginx:1.25
    imagePullPolicy: IfNotPresent
    name: nginx
    ports:
    - containerPort: 80
      protocol: TCP
    resources: {}
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-x7k2q
      readOnly: true
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: default
  serviceAccountName: default
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - name: kube-api-access-x7k2q
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
      - configMap:
          items:
          - key: ca.crt
            path: ca.crt
          name: kube-root-ca.crt
      - downwardAPI:
          items:
          - fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
            path: namespace
status:
  phase: Pending
  qosClass: BestEffort
`;

test('the nginx pod is stored exactly as a real cluster shows it', () => {
  const { pod, errors, refused } = createPod(nginx);
  assert.equal(refused, undefined);
  assert.deepEqual(errors, []);
  const expected = parse(realClusterYaml) as Pod;
  assert.deepEqual(pod.spec, expected.spec);
  assert.deepEqual(pod.status, expected.status);
  assert.deepEqual(pod.metadata, { name: 'nginx', namespace: 'default', generation: 1 });
});

test('defaulting is idempotent', () => {
  const { pod } = createPod(nginx);
  const again = deepClone(pod);
  defaultPod(again);
  syncDeprecatedPodFields(again);
  assert.deepEqual(again, pod);
});

function defaulted(container: Partial<Container>, extra: Partial<Pod['spec']> = {}): Pod {
  const pod: Pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox', ...container } as Container], ...extra } };
  defaultPod(pod);
  return pod;
}

test('imagePullPolicy is Always for :latest or untagged images and IfNotPresent otherwise', () => {
  const policy = (image: string) => defaulted({ image }).spec!.containers[0].imagePullPolicy;
  assert.equal(policy('busybox'), 'Always');
  assert.equal(policy('busybox:latest'), 'Always');
  assert.equal(policy('localhost:5000/team/app'), 'Always');
  assert.equal(policy('busybox:1.36'), 'IfNotPresent');
  assert.equal(policy('busybox@sha256:' + 'a'.repeat(64)), 'IfNotPresent');
  assert.equal(policy('busybox:latest@sha256:' + 'a'.repeat(64)), 'Always');
  assert.equal(policy('registry.example.com:5000/app:v2'), 'IfNotPresent');
  assert.equal(defaulted({ image: 'busybox', imagePullPolicy: 'Never' }).spec!.containers[0].imagePullPolicy, 'Never');
});

test('probes get their timing defaults and httpGet its path and scheme', () => {
  const c = defaulted({
    livenessProbe: { httpGet: { port: 8080 } },
    readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
    startupProbe: { grpc: { port: 9000 } },
    lifecycle: { preStop: { httpGet: { port: 80, path: '/quit' } } },
  }).spec!.containers[0];
  assert.deepEqual(c.livenessProbe, { httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.deepEqual(c.readinessProbe, { tcpSocket: { port: 80 }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 });
  assert.deepEqual(c.startupProbe?.grpc, { port: 9000, service: '' });
  assert.deepEqual(c.lifecycle?.preStop?.httpGet, { port: 80, path: '/quit', scheme: 'HTTP' });
});

test('env fieldRefs default to apiVersion v1', () => {
  const c = defaulted({ env: [{ name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }, { name: 'A', value: 'b' }] }).spec!.containers[0];
  assert.deepEqual(c.env, [{ name: 'NS', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } }, { name: 'A', value: 'b' }]);
});

test('limits without requests are copied into requests, and quantities are stored canonically', () => {
  const c = defaulted({ resources: { limits: { cpu: '0.5', memory: '1024Mi' }, requests: { cpu: '100u' } } }).spec!.containers[0];
  assert.deepEqual(c.resources, { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '1m', memory: '1Gi' } });
  const numbers = defaulted({ resources: { limits: { cpu: 2 as unknown as string } } }).spec!.containers[0];
  assert.deepEqual(numbers.resources, { limits: { cpu: '2' }, requests: { cpu: '2' } });
});

test('volumes get their source and file-mode defaults', () => {
  const pod = defaulted({}, {
    volumes: [
      { name: 'scratch' },
      { name: 'host', hostPath: { path: '/data' } },
      { name: 'cfg', configMap: { name: 'cfg' } },
      { name: 'sec', secret: { secretName: 'sec', defaultMode: 0o400 } },
      { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      { name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } },
      { name: 'tmp', emptyDir: { sizeLimit: '1024Mi' } },
    ],
  });
  assert.deepEqual(pod.spec!.volumes, [
    { name: 'scratch', emptyDir: {} },
    { name: 'host', hostPath: { path: '/data', type: '' } },
    { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
    { name: 'sec', secret: { secretName: 'sec', defaultMode: 256 } },
    { name: 'info', downwardAPI: { defaultMode: 420, items: [{ path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }] } },
    { name: 'tok', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }] } },
    { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
  ]);
});

test('pod-level defaults keep what the user set', () => {
  const pod = defaulted({}, { restartPolicy: 'Never', dnsPolicy: 'Default', terminationGracePeriodSeconds: 0, enableServiceLinks: false, schedulerName: 'mine' });
  assert.equal(pod.spec!.restartPolicy, 'Never');
  assert.equal(pod.spec!.dnsPolicy, 'Default');
  assert.equal(pod.spec!.terminationGracePeriodSeconds, 0);
  assert.equal(pod.spec!.enableServiceLinks, false);
  assert.equal(pod.spec!.schedulerName, 'mine');
});

test('host networking makes every container port a host port', () => {
  const pod = defaulted({ ports: [{ containerPort: 8080 }, { containerPort: 9090, hostPort: 9090 }] }, { hostNetwork: true });
  assert.deepEqual(pod.spec!.containers[0].ports, [{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }, { containerPort: 9090, hostPort: 9090, protocol: 'TCP' }]);
});

test('the deprecated serviceAccount field is read when serviceAccountName is absent and mirrored on write', () => {
  const pod = defaulted({}, { serviceAccount: 'builder' });
  assert.equal(pod.spec!.serviceAccountName, 'builder');
  pod.spec!.serviceAccountName = 'other';
  syncDeprecatedPodFields(pod);
  assert.equal(pod.spec!.serviceAccount, 'other');
});

test('status podIP and podIPs are kept consistent, the singular field winning', () => {
  const pod: Pod = { spec: { containers: [] }, status: { podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.9' }], hostIPs: [{ ip: '192.168.1.2' }] } };
  defaultPod(pod);
  assert.deepEqual(pod.status, { podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }], hostIP: '192.168.1.2', hostIPs: [{ ip: '192.168.1.2' }] });
});

test('init and ephemeral containers get container defaults, and resources {} always appears', () => {
  const pod: Pod = { spec: { containers: [], initContainers: [{ name: 'i', image: 'busybox:1' }], ephemeralContainers: [{ name: 'e', image: 'busybox' }] } };
  defaultPod(pod);
  assert.deepEqual(pod.spec!.initContainers![0], { name: 'i', image: 'busybox:1', imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
  assert.equal(pod.spec!.ephemeralContainers![0].imagePullPolicy, 'Always');
});
