// End-to-end harness for the node agent: a `k8ts server` WITH its in-process agent, on its own
// bridge, pod range and node name so that test files do not clash, with the busybox image imported
// into the agent's containerd; kubectl run asynchronously (tests of one file run concurrently); a
// CRI client on the agent's socket for looking behind kubectl; and a teardown that removes every
// sandbox through CRI before the server stops and clears whatever is left, so that nothing of a
// pod (shims, mounts, bind-mounted host directories) outlives the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpsRequest } from 'node:https';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBusyboxImage, defaultBusyboxImageName } from '../../src/kubelet/images/debian-images';
import { importImage } from '../../src/kubelet/images/image-transfer';
import { CriClient } from '../../src/kubelet/runtime/cri-client';
import { containerdLayout } from '../../src/kubelet/runtime/containerd-config';
import { clearLeftovers, findLeftovers } from '../../src/kubelet/runtime/runtime-leftovers';
import type { Container, ContainerStatus, Pod, PodSpec } from 'kubernetes-types/core/v1';
import { loadKubeconfig, type Connection } from '../../src/client/kubeconfig';
import { startServer, type RunResult, type Server } from './harness';

export const BUSYBOX = defaultBusyboxImageName();

export interface AgentCluster {
  server: Server;
  nodeName: string;
  /** CRI on the agent's containerd (reconnects by itself after a restart). */
  cri: CriClient;
  /** The pod in namespace default as the API has it, or undefined once it is gone. */
  pod(name: string): Promise<Pod | undefined>;
  /** The pod's row as the server computes it for `kubectl get po` (cells joined by spaces), or undefined once it is gone. */
  podRow(name: string): Promise<string | undefined>;
  /** Stops the server (and so the agent and its containerd; pods keep running) and starts it again on the same data dir. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface AgentClusterOptions {
  /** Node name, also used for the bridge (`k8<name>`, at most 15 characters). */
  name: string;
  /** The second octet of this cluster's 10.X.0.0/16 pod range; unique per test file. */
  octet: number;
  /** More `k8ts server` flags for the agent, e.g. ['--container-log-max-size', '64Ki']. */
  agentFlags?: string[];
}

let archivePath: string | undefined;

/** The busybox image archive (an OCI archive holding BUSYBOX), built once per test process. */
export function busyboxArchive(): string {
  if (!archivePath || !existsSync(archivePath)) {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-e2e-img-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    archivePath = join(dir, 'busybox.tar');
    buildBusyboxImage(archivePath);
  }
  return archivePath;
}

function stopProcess(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) { resolve(); return; }
    proc.removeAllListeners('exit');
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}

export async function startAgentCluster(opts: AgentClusterOptions): Promise<AgentCluster> {
  const bridge = `k8${opts.name}`.slice(0, 15);
  const flags = ['--node-name', opts.name, '--pod-bridge', bridge, '--cluster-cidr', `10.${opts.octet}.0.0/16`, ...(opts.agentFlags ?? [])];
  const dataDir = mkdtempSync(join(tmpdir(), 'k8ts-lc-'));
  const server = await startServer({ agentFlags: flags }, dataDir);
  const socket = join(dataDir, 'agent/containerd/containerd.sock');
  await importImage(busyboxArchive(), socket);
  let conn = loadKubeconfig(server.kubeconfig);
  const cluster: AgentCluster = {
    server, nodeName: opts.name,
    cri: new CriClient(socket),
    pod: async (name) => {
      const r = await apiGet(conn, `/api/v1/namespaces/default/pods/${name}`, 'application/json');
      return r ? JSON.parse(r) as Pod : undefined;
    },
    podRow: async (name) => {
      const r = await apiGet(conn, `/api/v1/namespaces/default/pods/${name}`, 'application/json;as=Table;v=v1;g=meta.k8s.io');
      return r ? (JSON.parse(r) as { rows: Array<{ cells: unknown[] }> }).rows[0]?.cells.join('   ') : undefined;
    },
    async restart() {
      await server.restart();
      agents.get(conn)?.destroy();
      conn = loadKubeconfig(server.kubeconfig);
    },
    async stop() {
      // Pods first, through CRI, while containerd still runs: their mounts go with them.
      try {
        for (const s of await cluster.cri.listPodSandbox()) {
          await cluster.cri.stopPodSandbox(s.id).catch(() => {});
          await cluster.cri.removePodSandbox(s.id).catch(() => {});
        }
      } finally {
        cluster.cri.close();
        agents.get(conn)?.destroy();
        await stopProcess(server.proc);
        const layout = containerdLayout({ dataDir: join(dataDir, 'agent/containerd'), sandboxImage: 'unused', cni: { bridgeName: bridge, podCidr: `10.${opts.octet}.0.0/24` } });
        clearLeftovers(findLeftovers(layout, bridge));
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}

const agents = new WeakMap<Connection, Agent>();

/** One GET with the admin credentials (over a kept-alive connection); the body, or undefined on 404. */
function apiGet(conn: Connection, path: string, accept: string): Promise<string | undefined> {
  const base = new URL(conn.server);
  let agent = agents.get(conn);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: 4, ca: conn.caPem, cert: conn.certPem, key: conn.keyPem });
    agents.set(conn, agent);
  }
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      hostname: base.hostname, port: base.port, path, headers: { Accept: accept, ...(conn.token ? { Authorization: `Bearer ${conn.token}` } : {}) },
      agent, timeout: 10_000,
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => {
        if (res.statusCode === 404) resolve(undefined);
        else if ((res.statusCode ?? 500) >= 400) reject(new Error(`GET ${path}: HTTP ${res.statusCode}: ${body}`));
        else resolve(body);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** kubectl without blocking the event loop, so that tests of one file can run side by side. */
export function kubectlAsync(server: Server, args: string[], input?: string): Promise<RunResult> {
  return commandAsync(server, ['/usr/bin/kubectl'], args, input);
}

/** A kubectl-like command (`command` then `args`) against the server, without blocking the event loop. */
export function commandAsync(server: Server, command: string[], args: string[], input?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const p = spawn(command[0], [...command.slice(1), ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(server.dataDir, 'home'), KUBECONFIG: server.kubeconfig },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    if (input !== undefined) p.stdin!.end(input);
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('close', (code) => { clearTimeout(timer); resolve({ code: code ?? -1, stdout, stderr }); });
  });
}

export async function kubectlAsyncOk(server: Server, args: string[], input?: string): Promise<string> {
  const r = await kubectlAsync(server, args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

/** kubectl apply of a manifest given as YAML text. */
export function applyYaml(server: Server, yaml: string): Promise<string> {
  const file = join(server.dataDir, `manifest-${process.hrtime.bigint()}.yaml`);
  writeFileSync(file, yaml);
  return kubectlAsyncOk(server, ['apply', '-f', file]);
}

/**
 * Polls `check` every 200 ms until it holds; fails after `timeoutMs` saying what was awaited. The
 * default is generous: these machines are shared, and a busy one makes containerd slow.
 */
export async function until<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function containerStatus(pod: Pod | undefined, name: string): ContainerStatus | undefined {
  return [...(pod?.status?.containerStatuses ?? []), ...(pod?.status?.initContainerStatuses ?? [])].find((c) => c.name === name);
}

/** The CRI id of a container of the pod, from its status (`containerd://ID`). */
export function criId(pod: Pod | undefined, name: string): string | undefined {
  return containerStatus(pod, name)?.containerID?.replace(/^containerd:\/\//, '');
}

/** The pod's line in the real `kubectl get po` (NAME READY STATUS RESTARTS AGE), or undefined once it is gone. */
export async function kubectlPodLine(server: Server, name: string): Promise<string | undefined> {
  const r = await kubectlAsync(server, ['get', 'po', name, '--no-headers']);
  if (r.code !== 0) {
    if (/NotFound/.test(r.stderr)) return undefined;
    throw new Error(`kubectl get po ${name}: ${r.stderr}`);
  }
  return r.stdout.trim();
}

/** Waits (polling the API, which is cheap) until the pod's table row matches `pattern`; returns the row. */
export function untilPodRow(cluster: AgentCluster, name: string, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return until(async () => {
    const row = await cluster.podRow(name);
    return row !== undefined && pattern.test(row) ? row : undefined;
  }, `pod ${name} to show ${pattern}`, timeoutMs);
}

/** Runs a command in a container of a pod through CRI; fails unless it exits 0; returns its stdout. */
export async function execIn(cluster: AgentCluster, pod: string, container: string, cmd: string[]): Promise<string> {
  const id = criId(await cluster.pod(pod), container);
  if (!id) throw new Error(`${pod}/${container} has no container id yet`);
  const r = await cluster.cri.execSync(id, cmd, 5);
  if (r.exitCode !== 0) throw new Error(`${cmd.join(' ')} in ${pod}/${container} exited ${r.exitCode}: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

/** Waits until the pod is gone from the API. */
export function untilGone(cluster: AgentCluster, name: string, timeoutMs = 60_000): Promise<true> {
  return until(async () => (await cluster.pod(name)) === undefined, `pod ${name} to be gone`, timeoutMs);
}

/** The Events section of `kubectl describe pod`. */
export async function describedEvents(server: Server, name: string): Promise<string> {
  const text = await kubectlAsyncOk(server, ['describe', 'pod', name]);
  return text.slice(text.indexOf('Events:'));
}

/** A Pod manifest (JSON is YAML) running busybox from the node's image store. */
export function podManifest(name: string, spec: Omit<PodSpec, 'containers'> & { containers: Array<Partial<Container> & { name: string }> }): string {
  const pod: Pod = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { ...spec, containers: spec.containers.map((c) => ({ image: BUSYBOX, imagePullPolicy: 'Never', ...c })) as Container[] },
  };
  if (spec.initContainers) pod.spec!.initContainers = spec.initContainers.map((c) => ({ ...c, image: c.image ?? BUSYBOX, imagePullPolicy: c.imagePullPolicy ?? 'Never' }));
  return JSON.stringify(pod);
}
