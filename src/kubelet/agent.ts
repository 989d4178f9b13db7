// The node agent (our kubelet): registers the node, waits for its pod subnet, starts and owns a
// containerd (or uses a given CRI socket), imports the locally built pause image, then runs the
// pods bound to this node through one worker each, noticing runtime changes by relisting.
import { mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { ApiClient, ResourcePath } from '../client/api-client';
import { Informer } from '../client/informer';
import { EventRecorder } from '../client/event-recorder';
import { ContainerdProcess } from './runtime/containerd-process';
import { CriClient } from './runtime/cri-client';
import { containerdLayout } from './runtime/containerd-config';
import { loadRegistries, writeHostsFiles, toCriAuth } from './runtime/registries';
import { buildPauseImage, defaultPauseImageName } from './images/debian-images';
import { importImage } from './images/image-transfer';
import { NodeStatusManager } from './node/node-status-manager';
import { internalIP } from './node/node-facts';
import { PodWorkers } from './pods/pod-workers';
import { Backoff } from './pods/crash-backoff';
import { changedPods, podSignatures } from './pods/runtime-relist';
import { DEFAULT_KUBELET_PORT, startKubeletServer } from './server/kubelet-server';
import { DEFAULT_LOG_ROTATION, type LogRotationPolicy } from './logs/log-rotation';
import { ContainerLogManager } from './logs/container-log-manager';

export interface AgentOptions {
  client: ApiClient;
  nodeName: string;
  dataDir: string;
  nodeIP?: string;
  /** unix:///path of an existing CRI runtime; absent: start our own containerd. */
  containerRuntimeEndpoint?: string;
  /** Linux bridge for pods (one per agent on a machine). */
  bridgeName?: string;
  caPem?: string;
  labels?: Record<string, string>;
  /** Port of the kubelet's HTTPS server; absent: 10250, or a free port when that one is taken. */
  kubeletPort?: number;
  /** k3s-style registries.yaml (mirrors, TLS); read at start. */
  registriesPath?: string;
  /** When container logs are rotated; default 10 MiB, 5 files (the kubelet's). */
  containerLogRotation?: LogRotationPolicy;
  /** Milliseconds between two looks at container log sizes; default 10 s. */
  containerLogMonitorIntervalMs?: number;
}

export interface RunningAgent {
  nodeName: string;
  cri: CriClient;
  containerd?: ContainerdProcess;
  stop(): Promise<void>;
}

const NODES: ResourcePath = { group: '', version: 'v1', resource: 'nodes' };
const PODS: ResourcePath = { group: '', version: 'v1', resource: 'pods' };
const RELIST_MS = 1000;
const ORPHAN_SWEEP_MS = 10_000;

async function waitForPodCidr(client: ApiClient, nodeName: string, timeoutMs = 30_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const node = await client.get<Node>(NODES, nodeName);
    if (node.spec?.podCIDR) return node.spec.podCIDR;
    if (Date.now() > end) throw new Error(`node ${nodeName} got no spec.podCIDR within ${timeoutMs} ms (is the server's node IPAM controller running?)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startAgent(opts: AgentOptions): Promise<RunningAgent> {
  const { client, nodeName } = opts;
  const nodeIP = internalIP(opts.nodeIP);
  const dirs = { runtime: join(opts.dataDir, 'containerd'), pods: join(opts.dataDir, 'pods'), logs: join(opts.dataDir, 'logs'), images: join(opts.dataDir, 'images') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });

  const kubelet = await startKubeletServer({ port: opts.kubeletPort ?? DEFAULT_KUBELET_PORT, anyPortIfTaken: opts.kubeletPort === undefined, nodeName, nodeIPs: [nodeIP], dataDir: opts.dataDir, caPem: opts.caPem });
  const nodeStatus = new NodeStatusManager(client, { nodeName, nodeIP, dataDir: opts.dataDir, labels: opts.labels, kubeletPort: kubelet.port });
  await nodeStatus.register();
  const podCidr = await waitForPodCidr(client, nodeName);

  const registries = loadRegistries(opts.registriesPath ?? join(opts.dataDir, 'registries.yaml'));
  let containerd: ContainerdProcess | undefined;
  let socket: string;
  const pauseImage = defaultPauseImageName();
  if (opts.containerRuntimeEndpoint) {
    socket = opts.containerRuntimeEndpoint.replace(/^unix:\/\//, '');
  } else {
    const runtimeOptions = { dataDir: dirs.runtime, sandboxImage: pauseImage, cni: { bridgeName: opts.bridgeName ?? 'k8ts0', podCidr } };
    // Mirrors and registry TLS take effect through containerd's hosts.toml files.
    writeHostsFiles(containerdLayout(runtimeOptions).registryConfigDir, registries);
    containerd = await ContainerdProcess.start(runtimeOptions);
    socket = containerd.socketPath;
  }
  const cri = new CriClient(socket);
  const version = await cri.version();
  if (!(await cri.imageStatus(pauseImage)).image) {
    const archive = join(dirs.images, 'pause.tar');
    if (!existsSync(archive)) buildPauseImage(archive);
    await importImage(archive, socket);
  }
  await nodeStatus.start(version.runtimeName, version.runtimeVersion);

  const events = new EventRecorder(client, 'kubelet', nodeName);
  const workers = new PodWorkers({
    cri, client, events, nodeName, nodeIP, podsDir: dirs.pods, logsDir: dirs.logs, caPem: opts.caPem,
    backoff: new Backoff(), pullBackoff: new Backoff(), pullErrors: new Map(),
    registryAuth: (host) => toCriAuth(registries.configs?.[host]?.auth),
  });
  const pods = new Informer<Pod>(client, PODS, `fieldSelector=${encodeURIComponent(`spec.nodeName=${nodeName}`)}`);
  pods.addHandlers({
    onAdd: (p) => workers.update(p),
    onUpdate: (p) => workers.update(p),
    onDelete: (p) => workers.remove(p),
  });
  pods.start();
  kubelet.serve({ cri, pods });
  const logs = new ContainerLogManager(cri, opts.containerLogRotation ?? DEFAULT_LOG_ROTATION, opts.containerLogMonitorIntervalMs);
  logs.start();

  // Runtime changes (a container exited, a sandbox stopped or vanished) reach the pod's worker
  // within a relist period.
  let lastSeen = new Map<string, string>();
  const relist = setInterval(() => {
    void Promise.all([cri.listPodSandbox(), cri.listContainers()]).then(([sandboxes, containers]) => {
      const now = podSignatures(sandboxes, containers);
      for (const uid of changedPods(lastSeen, now)) workers.poke(uid);
      lastSeen = now;
    }).catch(() => {});
  }, RELIST_MS);
  const sweep = setInterval(() => {
    void pods.hasSynced.then(async () => {
      for (const uid of await workers.orphans()) await workers.killOrphan(uid);
    }).catch(() => {});
  }, ORPHAN_SWEEP_MS);

  return {
    nodeName, cri, containerd,
    async stop() {
      await kubelet.close();
      await logs.stop();
      clearInterval(relist);
      clearInterval(sweep);
      pods.stop();
      workers.stop();
      nodeStatus.stop();
      cri.close();
      // Pods keep running without containerd's daemon; the next agent adopts them.
      await containerd?.stop();
    },
  };
}
