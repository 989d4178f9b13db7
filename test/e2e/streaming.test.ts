// End to end: logs, exec, attach, port-forward and nodes/proxy with the real kubectl (1.27 over
// SPDY, 1.33 over WebSocket, the dispatcher with WebSockets switched off) against one `k8ts server`
// with its agent and containerd. The pods start once and every test shares them.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { startServer, kubectl, type Server, type RunResult } from './harness';
import { Terminal } from './terminal';
import { buildBusyboxImage, defaultBusyboxImageName } from '../../src/kubelet/images/debian-images';
import { importImage } from '../../src/kubelet/images/image-transfer';
import { CriClient } from '../../src/kubelet/runtime/cri-client';
import { containerdLayout } from '../../src/kubelet/runtime/containerd-config';
import { clearLeftovers, findLeftovers } from '../../src/kubelet/runtime/runtime-leftovers';

const NODE = 'streaming-node';
const BRIDGE = 'k8tsstream0';
const CIDR = '10.215.0.0/16';
const BUSYBOX = defaultBusyboxImageName();
const SDK = '/usr/lib/google-cloud-sdk/bin';

interface Variant { name: string; bin: string; env: Record<string, string>; protocol: RegExp }
/** The three ways exec and attach reach the server, and how -v=8 shows which one was used. */
const VARIANTS = ([
  { name: 'kubectl 1.27 (SPDY)', bin: `${SDK}/kubectl.1.27`, env: {}, protocol: /Upgrade: SPDY\/3\.1/ },
  { name: 'kubectl 1.33 (WebSocket v5)', bin: `${SDK}/kubectl.1.33`, env: {}, protocol: /Sec-Websocket-Protocol: v5\.channel\.k8s\.io/i },
  { name: 'kubectl with KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false (SPDY)', bin: '/usr/bin/kubectl', env: { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' }, protocol: /Upgrade: SPDY\/3\.1/ },
] as Variant[]).filter((v) => existsSync(v.bin));

const PODS = {
  two: {
    containers: [
      { name: 'main', command: ['sh', '-c', 'i=0; while true; do echo main-$i; i=$((i+1)); sleep 0.3; done'] },
      { name: 'sidecar', command: ['sh', '-c', 'echo sidecar-start; echo to-stderr >&2; exec httpd -f -p 80 -h /etc'] },
    ],
  },
  tty: { containers: [{ name: 'sh', command: ['sh'], stdin: true, tty: true }] },
  // Fails on its first run only (the emptyDir outlives the container), so --previous has a log.
  crash: {
    restartPolicy: 'OnFailure',
    containers: [{ name: 'app', command: ['sh', '-c', 'if [ -e /data/ran ]; then echo second-run; exec sleep 3600; fi; touch /data/ran; echo first-run; exit 1'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
    volumes: [{ name: 'data', emptyDir: {} }],
  },
  initwait: {
    initContainers: [{ name: 'setup', command: ['sleep', '3600'] }],
    containers: [{ name: 'main', command: ['sleep', '3600'] }],
  },
};

let server: Server;
let cri: CriClient;
let work: string;

function manifest(): string {
  const withImage = (c: Record<string, unknown>) => ({ image: BUSYBOX, imagePullPolicy: 'Never', ...c });
  const items = Object.entries(PODS).map(([name, spec]) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { ...spec, containers: spec.containers.map(withImage), ...('initContainers' in spec ? { initContainers: spec.initContainers.map(withImage) } : {}) },
  }));
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

function run(args: string[], v: Pick<Variant, 'bin' | 'env'> = { bin: '/usr/bin/kubectl', env: {} }, input?: string): RunResult {
  return kubectl(server, args, { bin: v.bin, env: v.env, input });
}

function getJson<T>(path: string): T {
  const r = run(['get', '--raw', path]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The body of a GET on 127.0.0.1, or undefined when nothing answers (yet). */
function httpGet(port: number, path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, timeout: 3000, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve(res.statusCode === 200 ? body : undefined));
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}


before(async () => {
  work = mkdtempSync(join(tmpdir(), 'k8ts-streaming-'));
  const archive = join(work, 'busybox.tar');
  buildBusyboxImage(archive);
  server = await startServer({
    agentFlags: ['--node-name', NODE, '--pod-bridge', BRIDGE, '--cluster-cidr', CIDR, '--node-ip', '127.0.0.1', '--kubelet-port', '0'],
  });
  const socket = join(server.dataDir, 'agent/containerd/containerd.sock');
  await importImage(archive, socket);
  cri = new CriClient(socket);
  const file = join(work, 'pods.json');
  writeFileSync(file, manifest());
  const applied = run(['apply', '-f', file]);
  assert.equal(applied.code, 0, applied.stderr);
  await until('the pods to run', () => {
    const r = run(['get', 'pods', '--no-headers']);
    return /two\s+2\/2\s+Running/.test(r.stdout) && /tty\s+1\/1\s+Running/.test(r.stdout) ? true : undefined;
  });
});

after(async () => {
  try {
    // Delete the pods through the API first: while they exist, the agent would start again what
    // CRI alone removed.
    run(['delete', 'pods', '--all', '--grace-period=1', '--wait=true', '--timeout=60s']);
    for (const s of await cri.listPodSandbox()) {
      await cri.stopPodSandbox(s.id).catch(() => {});
      await cri.removePodSandbox(s.id).catch(() => {});
    }
  } finally {
    cri?.close();
    // Stop the server, clear the pods' network leftovers, then remove the data dir.
    await new Promise<void>((resolve) => {
      if (server.proc.exitCode !== null || server.proc.signalCode !== null) { resolve(); return; }
      server.proc.removeAllListeners('exit');
      server.proc.once('exit', () => resolve());
      server.proc.kill('SIGTERM');
    });
    const layout = containerdLayout({ dataDir: join(server.dataDir, 'agent/containerd'), sandboxImage: 'unused', cni: { bridgeName: BRIDGE, podCidr: CIDR } });
    clearLeftovers(findLeftovers(layout, BRIDGE));
    rmSync(server.dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
});

describe('kubectl logs', () => {
  test('shows a container\'s log; -c picks the container, stdout and stderr both', () => {
    const main = run(['logs', 'two', '-c', 'main']);
    assert.equal(main.code, 0, main.stderr);
    assert.match(main.stdout, /^main-0\nmain-1\n/);
    const side = run(['logs', 'two', '-c', 'sidecar']);
    // Two pipes: their lines' order in the log is the runtime's.
    assert.deepEqual(side.stdout.split('\n').filter(Boolean).sort(), ['sidecar-start', 'to-stderr']);
  });

  test('--tail and --timestamps', () => {
    const r = run(['logs', 'two', '-c', 'main', '--tail=2', '--timestamps']);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    for (const l of lines) assert.match(l, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z main-\d+$/);
  });

  test('without -c on a two-container pod: kubectl takes the first and says so; the API answers kube-apiserver\'s error', () => {
    const r = run(['logs', 'two', '--tail=1']);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /Defaulted container "main" out of: main, sidecar/);
    assert.match(r.stdout, /^main-\d+\n$/);
    const raw = run(['get', '--raw', '/api/v1/namespaces/default/pods/two/log']);
    assert.notEqual(raw.code, 0);
    assert.match(raw.stderr, /Error from server \(BadRequest\): a container name must be specified for pod two, choose one of: \[main sidecar\]/);
  });

  test('an unknown container, and a container that has not started, get the kube-apiserver and kubelet errors', () => {
    assert.match(run(['get', '--raw', '/api/v1/namespaces/default/pods/two/log?container=nosuch']).stderr, /container nosuch is not valid for pod two/);
    const r = run(['logs', 'initwait', '-c', 'main']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error from server \(BadRequest\): container "main" in pod "initwait" is waiting to start: (ContainerCreating|PodInitializing)\n$/);
    const p = run(['logs', 'tty', '--previous']);
    assert.match(p.stderr, /Error from server \(BadRequest\): previous terminated container "sh" in pod "tty" not found/);
  });

  for (const bin of [`${SDK}/kubectl.1.27`, `${SDK}/kubectl.1.33`].filter(existsSync)) {
    test(`-f streams new lines as they are written (${bin.split('/').pop()})`, async () => {
      const home = join(server.dataDir, 'home');
      const p: ChildProcess = spawn(bin, ['logs', '-f', 'two', '-c', 'main', '--tail=1'], { env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: server.kubeconfig } });
      let out = '';
      p.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
      try {
        const lines = await until('three lines from logs -f', () => { const l = out.split('\n').filter(Boolean); return l.length >= 3 ? l : undefined; }, 10_000);
        const numbers = lines.map((l) => Number(/^main-(\d+)$/.exec(l)?.[1]));
        assert.ok(numbers[1] === numbers[0] + 1 && numbers[2] === numbers[1] + 1, `consecutive lines: ${lines.join(',')}`);
        assert.equal(p.exitCode, null, 'still following');
      } finally {
        p.kill();
      }
    });
  }

  test('--previous shows the run before the restart', async () => {
    await until('the crash pod to restart', () => /crash\s+1\/1\s+Running\s+1/.test(run(['get', 'pod', 'crash', '--no-headers']).stdout), 40_000);
    assert.equal(run(['logs', 'crash', '--previous']).stdout, 'first-run\n');
    assert.equal(run(['logs', 'crash']).stdout, 'second-run\n');
  });
});

for (const v of VARIANTS) {
  describe(`kubectl exec: ${v.name}`, () => {
    test('-c NAME -- cat /etc/hostname', () => {
      const r = run(['exec', 'two', '-c', 'sidecar', '-v=8', '--', 'cat', '/etc/hostname'], v);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'two\n');
      assert.match(r.stderr, v.protocol, 'the protocol this variant is for');
    });

    test('echo x | exec -i -- cat prints x and returns', () => {
      const started = Date.now();
      const r = run(['exec', '-i', 'two', '-c', 'main', '--', 'cat'], v, 'x\n');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'x\n');
      assert.ok(Date.now() - started < 10_000);
    });

    test('stdout, stderr and the exit code', () => {
      const r = run(['exec', 'two', '-c', 'main', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'], v);
      assert.equal(r.code, 3);
      assert.equal(r.stdout, 'out\n');
      assert.match(r.stderr, /^err\ncommand terminated with exit code 3\n$/);
    });

    test('-it sh on a terminal: ls / and exit 3', async () => {
      const t = new Terminal(work, server, `${v.bin} exec -it two -c main -- sh`, v.env);
      try {
        await t.waitFor(/\/ #/);
        t.type('ls /');
        await t.waitFor(/bin\s+.*etc/);
        t.type('stty size');
        // The terminal's size reached the container (the resize stream works).
        await t.waitFor(/^(29|30) 100$/m);
        t.type('exit 3');
        const screen = await t.waitFor(/EXIT=\d+/);
        assert.match(screen, /EXIT=3/);
      } finally {
        t.close();
      }
    });
  });
}

describe('kubectl attach', () => {
  for (const v of VARIANTS.slice(0, 2)) {
    test(`-it to a pod with stdin and tty (${v.name})`, async () => {
      const t = new Terminal(work, server, `${v.bin} attach -it tty`, v.env);
      try {
        await t.waitFor(/If you don't see a command prompt/);
        t.type('echo ATT-$((2+3))');
        await t.waitFor(/^ATT-5$/m);
      } finally {
        t.close();
      }
    });
  }
});

describe('kubectl port-forward', () => {
  for (const bin of [`${SDK}/kubectl.1.27`, `${SDK}/kubectl.1.33`, '/usr/bin/kubectl'].filter(existsSync)) {
    test(`reaches busybox httpd in the pod (${bin.split('/').pop()})`, async () => {
      const port = await freePort();
      const p = spawn(bin, ['port-forward', 'pod/two', `${port}:80`], { env: { PATH: process.env.PATH, HOME: join(server.dataDir, 'home'), KUBECONFIG: server.kubeconfig } });
      let out = '';
      p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      p.stderr.on('data', (d: Buffer) => { out += d.toString(); });
      try {
        const body = await until('the forwarded port to answer', () => httpGet(port, '/hostname'), 15_000).catch((e: Error) => { throw new Error(`${e.message}\n${out}`); });
        assert.equal(body, 'two\n');
        // A second connection over the same port-forward.
        assert.match((await httpGet(port, '/passwd')) ?? '', /^root:x:0:0:/);
      } finally {
        p.kill();
      }
    });
  }
});

describe('nodes/proxy to the kubelet', () => {
  test('stats/summary has CPU and memory for a running pod and its containers', () => {
    const s = getJson<{ node: { nodeName: string; cpu: Record<string, number>; memory: Record<string, number> }; pods: Array<{ podRef: { name: string }; cpu: Record<string, number>; memory: Record<string, number>; containers: Array<{ name: string; cpu: Record<string, number>; memory: Record<string, number> }> }> }>(`/api/v1/nodes/${NODE}/proxy/stats/summary`);
    assert.equal(s.node.nodeName, NODE);
    assert.ok(s.node.memory.workingSetBytes > 0);
    const two = s.pods.find((p) => p.podRef.name === 'two');
    assert.ok(two, 'pod two in the summary');
    assert.ok(two.cpu.usageCoreNanoSeconds > 0);
    assert.equal(typeof two.cpu.usageNanoCores, 'number');
    assert.ok(two.memory.workingSetBytes > 0);
    assert.deepEqual(two.containers.map((c) => c.name), ['main', 'sidecar']);
    for (const c of two.containers) assert.ok(c.cpu.usageCoreNanoSeconds > 0 && c.memory.workingSetBytes > 0, c.name);
  });

  test('healthz, pods and metrics', () => {
    assert.equal(run(['get', '--raw', `/api/v1/nodes/${NODE}/proxy/healthz`]).stdout, 'ok');
    const pods = getJson<{ items: Pod[] }>(`/api/v1/nodes/${NODE}/proxy/pods`);
    assert.ok(pods.items.some((p) => p.metadata?.name === 'two'));
    assert.match(run(['get', '--raw', `/api/v1/nodes/${NODE}/proxy/metrics`]).stdout, /^kubelet_running_pods \d+$/m);
  });

  test('the kubelet refuses callers without the cluster\'s client certificate', async () => {
    const node = getJson<Node>(`/api/v1/nodes/${NODE}`);
    const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
    assert.ok(port, 'the node reports its kubelet port');
    const code = await new Promise<number>((resolve, reject) => {
      https.get({ host: '127.0.0.1', port, path: '/pods', rejectUnauthorized: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject);
    });
    assert.equal(code, 401);
  });
});
