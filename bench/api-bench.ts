// API server benchmark: pod create / get / list / watch-delivery latency and throughput with 8
// concurrent HTTP/2 clients at 1,000 and 10,000 stored pods, plus server RSS, start-up time and
// idle CPU. Prints figures; asserts nothing. Traffic goes to 127.0.0.1 only.
//   node --import tsx bench/api-bench.ts [--pods 1000,10000] [--clients 8] [--warmup 6000] [--server-cpu-prof DIR]
import http2 from 'node:http2';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeconfig } from '../src/client/kubeconfig';

const args = process.argv.slice(2);
const arg = (name: string, def: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
const TARGETS = arg('pods', '1000,10000').split(',').map(Number);
const CLIENTS = Number(arg('clients', '8'));
const WARMUP = Number(arg('warmup', '6000'));
const BIN = join(import.meta.dirname, '..', 'bin', 'k8ts');
// A V8 CPU profile of each server process, written to DIR when it exits.
const PROF_DIR = arg('server-cpu-prof', '');
const SERVER_NODE_ARGS = PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROF_DIR] : [];

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
}

async function launch(dataDir: string): Promise<{ proc: ChildProcess; url: string; ms: number }> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...SERVER_NODE_ARGS, BIN, 'server', '--data-dir', dataDir, '--port', '0', '--disable-agent'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready at (https:\/\/\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1], ms: performance.now() - t0 });
    });
    proc.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}

interface Conn { request(method: string, path: string, body?: unknown, accept?: string): Promise<{ status: number; body: string }>; close(): void }

function connect(url: string, kubeconfig: string): Conn {
  const c = loadKubeconfig(kubeconfig);
  // Flow-control windows as Go's HTTP/2 transport (kubectl, client-go) sets them: 4 MB per stream, 1 GB per connection.
  const session = http2.connect(url, { ca: c.caPem, cert: c.certPem, key: c.keyPem, settings: { initialWindowSize: 4 << 20 } });
  session.on('connect', () => session.setLocalWindowSize(1 << 30));
  session.on('error', () => {});
  return {
    request(method, path, body, accept = 'application/json') {
      return new Promise((resolve, reject) => {
        const headers: http2.OutgoingHttpHeaders = { ':method': method, ':path': path, accept };
        if (body !== undefined) headers['content-type'] = 'application/json';
        const s = session.request(headers);
        let status = 0;
        const chunks: Buffer[] = [];
        s.on('response', (h) => { status = Number(h[':status']); });
        s.on('data', (d: Buffer) => chunks.push(d));
        s.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString() }));
        s.on('error', reject);
        s.end(body === undefined ? undefined : JSON.stringify(body));
      });
    },
    close: () => session.close(),
  };
}

const podBody = (name: string) => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, labels: { app: 'bench', shard: String(name.length % 4) } },
  // No scheduler serves this name: the figures are the API server's own, without scheduling writes.
  spec: { schedulerName: 'bench-unscheduled', containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'], ports: [{ containerPort: 8080 }] }] },
});

/**
 * Times full lists from h2load (nghttp2's C client: one connection, one list at a time), whose own
 * cost is small, to separate the server's time from the client's. Not curl: curl 7.88.1 (Debian 12)
 * stalled ~190 ms at the end of some HTTP/2 bodies of this size (time to first byte as usual, no TCP
 * retransmission in nstat), in 2 to 5 of 10 lists at the 1,000-pod point, where 20 nghttp fetches
 * of the same list at the same point showed no such stall.
 */
function cClientList(url: string, dataDir: string, n: number): number[] | undefined {
  const log = join(dataDir, 'h2load-list.log');
  const r = spawnSync('h2load', ['-n', String(n), '-c', '1', '-m', '1', '-H', `authorization: Bearer ${adminToken(dataDir)}`, '--log-file', log, `${url}/api/v1/namespaces/default/pods`], { encoding: 'utf8' });
  const ok = /(\d+) 2xx/.exec(r.stdout);
  if (r.status !== 0 || Number(ok?.[1]) !== n) return undefined;
  return h2loadLatencies(log);
}

/** The bearer token of the server's first tokens-file entry (the admin's). */
function adminToken(dataDir: string): string {
  return readFileSync(join(dataDir, 'tokens.csv'), 'utf8').split(',')[0];
}

/** Each request's latency in ms from an h2load --log-file (tab-separated; the third column is in us). */
function h2loadLatencies(log: string): number[] {
  return readFileSync(log, 'utf8').trim().split('\n').map((l) => Number(l.split('\t')[2]) / 1000);
}

/** CPU ticks (1/100 s) of this process's children that have been waited for (h2load runs). */
function childTicks(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return Number(f[13]) + Number(f[14]);
}

const hasH2load = spawnSync('h2load', ['--version']).status === 0;

/**
 * The same creates from h2load (nghttp2's C HTTP/2 load generator, 8 connections, one request
 * each at a time), when it is installed: this bench's Node client costs 0.2-0.4 ms of CPU per
 * create on the same two cores, h2load a fraction of that (printed), so this is nearer what the
 * server alone does. Pods get generated names in namespace `ns`, on top of the stored ones; a
 * server that was just restarted gets `warmUp` creates first, unmeasured.
 */
async function h2loadCreates(url: string, dataDir: string, kubeconfig: string, pid: number, stored: number, ns: string, n: number, warmUp: number): Promise<void> {
  const conn = connect(url, kubeconfig);
  await conn.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  conn.close();
  const token = adminToken(dataDir);
  const body = join(dataDir, 'h2load-pod.json');
  const pod = podBody('');
  writeFileSync(body, JSON.stringify({ ...pod, metadata: { generateName: 'h2load-', labels: pod.metadata.labels } }));
  const run = (count: number, log?: string) => spawnSync('h2load', ['-n', String(count), '-c', String(CLIENTS), '-m', '1', '-d', body,
    '-H', 'content-type: application/json', '-H', `authorization: Bearer ${token}`, ...(log ? ['--log-file', log] : []),
    `${url}/api/v1/namespaces/${ns}/pods`], { encoding: 'utf8' });
  if (warmUp > 0) run(warmUp);
  const log = join(dataDir, 'h2load.log');
  const cpu0 = cpuTicks(pid);
  const own0 = childTicks();
  const r = run(n, log);
  const serverCpuMs = (cpuTicks(pid) - cpu0) * 10;
  const h2loadCpuMs = (childTicks() - own0) * 10;
  const rate = /finished in ([\d.]+)m?s, ([\d.]+) req\/s/.exec(r.stdout);
  const codes = /status codes: (\d+) 2xx, \d+ 3xx, (\d+) 4xx, (\d+) 5xx/.exec(r.stdout);
  if (!rate || !codes) { console.log(`h2load failed: ${r.stdout}${r.stderr}`); return; }
  const lat = h2loadLatencies(log);
  console.log(`\n== h2load (C client): ${n} creates${warmUp ? ` after ${warmUp} warm-up` : ''}, ${stored} pods stored before, ${CLIENTS} connections ==`);
  // A 409 is a generated name that was taken (Kubernetes answers the same); counted, not hidden.
  console.log(`create: ${Number(rate[2]).toFixed(0)}/s; p50 ${fmt(pct(lat, 50))}, p99 ${fmt(pct(lat, 99))}; ${codes[1]} created, ${codes[2]} 4xx, ${codes[3]} 5xx; server CPU ${(serverCpuMs / n).toFixed(2)} ms per create, h2load's ${(h2loadCpuMs / n).toFixed(2)} ms`);
}

/** Runs work(conn, i) for i in first..end-1 from every client at once, one request in flight per client. */
async function fromAllClients(conns: Conn[], first: number, end: number, work: (conn: Conn, i: number) => Promise<void>): Promise<void> {
  let next = first;
  await Promise.all(conns.map(async (conn) => { for (let i = next++; i < end; i = next++) await work(conn, i); }));
}

/** Deletes every pod of `ns` one by one from all clients (a bulk delete would deoptimize code the next creates run). */
async function deleteAllPods(conns: Conn[], ns: string): Promise<void> {
  const names = (JSON.parse((await conns[0].request('GET', `/api/v1/namespaces/${ns}/pods`)).body) as { items: Array<{ metadata: { name: string } }> }).items.map((p) => p.metadata.name);
  await fromAllClients(conns, 0, names.length, (conn, i) => deletePod(conn, ns, names[i]));
}

/**
 * Watches the pods of `ns` from now and records, for each ADDED pod whose create began at
 * sentAt.get(name), the time until its event arrived. Returns a function that ends the watch.
 */
async function watchAdded(url: string, kubeconfig: string, lister: Conn, ns: string, sentAt: Map<string, number>, delivery: number[]): Promise<() => void> {
  const c = loadKubeconfig(kubeconfig);
  const wsession = http2.connect(url, { ca: c.caPem, cert: c.certPem, key: c.keyPem });
  const list0 = JSON.parse((await lister.request('GET', `/api/v1/namespaces/${ns}/pods?limit=1`)).body);
  const ws = wsession.request({ ':method': 'GET', ':path': `/api/v1/namespaces/${ns}/pods?watch=true&resourceVersion=${list0.metadata.resourceVersion}` });
  let buf = '';
  ws.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
      // Only the event type and the pod's name (the first "name": metadata's) are needed: read off
      // the text rather than parsing 2.7 KB per event (~25 us of this client's CPU, which shares the
      // two cores with the server).
      const m = /^\{"type":"(\w+)".*?"name":"([\w-]+)"/.exec(line);
      const t = m ? sentAt.get(m[2]) : undefined;
      if (m?.[1] === 'ADDED' && t !== undefined) delivery.push(performance.now() - t);
    }
  });
  return () => { ws.close(); wsession.close(); };
}

/**
 * Creates pods first..end-1 (named by `name`) in `ns` from every client at once, recording each
 * create's start in sentAt and its latency in lat; `after` runs on the same client after each create. The warm-up and the measured phases share this loop, so
 * the client's own code is as warm in the first measured phase as in the last.
 */
async function createPods(conns: Conn[], ns: string, name: (i: number) => string, first: number, end: number, sentAt: Map<string, number>, lat: number[], after?: (conn: Conn, name: string) => Promise<void>): Promise<void> {
  await fromAllClients(conns, first, end, async (conn, i) => {
    const n = name(i);
    const s = performance.now();
    sentAt.set(n, s);
    const r = await conn.request('POST', `/api/v1/namespaces/${ns}/pods`, podBody(n));
    if (r.status !== 201) throw new Error(`create ${ns}/${n}: ${r.status} ${r.body.slice(0, 200)}`);
    lat.push(performance.now() - s);
    await after?.(conn, n);
  });
}

async function deletePod(conn: Conn, ns: string, name: string): Promise<void> {
  const r = await conn.request('DELETE', `/api/v1/namespaces/${ns}/pods/${name}`);
  if (r.status !== 200) throw new Error(`delete ${ns}/${name}: ${r.status} ${r.body.slice(0, 200)}`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'k8ts-bench-'));
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  let { proc, url, ms } = await launch(dataDir);
  console.log(`start-up (empty data dir): ${ms.toFixed(0)} ms to ready`);
  await new Promise((r) => setTimeout(r, 1000));
  console.log(`RSS idle, empty: ${rssMb(proc.pid!).toFixed(1)} MB`);
  const conns = Array.from({ length: CLIENTS }, () => connect(url, kubeconfig));
  const watcher = connect(url, kubeconfig);

  // A running server is warm. V8 (Node 20) optimizes a function that runs once per request only
  // after a few thousand requests (--trace-opt: after 2,000 creates the create path's validation
  // and admission functions were still first optimized inside the 1,000-pod phase), and a bulk
  // delete after creates-only deoptimizes the watch and selector code that then met deleted pods.
  // So the warm-up is a churn in a namespace of its own, watched as the measured creates are:
  // each client creates pods and deletes each one four creates later, and the namespace is empty
  // again before measuring. Its rate is printed too: that is what a freshly started server does.
  if (WARMUP > 0) {
    const ns = 'bench-warmup';
    await conns[0].request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const sentAt = new Map<string, number>();
    const stopWatch = await watchAdded(url, kubeconfig, watcher, ns, sentAt, []);
    const live = new Map<Conn, string[]>(conns.map((c) => [c, []]));
    const t0 = performance.now();
    await createPods(conns, ns, (i) => `warm-${i}`, 0, WARMUP, sentAt, [], async (conn, name) => {
      const mine = live.get(conn)!;
      mine.push(name);
      if (mine.length > 4) await deletePod(conn, ns, mine.shift()!);
    });
    const secs = (performance.now() - t0) / 1000;
    await deleteAllPods(conns, ns);
    await new Promise((r) => setTimeout(r, 500));
    stopWatch();
    console.log(`warm-up, a freshly started server: ${WARMUP} creates and ${WARMUP} deletes in ${secs.toFixed(2)} s, ${(WARMUP / secs).toFixed(0)} creates/s (namespace ${ns}, empty again before measuring)`);
  }

  let created = 0;
  for (const target of TARGETS) {
    // A watch from now: delivery latency = event arrival - create request start.
    const sentAt = new Map<string, number>();
    const delivery: number[] = [];
    const stopWatch = await watchAdded(url, kubeconfig, watcher, 'default', sentAt, delivery);

    const toCreate = target - created;
    const lat: number[] = [];
    const t0 = performance.now();
    const cpu0 = cpuTicks(proc.pid!);
    const clientCpu0 = process.cpuUsage();
    await createPods(conns, 'default', (i) => `bench-${String(i).padStart(6, '0')}`, created, target, sentAt, lat);
    const secs = (performance.now() - t0) / 1000;
    const serverCpuMs = (cpuTicks(proc.pid!) - cpu0) * 10;
    const clientCpu = process.cpuUsage(clientCpu0);
    const clientCpuMs = (clientCpu.user + clientCpu.system) / 1000;
    created = target;
    await new Promise((r) => setTimeout(r, 500));
    stopWatch();
    console.log(`\n== ${target} stored pods (${CLIENTS} concurrent clients) ==`);
    console.log(`create: ${toCreate} in ${secs.toFixed(2)} s = ${(toCreate / secs).toFixed(0)}/s; p50 ${fmt(pct(lat, 50))}, p99 ${fmt(pct(lat, 99))}; server CPU ${(serverCpuMs / toCreate).toFixed(2)} ms per create (${(serverCpuMs / 10 / secs).toFixed(0)}% of a core); this client's ${(clientCpuMs / toCreate).toFixed(2)} ms`);
    console.log(`watch delivery (create start -> ADDED event): p50 ${fmt(pct(delivery, 50))}, p99 ${fmt(pct(delivery, 99))} (${delivery.length} events)`);

    const getLat: number[] = [];
    const g0 = performance.now();
    await fromAllClients(conns, 0, 2000, async (conn) => {
      const name = `bench-${String(Math.floor(Math.random() * target)).padStart(6, '0')}`;
      const s = performance.now();
      const r = await conn.request('GET', `/api/v1/namespaces/default/pods/${name}`);
      if (r.status !== 200) throw new Error(`get ${name}: ${r.status}`);
      getLat.push(performance.now() - s);
    });
    console.log(`get: ${(2000 / ((performance.now() - g0) / 1000)).toFixed(0)}/s; p50 ${fmt(pct(getLat, 50))}, p99 ${fmt(pct(getLat, 99))}`);

    for (const [label, accept] of [['list (JSON)', 'application/json'], ['list (Table, as kubectl get)', 'application/json;as=Table;v=v1;g=meta.k8s.io']] as const) {
      const listLat: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 10; i++) {
        const s = performance.now();
        const r = (await watcher.request('GET', '/api/v1/namespaces/default/pods', undefined, accept)).body;
        bytes = r.length;
        listLat.push(performance.now() - s);
      }
      console.log(`${label} of ${target}: p50 ${fmt(pct(listLat, 50))}, p99 ${fmt(pct(listLat, 99))}, ${(bytes / 1e6).toFixed(1)} MB`);
    }
    const cTimes = hasH2load ? cClientList(url, dataDir, 10) : undefined;
    if (cTimes) console.log(`list (JSON) of ${target} with h2load (a C client): p50 ${fmt(pct(cTimes, 50))}, p99 ${fmt(pct(cTimes, 99))}`);
    console.log(`RSS with ${target} pods, right after the lists: ${rssMb(proc.pid!).toFixed(1)} MB`);
    // The server is warm here: h2load's creates at this count, then its pods go again.
    if (hasH2load) {
      await h2loadCreates(url, dataDir, kubeconfig, proc.pid!, target, `bench-h2load-${target}`, 2000, 0);
      await deleteAllPods(conns, `bench-h2load-${target}`);
    }
  }

  // The first quiet seconds include the server's one collection after the burst (cmd/idle-gc.ts);
  // the next ten are what an idle server spends.
  for (const label of ['first 10 s of quiet', 'next 10 s (idle)']) {
    const t0 = cpuTicks(proc.pid!);
    await new Promise((r) => setTimeout(r, 10_000));
    const ticks = cpuTicks(proc.pid!) - t0;
    console.log(`${label === 'first 10 s of quiet' ? '\n' : ''}CPU over the ${label} with ${created} pods: ${((ticks / 100) / 10 * 100).toFixed(2)} % of one core; RSS then ${rssMb(proc.pid!).toFixed(1)} MB`);
  }

  for (const c of conns) c.close();
  watcher.close();
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
  ({ proc, url, ms } = await launch(dataDir));
  console.log(`start-up with ${created} stored pods: ${ms.toFixed(0)} ms to ready; RSS ${rssMb(proc.pid!).toFixed(1)} MB`);
  // The server was just restarted: a first run compiles the create path.
  if (hasH2load) await h2loadCreates(url, dataDir, kubeconfig, proc.pid!, created, 'bench-h2load', 6000, 2000);
  else console.log('\n(h2load not installed: no C-client figures)');
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
