// Objects for the describe golden tests: a node with a written status and its Lease, pods with
// rich specs bound to it and statuses written through pods/status, config maps, secrets, a
// service account, a namespace and events, all with fixed old timestamps so that ages are stable.
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { ApiClient } from '../../src/client/api-client';

export const NS = 'describe-test';
export const NODE = 'describe-node-1';
/** A node with nothing but a name: no status, no Lease, no pods. */
export const BARE_NODE = 'describe-node-2';
/** Pods the scheduler must leave alone: the test binds them itself. */
const MANUAL = 'manual-scheduler';

const core = (resource: string, namespace?: string) => ({ group: '', version: 'v1', resource, namespace });
const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-node-lease' };

const DAY = 24 * 3600 * 1000;
/** A timestamp `days` (and `hours`) ago, whole seconds, so ages print as stable `3d`-like values. */
export function ago(days: number, hours = 0): string {
  const ms = Date.now() - days * DAY - hours * 3600 * 1000;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
const micro = (ts: string): string => ts.replace('Z', '.123456Z');

export async function createFixtures(client: ApiClient): Promise<void> {
  await client.create(core('namespaces'), {
    apiVersion: 'v1', kind: 'Namespace',
    metadata: { name: NS, labels: { team: 'platform', env: 'test' }, annotations: { 'example.com/owner': 'ops@example.com' } },
  });
  await createNode(client);
  await createConfigAndSecrets(client);
  await createPods(client);
  await createEvents(client);
}

async function createNode(client: ApiClient): Promise<void> {
  const node = await client.create<Node>(core('nodes'), {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name: NODE,
      labels: { 'kubernetes.io/hostname': NODE, 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/worker': 'true' },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'example.com/rack': 'r12' },
    },
    spec: {
      podCIDR: '10.244.7.0/24', podCIDRs: ['10.244.7.0/24'], providerID: 'k8ts://describe-node-1',
      taints: [
        { key: 'dedicated', value: 'web', effect: 'NoSchedule' },
        { key: 'example.com/maintenance', effect: 'PreferNoSchedule' },
      ],
    },
  });
  await client.create<Node>(core('nodes'), { apiVersion: 'v1', kind: 'Node', metadata: { name: BARE_NODE } });
  const now = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const status: Node['status'] = {
    capacity: { cpu: '4', memory: '8141240Ki', pods: '110', 'ephemeral-storage': '102400Mi', 'hugepages-2Mi': '0', 'example.com/gpu': '2' },
    allocatable: { cpu: '3800m', memory: '7938488Ki', pods: '110', 'ephemeral-storage': '94371840Ki', 'hugepages-2Mi': '0', 'example.com/gpu': '2' },
    conditions: [
      { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: ago(3), reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
      { type: 'DiskPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: ago(3), reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
      { type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: ago(2), reason: 'KubeletReady', message: 'kubelet is posting ready status' },
    ],
    addresses: [{ type: 'InternalIP', address: '10.0.0.7' }, { type: 'Hostname', address: NODE }],
    nodeInfo: {
      machineID: 'f1e2d3c4b5a6', systemUUID: '4c4c4544-0042', bootID: 'b00t-1d', kernelVersion: '6.1.0-18-amd64',
      osImage: 'Debian GNU/Linux 12 (bookworm)', operatingSystem: 'linux', architecture: 'amd64',
      containerRuntimeVersion: 'containerd://1.7.13', kubeletVersion: 'v1.32.0-k8ts', kubeProxyVersion: '',
    },
  };
  // Controllers touch a new node too, so the status goes in as a patch rather than a whole update.
  await client.patch(core('nodes'), node.metadata!.name!, { status }, 'application/merge-patch+json', 'status');
  await client.create<Lease>(LEASES, {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
    metadata: { name: NODE, namespace: 'kube-node-lease' },
    spec: { holderIdentity: NODE, leaseDurationSeconds: 40, acquireTime: micro(ago(2)), renewTime: micro(now) },
  });
}

async function createConfigAndSecrets(client: ApiClient): Promise<void> {
  await client.create(core('configmaps', NS), {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: 'app-config', labels: { app: 'web' } },
    data: { 'app.properties': 'mode=fast\ncolor=blue\nindent\twith tab' },
    binaryData: { 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]).toString('base64') },
  });
  await client.create(core('secrets', NS), {
    apiVersion: 'v1', kind: 'Secret',
    metadata: { name: 'app-secret', annotations: { 'example.com/rotated': 'yes' } },
    type: 'Opaque',
    data: { password: Buffer.from('s3cr3t-value').toString('base64') },
  });
  await client.create(core('serviceaccounts', NS), {
    apiVersion: 'v1', kind: 'ServiceAccount',
    metadata: { name: 'builder', labels: { app: 'ci' } },
    secrets: [{ name: 'app-secret' }, { name: 'gone-secret' }],
    imagePullSecrets: [{ name: 'regcred' }],
  });
  const sa = await client.get(core('serviceaccounts', NS), 'builder');
  await client.create(core('secrets', NS), {
    apiVersion: 'v1', kind: 'Secret',
    metadata: {
      name: 'builder-token',
      annotations: { 'kubernetes.io/service-account.name': 'builder', 'kubernetes.io/service-account.uid': sa.metadata!.uid! },
    },
    type: 'kubernetes.io/service-account-token',
    data: { token: Buffer.from('eyJhbGciOiJFUzI1NiJ9.payload.sig').toString('base64') },
  });
}

const richPod: Pod = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: {
    name: 'rich',
    labels: { app: 'web', tier: 'front' },
    annotations: {
      'example.com/note': 'hello',
      'example.com/long': `${'x'.repeat(150)}`,
      'example.com/multi': 'line one\nline two\n',
    },
  },
  spec: {
    schedulerName: MANUAL,
    initContainers: [{ name: 'init-db', image: 'busybox:1.36', command: ['sh', '-c', 'until nslookup db; do sleep 2; done'] }],
    containers: [
      {
        name: 'app', image: 'nginx:1.25',
        ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, hostPort: 8443, protocol: 'TCP' }],
        command: ['/bin/app'], args: ['--port=80', 'multi\nline'],
        resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '250m', memory: '128Mi', 'ephemeral-storage': '1Gi' } },
        livenessProbe: { httpGet: { path: '/healthz', port: 80 }, initialDelaySeconds: 5 },
        readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
        startupProbe: { exec: { command: ['cat', '/tmp/ready'] }, failureThreshold: 30 },
        env: [
          { name: 'PLAIN', value: 'v' },
          { name: 'MULTI', value: 'first\nsecond' },
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'POD_NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
          { name: 'MEM_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '1Mi' } } },
          { name: 'STORAGE_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.ephemeral-storage' } } },
          { name: 'SECRET_PW', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'password' } } },
          { name: 'CM_MODE', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'mode', optional: true } } },
        ],
        envFrom: [{ configMapRef: { name: 'app-config' } }, { secretRef: { name: 'app-secret', optional: true }, prefix: 'S_' }],
        volumeMounts: [
          { name: 'cache', mountPath: '/cache' },
          { name: 'config', mountPath: '/etc/config', readOnly: true },
          { name: 'host', mountPath: '/host', subPath: 'logs' },
          { name: 'bundle', mountPath: '/bundle' },
        ],
      },
      {
        name: 'sidecar', image: 'busybox:1.36', args: ['sleep', '3600'],
        resources: { requests: { cpu: '100m' } },
        livenessProbe: { grpc: { port: 9090, service: 'health' }, timeoutSeconds: 3 },
        readinessProbe: { httpGet: { host: 'localhost', scheme: 'HTTPS', path: 'ready', port: 'metrics' }, successThreshold: 1 },
      },
    ],
    volumes: [
      { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'scratch', emptyDir: {} },
      { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
      { name: 'plainhost', hostPath: { path: '/tmp' } },
      { name: 'config', configMap: { name: 'app-config' } },
      { name: 'secret-vol', secret: { secretName: 'app-secret', optional: true } },
      {
        name: 'podinfo',
        downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu' } }] },
      },
      {
        name: 'bundle',
        projected: {
          sources: [
            { configMap: { name: 'app-config' } },
            { secret: { name: 'app-secret' } },
            { downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
            { serviceAccountToken: { path: 'token', expirationSeconds: 7200, audience: 'vault' } },
          ],
        },
      },
      { name: 'claim', persistentVolumeClaim: { claimName: 'data', readOnly: true } },
    ],
    nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' },
    tolerations: [
      { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' },
      { operator: 'Exists' },
      { key: 'example.com/flaky', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
    ],
  },
};

function richStatus(hostIP: string): Pod['status'] {
  return {
    phase: 'Running',
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP: '10.244.7.12',
    podIPs: [{ ip: '10.244.7.12' }, { ip: 'fd00::c' }],
    startTime: ago(2, 3),
    conditions: [
      { type: 'Initialized', status: 'True', lastTransitionTime: ago(2, 3) },
      { type: 'Ready', status: 'False', lastTransitionTime: ago(2, 3), reason: 'ContainersNotReady' },
      { type: 'ContainersReady', status: 'False', lastTransitionTime: ago(2, 3) },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: ago(2, 3) },
    ],
    initContainerStatuses: [{
      name: 'init-db', image: 'docker.io/library/busybox:1.36', imageID: 'docker.io/library/busybox@sha256:aaaa', ready: true, restartCount: 0,
      containerID: 'containerd://0123init',
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: ago(2, 3), finishedAt: ago(2, 2), containerID: 'containerd://0123init' } },
    }],
    containerStatuses: [
      {
        name: 'app', image: 'docker.io/library/nginx:1.25', imageID: 'docker.io/library/nginx@sha256:bbbb', ready: true, restartCount: 2, started: true,
        containerID: 'containerd://4567app',
        state: { running: { startedAt: ago(1) } },
        lastState: { terminated: { exitCode: 137, signal: 9, reason: 'OOMKilled', message: 'out of memory', startedAt: ago(2, 1), finishedAt: ago(1, 1) } },
      },
      {
        name: 'sidecar', image: 'docker.io/library/busybox:1.36', imageID: '', ready: false, restartCount: 7, started: false,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: ago(1, 2), finishedAt: ago(1, 2) } },
      },
    ],
  };
}

async function bind(client: ApiClient, name: string): Promise<void> {
  await client.request('POST', `/api/v1/namespaces/${NS}/pods/${name}/binding`, {
    apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { apiVersion: 'v1', kind: 'Node', name: NODE },
  });
}

async function writeStatus(client: ApiClient, name: string, status: Pod['status']): Promise<void> {
  await client.patch(core('pods', NS), name, { status }, 'application/merge-patch+json', 'status');
}

async function createPods(client: ApiClient): Promise<void> {
  await client.create(core('pods', NS), richPod);
  await bind(client, 'rich');
  await writeStatus(client, 'rich', richStatus('10.0.0.7'));

  // Pending and unscheduled: Node <none>, no start time, BestEffort, empty sections.
  await client.create<Pod>(core('pods', NS), {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'plain', labels: { app: 'plain' } },
    spec: { schedulerName: MANUAL, automountServiceAccountToken: false, containers: [{ name: 'main', image: 'busybox' }] },
  });

  // The rarer header lines: priority class, runtime class, seccomp, controller, nominated node,
  // readiness gates, topology spread; and an annotation with terminal control characters.
  await client.create<Pod>(core('pods', NS), {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: 'special',
      labels: { app: 'special' },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1"}',
        'example.com/escape': 'red \x1b[31malert\x1b[0m done\r',
      },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'special-7d9f', uid: '11111111-2222-3333-4444-555555555555', controller: true },
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'app-config', uid: '66666666-2222-3333-4444-555555555555' },
      ],
    },
    spec: {
      schedulerName: MANUAL, priorityClassName: 'system-cluster-critical', runtimeClassName: 'gvisor',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      readinessGates: [{ conditionType: 'example.com/lb-ready' }, { conditionType: 'example.com/never' }],
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'special' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] } },
        { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
      ],
      containers: [{
        name: 'main', image: 'busybox',
        securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } },
        env: [{ name: 'CPU_LIM', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } }, { name: 'EMPTY', value: '' }],
      }],
    },
  });
  await writeStatus(client, 'special', {
    phase: 'Pending', nominatedNodeName: NODE,
    // A status without any state reads as Waiting.
    containerStatuses: [{ name: 'main', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: {} }],
    conditions: [{ type: 'example.com/lb-ready', status: 'True', lastTransitionTime: ago(1) }, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastTransitionTime: ago(1) }],
  });

  // Guaranteed, finished: Failed with a reason and message, not counted on the node.
  await client.create<Pod>(core('pods', NS), {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'evicted', labels: { app: 'web' } },
    spec: {
      schedulerName: MANUAL, priority: 0, restartPolicy: 'Never',
      containers: [{ name: 'job', image: 'alpine:3.19', resources: { limits: { cpu: '1', memory: '1Gi' } } }],
    },
  });
  await bind(client, 'evicted');
  await writeStatus(client, 'evicted', {
    phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.', hostIP: '10.0.0.7', startTime: ago(4),
    containerStatuses: [{
      name: 'job', image: 'alpine:3.19', imageID: 'docker.io/library/alpine@sha256:cccc', ready: false, restartCount: 0, containerID: 'containerd://89job',
      state: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', startedAt: ago(4), finishedAt: ago(3, 20) } },
    }],
  });

  // Bound and then deleted: Terminating while nobody confirms the shutdown.
  await client.create<Pod>(core('pods', NS), {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'doomed' },
    spec: {
      schedulerName: MANUAL, terminationGracePeriodSeconds: 45,
      containers: [{ name: 'c', image: 'busybox', resources: { requests: { memory: '64Mi' }, limits: { memory: '2Gi' } } }],
      initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always', resources: { requests: { cpu: '50m', memory: '32Mi' } } }],
    },
  });
  await bind(client, 'doomed');
  await writeStatus(client, 'doomed', { phase: 'Running', hostIP: '10.0.0.7', podIP: '10.244.7.13', podIPs: [{ ip: '10.244.7.13' }], startTime: ago(1) });
  await client.delete(core('pods', NS), 'doomed', { gracePeriodSeconds: 600 });
}

async function createEvents(client: ApiClient): Promise<void> {
  const rich = await client.get<Pod>(core('pods', NS), 'rich');
  const plain = await client.get<Pod>(core('pods', NS), 'plain');
  const podRef = { kind: 'Pod', namespace: NS, name: 'rich', uid: rich.metadata!.uid, apiVersion: 'v1' };
  const events: Event[] = [
    {
      metadata: { name: 'rich.pulled' }, involvedObject: { ...podRef, fieldPath: 'spec.containers{app}' },
      type: 'Normal', reason: 'Pulled', message: 'Container image "nginx:1.25" already present on machine',
      source: { component: 'kubelet', host: NODE }, firstTimestamp: ago(2, 3), lastTimestamp: ago(2, 3), count: 1,
    },
    {
      metadata: { name: 'rich.backoff' }, involvedObject: { ...podRef, fieldPath: 'spec.containers{sidecar}' },
      type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container sidecar in pod rich_describe-test(uid)  ',
      source: { component: 'kubelet', host: NODE }, firstTimestamp: ago(2, 2), lastTimestamp: ago(1), count: 42,
    },
    {
      metadata: { name: 'rich.scheduled' }, involvedObject: podRef,
      type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${NS}/rich to ${NODE}`,
      eventTime: micro(ago(2, 4)), reportingComponent: 'default-scheduler', reportingInstance: 'default-scheduler-k8ts', action: 'Binding',
      source: {},
    },
    // Another pod's event must not show up under rich.
    {
      metadata: { name: 'plain.note' }, involvedObject: { kind: 'Pod', namespace: NS, name: 'plain', uid: plain.metadata!.uid, apiVersion: 'v1' },
      type: 'Normal', reason: 'Überprüft', message: 'not about rich; wide characters in the reason cell', source: { component: 'tester' }, firstTimestamp: ago(3), lastTimestamp: ago(3), count: 1,
    },
    // A new-style event that repeated: its age comes from the series.
    {
      metadata: { name: 'plain.failedscheduling' }, involvedObject: { kind: 'Pod', namespace: NS, name: 'plain', uid: plain.metadata!.uid, apiVersion: 'v1' },
      type: 'Warning', reason: 'FailedScheduling', message: '0/2 nodes are available: 2 node(s) had untolerated taint.',
      eventTime: micro(ago(2, 5)), series: { count: 17, lastObservedTime: micro(ago(0, 5)) },
      reportingComponent: 'default-scheduler', reportingInstance: 'default-scheduler-k8ts', action: 'Scheduling', source: {},
    },
  ];
  for (const e of events) await client.create(core('events', NS), { apiVersion: 'v1', kind: 'Event', ...e });
  const nodeRef = { kind: 'Node', name: NODE, uid: NODE, apiVersion: 'v1' };
  await client.create(core('events', 'default'), {
    apiVersion: 'v1', kind: 'Event', metadata: { name: `${NODE}.starting` }, involvedObject: nodeRef,
    type: 'Normal', reason: 'Starting', message: 'Starting kubelet.', source: { component: 'kubelet', host: NODE },
    firstTimestamp: ago(3), lastTimestamp: ago(3), count: 1,
  });
  await client.create(core('events', 'default'), {
    apiVersion: 'v1', kind: 'Event', metadata: { name: `${NODE}.ready` }, involvedObject: nodeRef,
    type: 'Normal', reason: 'NodeReady', message: `Node ${NODE} status is now: NodeReady`, source: { component: 'kubelet', host: NODE },
    firstTimestamp: ago(2), lastTimestamp: ago(2), count: 3,
  });
}
