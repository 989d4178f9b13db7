// Exec round trip: `true` in a running container, from the request until the exit status is in,
// through each path a client can take, next to the bare CRI cost (ExecSync, and Exec plus SPDY
// straight to containerd's streaming server). Also `kubectl exec` wall time, process start
// included; log-follow latency (a line written in the container to the line read through
// pods/log?follow); and delete-to-gone for a pod that exits on SIGTERM.
// Prints figures; asserts nothing. Traffic goes to 127.0.0.1 only.
//   node --import tsx bench/exec-bench.ts [--n 50]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiClient } from '../src/client/api-client';
import { loadKubeconfig, type Connection } from '../src/client/kubeconfig';
import { CriClient } from '../src/kubelet/runtime/cri-client';
import { buildBusyboxImage, defaultBusyboxImageName } from '../src/kubelet/images/debian-images';
import { importImage } from '../src/kubelet/images/image-transfer';
import { containerdLayout } from '../src/kubelet/runtime/containerd-config';
import { clearLeftovers, findLeftovers } from '../src/kubelet/runtime/runtime-leftovers';
import { requestUpgrade, type UpstreamTarget } from '../src/streaming/upgrade-relay';
import { SpdyClientSession } from '../src/streaming/spdy-client';

const args = process.argv.slice(2);
const N = Number(args[args.indexOf('--n') + 1] || 50) || 50;
const BIN = join(import.meta.dirname, '..', 'bin', 'k8ts');
const BRIDGE = 'k8tsexecb0';
const CIDR = '10.94.0.0/16';
const SDK = '/usr/lib/google-cloud-sdk/bin';
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (xs: number[]) => `median ${pct(xs, 50).toFixed(1)} ms, p90 ${pct(xs, 90).toFixed(1)} ms (n=${xs.length})`;

function launch(dataDir: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [BIN, 'server', '--data-dir', dataDir, '--port', '0', '--node-name', 'exec-bench', '--node-ip', '127.0.0.1',
    '--kubelet-port', '0', '--pod-bridge', BRIDGE, '--cluster-cidr', CIDR], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => { out += d; const m = /ready at (https:\/\/\S+)/.exec(out); if (m) resolve({ proc, url: m[1] }); });
    proc.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}

async function time(n: number, once: () => Promise<void>): Promise<number[]> {
  await once(); // warm-up: connections, JIT
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await once();
    out.push(performance.now() - t0);
  }
  return out;
}

/** One exec of `true` over SPDY (v4) on an upgraded connection; resolves with the error stream's Status. */
async function spdyExec(target: UpstreamTarget, method: string): Promise<string> {
  const up = await requestUpgrade(target, method, { connection: 'Upgrade', upgrade: 'SPDY/3.1', 'x-stream-protocol-version': 'v4.channel.k8s.io' });
  if (!up.upgraded) throw new Error(`no upgrade: ${up.response.statusCode} ${up.body.toString()}`);
  const session = new SpdyClientSession(up.socket, up.head);
  const error = await session.openStream({ streamtype: 'error' });
  const stdout = await session.openStream({ streamtype: 'stdout' });
  stdout.resume();
  let status = '';
  error.on('data', (d: Buffer) => { status += d.toString(); });
  await new Promise<void>((resolve) => error.on('end', resolve));
  session.close();
  return status;
}

function wsExec(conn: Connection, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${conn.server.replace(/^https/, 'wss')}${path}`, ['v5.channel.k8s.io'], { ca: conn.caPem, cert: conn.certPem, key: conn.keyPem });
    ws.on('close', () => resolve());
    ws.on('error', reject);
  });
}

const PODS_NS = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };

async function waitRunning(client: ApiClient, name: string): Promise<void> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    const pod = await client.get<Pod>(PODS_NS, name);
    if (pod.status?.phase === 'Running') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`pod ${name} did not start`);
}

/**
 * A container prints the kernel's uptime (/proc/uptime: the same clock inside and outside the pod,
 * at 10 ms resolution) every 200 ms; the latency is our uptime at arrival minus the printed one.
 */
async function followLatency(client: ApiClient, conn: Connection, lines: number): Promise<number[]> {
  await client.create(PODS_NS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ticker' }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image: defaultBusyboxImageName(), imagePullPolicy: 'Never', command: ['sh', '-c', 'while true; do cut -d" " -f1 /proc/uptime; sleep 0.2; done'] }] } });
  await waitRunning(client, 'ticker');
  const out: number[] = [];
  await new Promise<void>((resolve, reject) => {
    const u = new URL('/api/v1/namespaces/default/pods/ticker/log?follow=true&sinceSeconds=1', conn.server);
    const req = httpsRequest({ hostname: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, ca: conn.caPem, cert: conn.certPem, key: conn.keyPem }, (res) => {
      let buf = '';
      res.on('data', (d: Buffer) => {
        const now = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (/^\d+\.\d{2}$/.test(line)) out.push((now - Number(line)) * 1000);
          if (out.length >= lines) { req.destroy(); resolve(); return; }
        }
      });
      res.on('error', () => resolve());
    });
    req.on('error', (e) => (out.length >= lines ? resolve() : reject(e)));
    req.end();
  });
  await client.delete(PODS_NS, 'ticker', { gracePeriodSeconds: 0 });
  return out.slice(3); // the first lines may predate the request (sinceSeconds)
}

/** DELETE of a running pod whose process exits on SIGTERM, until GET answers 404. */
async function deleteToGone(client: ApiClient, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const name = `graceful-${i}`;
    await client.create(PODS_NS, { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'main', image: defaultBusyboxImageName(), imagePullPolicy: 'Never', command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.1; done'] }] } });
    await waitRunning(client, name);
    const t0 = performance.now();
    await client.delete(PODS_NS, name);
    for (;;) {
      const gone = await client.get(PODS_NS, name).then(() => false, () => true);
      if (gone) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    out.push(performance.now() - t0);
  }
  return out;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'k8ts-exec-bench-'));
  const { proc } = await launch(dataDir);
  const socket = join(dataDir, 'agent/containerd/containerd.sock');
  const cri = new CriClient(socket);
  try {
    const archive = join(dataDir, 'busybox.tar');
    buildBusyboxImage(archive);
    await importImage(archive, socket);
    const kubeconfig = join(dataDir, 'kubeconfig.yaml');
    const conn = loadKubeconfig(kubeconfig);
    const client = new ApiClient(conn);
    const PODS = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };
    await client.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bench' }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image: defaultBusyboxImageName(), imagePullPolicy: 'Never', command: ['sleep', '3600'] }] } });
    const end = Date.now() + 60_000;
    let id = '';
    while (!id && Date.now() < end) {
      const pod = await client.get<Pod>(PODS, 'bench');
      const cs = pod.status?.containerStatuses?.[0];
      if (cs?.state?.running && cs.containerID) id = cs.containerID.replace(/^containerd:\/\//, '');
      else await new Promise((r) => setTimeout(r, 100));
    }
    if (!id) throw new Error('the pod did not start');

    console.log(`exec \`true\` in a running container, ${N} times each`);
    console.log(`  CRI ExecSync:                                  ${fmt(await time(N, async () => { await cri.execSync(id, ['true'], 10); }))}`);
    console.log(`  CRI Exec + SPDY to containerd:                 ${fmt(await time(N, async () => {
      const url = new URL(await cri.exec({ containerId: id, cmd: ['true'], stdout: true }));
      await spdyExec({ url }, 'POST');
    }))}`);
    const path = '/api/v1/namespaces/default/pods/bench/exec?command=true&container=main&stdout=true';
    const apiTarget: UpstreamTarget = { url: new URL(path, conn.server), tls: { ca: conn.caPem, cert: conn.certPem, key: conn.keyPem } };
    console.log(`  API server, SPDY (kubectl <= 1.29):            ${fmt(await time(N, async () => { await spdyExec(apiTarget, 'POST'); }))}`);
    console.log(`  API server, WebSocket v5 (kubectl 1.30+):      ${fmt(await time(N, () => wsExec(conn, path)))}`);
    const home = join(dataDir, 'home');
    for (const bin of [`${SDK}/kubectl.1.27`, `${SDK}/kubectl.1.33`].filter(existsSync)) {
      const kn = Math.min(N, 10);
      const xs = await time(kn, async () => {
        const r = spawnSync(bin, ['exec', 'bench', '--', 'true'], { env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: kubeconfig } });
        if (r.status !== 0) throw new Error(`${bin} exec: ${r.stderr}`);
      });
      console.log(`  ${bin.split('/').pop()} exec (process included):       ${fmt(xs)}`);
    }
    console.log(`  log follow, line written -> line read:        ${fmt(await followLatency(client, conn, 25))}`);
    console.log(`  delete -> gone, pod that exits on SIGTERM:     ${fmt(await deleteToGone(client, 5))}`);
    client.close();
  } finally {
    cri.close();
    // Pods are left to the agent's teardown below: stop the server, then clear what containerd leaves.
    await new Promise<void>((resolve) => { proc.once('exit', () => resolve()); proc.kill('SIGTERM'); });
    const layout = containerdLayout({ dataDir: join(dataDir, 'agent/containerd'), sandboxImage: 'unused', cni: { bridgeName: BRIDGE, podCidr: CIDR } });
    clearLeftovers(findLeftovers(layout, BRIDGE));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
