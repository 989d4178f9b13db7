// Pod start latency: API create -> Running seen through a watch, p50/p99 over N pods (image
// present), side by side with the bare CRI cost of the same pod (RunPodSandbox + CreateContainer +
// StartContainer on the agent's own containerd) and, where podman works on the host, `podman kube
// play` of the same manifest. Also agent-side RSS and idle CPU with 20 running pods.
//   node --import tsx bench/pod-start-bench.ts [--pods 50]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../src/client/api-client';
import { loadKubeconfig } from '../src/client/kubeconfig';
import { CriClient } from '../src/kubelet/runtime/cri-client';
import { buildBusyboxImage, defaultBusyboxImageName } from '../src/kubelet/images/debian-images';
import { importImage } from '../src/kubelet/images/image-transfer';
import { containerdLayout } from '../src/kubelet/runtime/containerd-config';
import { findLeftovers, clearLeftovers } from '../src/kubelet/runtime/runtime-leftovers';

const args = process.argv.slice(2);
const N = Number(args[args.indexOf('--pods') + 1] || 50) || 50;
const BIN = join(import.meta.dirname, '..', 'bin', 'k8ts');
const BRIDGE = 'k8tsbench0';
const IMAGE = defaultBusyboxImageName();
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(0)} ms, p99 ${pct(xs, 99).toFixed(0)} ms (n=${xs.length})`;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const cpuTicks = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return Number(f[11]) + Number(f[12]); };

/** CPU ticks of a process and every process below it (containerd, shims, containers). */
function treeCpuTicks(pid: number): number {
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try { total += cpuTicks(p); } catch { continue; }
    for (const tid of readdirSync(`/proc/${p}/task`)) {
      try { stack.push(...readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number)); } catch { /* gone */ }
    }
  }
  return total;
}

function launch(dataDir: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [BIN, 'server', '--data-dir', dataDir, '--port', '0', '--node-name', 'bench-node', '--pod-bridge', BRIDGE, '--cluster-cidr', '10.93.0.0/16'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => { out += d; const m = /ready at (https:\/\/\S+)/.exec(out); if (m) resolve({ proc, url: m[1] }); });
    proc.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}

const pod = (name: string) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image: IMAGE, imagePullPolicy: 'Never', command: ['sleep', '3600'] }] },
});

async function k8tsStarts(client: ApiClient, n: number, prefix: string): Promise<number[]> {
  const PODS = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };
  const list = await client.list(PODS);
  const sent = new Map<string, number>();
  const running = new Map<string, number>();
  const watch = client.watch<{ metadata: { name: string }; status?: { phase?: string } }>(PODS, `resourceVersion=${list.metadata.resourceVersion}`, (ev) => {
    const name = ev.object.metadata?.name;
    if (ev.object.status?.phase === 'Running' && sent.has(name) && !running.has(name)) running.set(name, performance.now() - sent.get(name)!);
  });
  for (let i = 0; i < n; i++) {
    const name = `${prefix}-${i}`;
    sent.set(name, performance.now());
    await client.create(PODS, pod(name));
    const end = Date.now() + 30_000;
    while (!running.has(name) && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
  }
  watch.stop();
  return [...running.values()];
}

async function criStarts(cri: CriClient, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const sb = { metadata: { name: `cri-${i}`, uid: `cri-bench-${i}`, namespace: 'bench', attempt: 0 }, logDirectory: join(tmpdir(), 'k8ts-cri-bench'), linux: {} };
    const t = performance.now();
    const id = await cri.runPodSandbox(sb);
    const c = await cri.createContainer(id, { metadata: { name: 'main', attempt: 0 }, image: { image: IMAGE }, command: ['sleep', '3600'], logPath: `main-${i}.log` }, sb);
    await cri.startContainer(c);
    out.push(performance.now() - t);
    await cri.stopPodSandbox(id);
    await cri.removePodSandbox(id);
  }
  return out;
}

function podmanStarts(n: number, archive: string): number[] | string {
  if (spawnSync('podman', ['--version']).status !== 0) return 'podman not installed';
  spawnSync('podman', ['load', '-i', archive]);
  const manifest = join(tmpdir(), 'k8ts-podman-bench.yaml');
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    writeFileSync(manifest, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pm-${i}\nspec:\n  containers:\n  - name: main\n    image: ${IMAGE}\n    command: ["sleep", "3600"]\n`);
    const t = performance.now();
    const r = spawnSync('podman', ['kube', 'play', manifest], { encoding: 'utf8' });
    const ms = performance.now() - t;
    spawnSync('podman', ['kube', 'down', manifest]);
    if (r.status !== 0) return `podman kube play fails on this host: ${(r.stderr || '').split('\n').find((l) => l.includes('runc')) ?? r.stderr.trim().split('\n').pop()}`;
    out.push(ms);
  }
  return out;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'k8ts-podbench-'));
  const { proc, url } = await launch(dataDir);
  const socket = join(dataDir, 'agent/containerd/containerd.sock');
  const archive = join(dataDir, 'busybox.tar');
  buildBusyboxImage(archive);
  await importImage(archive, socket);
  const client = new ApiClient(loadKubeconfig(join(dataDir, 'kubeconfig.yaml')), 'pod-start-bench');
  void url;
  try {
    await k8tsStarts(client, 3, 'warm');
    const k = await k8tsStarts(client, N, 'bench');
    console.log(`k8ts: API create -> Running (watch): ${fmt(k)}`);
    const cri = new CriClient(socket);
    const c = await criStarts(cri, Math.min(N, 20));
    console.log(`bare CRI (sandbox + create + start): ${fmt(c)}`);
    console.log(`k8ts overhead over bare CRI at p50: ${(pct(k, 50) - pct(c, 50)).toFixed(0)} ms (ratio ${(pct(k, 50) / pct(c, 50)).toFixed(2)})`);
    const pm = podmanStarts(Math.min(N, 10), archive);
    console.log(typeof pm === 'string' ? `podman: ${pm}` : `podman kube play: ${fmt(pm)}; k8ts/podman p50 ratio ${(pct(k, 50) / pct(pm, 50)).toFixed(2)}`);
    // Idle with 20 running pods.
    const PODS = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };
    const all = await client.list<{ metadata: { name: string } }>(PODS);
    for (const p of all.items.slice(20)) await client.delete(PODS, p.metadata.name, { gracePeriodSeconds: 0 });
    await new Promise((r) => setTimeout(r, 5000));
    const t0 = cpuTicks(proc.pid!);
    const tree0 = treeCpuTicks(proc.pid!);
    await new Promise((r) => setTimeout(r, 10_000));
    console.log(`server+agent process with 20 running pods: RSS ${rssMb(proc.pid!).toFixed(0)} MB, idle CPU ${(((cpuTicks(proc.pid!) - t0) / 100) / 10 * 100).toFixed(1)} % of a core`);
    console.log(`  with its containerd, shims and pods: idle CPU ${(((treeCpuTicks(proc.pid!) - tree0) / 100) / 10 * 100).toFixed(1)} % of a core`);
    cri.close();
  } finally {
    const PODS = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };
    for (const p of (await client.list<{ metadata: { name: string } }>(PODS)).items) await client.delete(PODS, p.metadata.name, { gracePeriodSeconds: 0 }).catch(() => {});
    await new Promise((r) => setTimeout(r, 3000));
    client.close();
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
    clearLeftovers(findLeftovers(containerdLayout({ dataDir: join(dataDir, 'agent/containerd'), sandboxImage: 'x', cni: { bridgeName: BRIDGE, podCidr: '10.93.0.0/24' } }), BRIDGE));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
