// The node agent end to end: `k8ts server` with its in-process agent on real containerd, driven by
// the real kubectl. Node registration and status, a web server pod reachable at its pod IP, crash
// back-off, scheduling failures, and image pulls from a local registry (directly, failing, and
// through a registries.yaml mirror of docker.io).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:http';
import { request } from 'node:https';
import { type Server, startServer, kubectl, kubectlOk, eventually } from './harness';
import { buildBusyboxImage, defaultBusyboxImageName } from '../../src/kubelet/images/debian-images';
import { importImage, pushImage } from '../../src/kubelet/images/image-transfer';
import { startLocalRegistry, type LocalRegistry } from '../kubelet/runtime/local-registry';
import { findLeftovers, clearLeftovers } from '../../src/kubelet/runtime/runtime-leftovers';
import { containerdLayout } from '../../src/kubelet/runtime/containerd-config';
import { CriClient } from '../../src/kubelet/runtime/cri-client';

const BRIDGE = 'k8tse2e0';
const NODE = 'e2e-node';
let server: Server;
let registry: LocalRegistry;
let busybox: string;
const BUSYBOX = defaultBusyboxImageName();

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'k8ts-agent-'));
  registry = await startLocalRegistry();
  busybox = join(dataDir, 'busybox.tar');
  buildBusyboxImage(busybox);
  // The registry holds busybox twice: as an app image, and as docker.io's nginx for the mirror test.
  await pushImage(busybox, BUSYBOX, `${registry.host}/team/app:1`, { tlsVerify: false });
  await pushImage(busybox, BUSYBOX, `${registry.host}/library/nginx:latest`, { tlsVerify: false });
  writeFileSync(join(dataDir, 'registries.yaml'), `mirrors:\n  docker.io:\n    endpoint:\n      - "http://${registry.host}"\n`);
  server = await startServer({ agentFlags: ['--node-name', NODE, '--pod-bridge', BRIDGE, '--cluster-cidr', '10.91.0.0/16'] }, dataDir);
  await importImage(busybox, join(dataDir, 'agent/containerd/containerd.sock'));
});

after(async () => {
  if (server) {
    kubectl(server, ['delete', 'pods', '--all', '-A', '--grace-period=0', '--force']);
    await new Promise((r) => setTimeout(r, 1500));
    const layout = containerdLayout({ dataDir: join(server.dataDir, 'agent/containerd'), sandboxImage: 'x', cni: { bridgeName: BRIDGE, podCidr: '10.91.0.0/24' } });
    // Pods outlive the agent's containerd by design; the test removes what its pods left.
    await server.stop(() => clearLeftovers(findLeftovers(layout, BRIDGE)));
  }
  await registry?.stop();
});

const ok = (args: string[]) => kubectlOk(server, args);
function apply(yaml: string): string {
  const p = join(server.dataDir, `m-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(p, yaml);
  return ok(['apply', '-f', p]);
}
const podJson = (name: string) => JSON.parse(ok(['get', 'po', name, '-o', 'json']));
const events = (name: string) => ok(['get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', 'json']);

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { timeout: 3000 }, (res) => { let b = ''; res.on('data', (d) => { b += d; }); res.on('end', () => resolve(b)); }).on('error', reject);
  });
}

test('the node registers Ready with its internal IP and container runtime', async () => {
  await eventually(() => /Ready/.test(ok(['get', 'nodes'])), 'node Ready');
  const wide = ok(['get', 'nodes', '-o', 'wide']);
  assert.match(wide, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/m);
  assert.match(wide, new RegExp(`^${NODE}\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.\\d+\\.\\d+\\S*\\s+\\d+\\.\\d+\\.\\d+\\.\\d+\\s+<none>\\s+.+containerd://1\\.`, 'm'));
  const node = JSON.parse(ok(['get', 'node', NODE, '-o', 'json']));
  assert.match(node.spec.podCIDR, /^10\.91\.\d+\.0\/24$/);
  assert.ok(Number.parseInt(node.status.capacity.cpu, 10) >= 1);
  assert.equal(node.status.nodeInfo.operatingSystem, 'linux');
  const lease = JSON.parse(ok(['get', 'lease', NODE, '-n', 'kube-node-lease', '-o', 'json']));
  assert.equal(lease.spec.holderIdentity, NODE);
});

test('a web server pod reaches 1/1 Running and serves its page at the pod IP', async () => {
  apply(`apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: ${BUSYBOX}
    imagePullPolicy: Never
    command: ["sh", "-c", "echo hello from web > /tmp/index.html && exec httpd -f -p 80 -h /tmp"]
    ports:
    - containerPort: 80
`);
  await eventually(() => /^web\s+1\/1\s+Running\s+0\s/m.test(ok(['get', 'po'])), 'web Running', 30_000);
  const pod = podJson('web');
  assert.match(pod.status.podIP, /^10\.91\./);
  assert.equal(pod.status.podIPs[0].ip, pod.status.podIP);
  assert.equal(pod.spec.nodeName, NODE);
  assert.equal(pod.status.containerStatuses[0].ready, true);
  assert.match(pod.status.containerStatuses[0].containerID, /^containerd:\/\/[0-9a-f]{64}$/);
  for (const t of ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready']) {
    assert.equal(pod.status.conditions.find((c: { type: string }) => c.type === t)?.status, 'True', t);
  }
  assert.equal(await httpGet(`http://${pod.status.podIP}/index.html`), 'hello from web\n');
  const ev = events('web');
  for (const reason of ['Scheduled', 'Pulled', 'Created', 'Started']) assert.match(ev, new RegExp(`"reason": "${reason}"`));
});

test("the pod's projected service-account volume holds a token the API server accepts, the CA and the namespace", async () => {
  const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
  assert.equal(ok(['exec', 'web', '--', 'cat', `${dir}/namespace`]), 'default');
  assert.match(ok(['exec', 'web', '--', 'cat', `${dir}/ca.crt`]), /^-----BEGIN CERTIFICATE-----/);
  const token = ok(['exec', 'web', '--', 'cat', `${dir}/token`]);
  assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  assert.equal(claims['kubernetes.io'].pod.name, 'web');
  const status = await new Promise<number>((resolve, reject) => {
    const u = new URL('/api/v1/namespaces/default/configmaps', server.url);
    const req = request({ hostname: u.hostname, port: u.port, path: u.pathname, headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 200);
});

test('a container that exits under restartPolicy Always goes into CrashLoopBackOff with growing gaps', async () => {
  apply(`apiVersion: v1
kind: Pod
metadata:
  name: crashy
spec:
  containers:
  - name: web
    image: ${BUSYBOX}
    imagePullPolicy: Never
    command: ["httpd", "-f", "-p", "8080"]
  - name: sidecar
    image: ${BUSYBOX}
    imagePullPolicy: Never
    command: ["echo", "hello"]
    args: ["ubuntu"]
`);
  await eventually(() => /^crashy\s+1\/2\s+CrashLoopBackOff\s+/m.test(ok(['get', 'po'])), 'CrashLoopBackOff', 30_000);
  // As the kubelet does: the first exit restarts at once, then the back-off waits 10 s, then 20 s.
  // When each restart count is first seen tells the gaps, within a poll or two.
  const seen = new Map<number, number>();
  await eventually(() => {
    const s = podJson('crashy').status.containerStatuses.find((c: { name: string }) => c.name === 'sidecar');
    if (!seen.has(s.restartCount)) seen.set(s.restartCount, Date.now());
    return s.restartCount >= 3;
  }, 'three restarts', 60_000);
  const at = (n: number) => seen.get(n) ?? [...seen].filter(([k]) => k >= n).map(([, t]) => t).sort()[0];
  const gap12 = at(2) - at(1);
  const gap23 = at(3) - at(2);
  assert.ok(gap12 >= 8_000, `restart 1 -> 2 took ${gap12} ms; the back-off is 10 s`);
  assert.ok(gap23 > gap12 + 5_000, `restart gaps ${gap12} ms then ${gap23} ms should grow`);
  // RESTARTS carries the time of the last restart, as kubectl shows it: `3 (21s ago)`.
  assert.match(ok(['get', 'po', 'crashy']), /^crashy\s+\d\/2\s+\S+\s+[3-9] \(\d+s ago\)\s/m);
  assert.match(events('crashy'), /"reason": "BackOff"/);
  // Container GC as the kubelet's default policy: of the sidecar's four attempts (0-3) only the
  // latest and the previous one remain in the runtime, and only their log files on disk.
  const uid = podJson('crashy').metadata.uid;
  const cri = new CriClient(join(server.dataDir, 'agent/containerd/containerd.sock'));
  try {
    await eventually(async () => {
      const attempts = (await cri.listContainers({ labelSelector: { 'io.kubernetes.pod.uid': uid, 'io.kubernetes.container.name': 'sidecar' } }))
        .map((c) => Number(c.annotations['io.kubernetes.container.restartCount'])).sort((a, b) => a - b);
      const latest = Math.max(...attempts);
      return attempts.length === 2 && attempts[0] === latest - 1 && latest >= 3;
    }, 'only the two latest sidecar attempts', 10_000);
    const logs = readdirSync(join(server.dataDir, 'agent/logs', `default_crashy_${uid}`, 'sidecar')).sort();
    assert.equal(logs.length, 2, `sidecar logs: ${logs.join(' ')}`);
    assert.match(ok(['logs', 'crashy', '-c', 'sidecar', '--previous']), /^hello ubuntu\n$/);
  } finally {
    cri.close();
  }
  ok(['delete', 'pod', 'crashy', '--grace-period=1']);
});

test('a pod asking for more CPU than the node has stays Pending with FailedScheduling; a smaller one runs', async () => {
  const big = (cpu: string) => `apiVersion: v1
kind: Pod
metadata:
  name: greedy
spec:
  containers:
  - name: main
    image: ${BUSYBOX}
    imagePullPolicy: Never
    command: ["sleep", "3600"]
    resources:
      requests:
        cpu: "${cpu}"
`;
  apply(big('1000'));
  await eventually(() => /Insufficient cpu/.test(events('greedy')), 'FailedScheduling event', 15_000);
  const ev = JSON.parse(events('greedy')).items.find((e: { reason: string }) => e.reason === 'FailedScheduling');
  assert.match(ev.message, /^0\/1 nodes are available: 1 Insufficient cpu\./);
  assert.match(ok(['get', 'po', 'greedy']), /^greedy\s+0\/1\s+Pending\s/m);
  ok(['delete', 'pod', 'greedy']);
  apply(big('10m'));
  await eventually(() => /^greedy\s+1\/1\s+Running/m.test(ok(['get', 'po', 'greedy'])), 'smaller greedy Running', 30_000);
  ok(['delete', 'pod', 'greedy', '--grace-period=0', '--force']);
});

test('images are pulled from a local registry, a missing one backs off, and docker.io is served by the mirror', async () => {
  apply(`apiVersion: v1
kind: Pod
metadata:
  name: pulled
spec:
  containers:
  - name: app
    image: ${registry.host}/team/app:1
    command: ["sleep", "3600"]
`);
  await eventually(() => /^pulled\s+1\/1\s+Running/m.test(ok(['get', 'po', 'pulled'])), 'pulled Running', 30_000);
  const ev = events('pulled');
  assert.match(ev, new RegExp(`Pulling image \\\\"${registry.host}/team/app:1\\\\"`));
  assert.match(ev, /Successfully pulled image/);

  apply(`apiVersion: v1
kind: Pod
metadata:
  name: missing
spec:
  containers:
  - name: app
    image: ${registry.host}/team/nothing-here:1
`);
  await eventually(() => /^missing\s+0\/1\s+ErrImagePull\s/m.test(ok(['get', 'po', 'missing'])), 'ErrImagePull', 30_000);
  await eventually(() => /^missing\s+0\/1\s+ImagePullBackOff\s/m.test(ok(['get', 'po', 'missing'])), 'ImagePullBackOff', 30_000);

  apply(`apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  containers:
  - name: nginx
    image: nginx:latest
    command: ["sleep", "3600"]
`);
  await eventually(() => /^nginx\s+1\/1\s+Running/m.test(ok(['get', 'po', 'nginx'])), 'nginx:latest Running through the mirror', 30_000);
  assert.match(events('nginx'), /Pulling image \\"nginx:latest\\"/);
  for (const p of ['pulled', 'missing', 'nginx']) ok(['delete', 'pod', p, '--grace-period=0', '--force']);
});
