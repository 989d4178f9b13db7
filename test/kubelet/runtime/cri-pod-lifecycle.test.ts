// A pod's whole life through the CRI client against a real containerd: sandbox with networking,
// a busybox container serving HTTP to the node, exec, streaming URLs, stats, logs, exit codes,
// teardown, and a containerd stop that leaves nothing running.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isNotFound } from '../../../src/kubelet/runtime/cri-client';
import { findLeftovers } from '../../../src/kubelet/runtime/runtime-leftovers';
import { podSubnetMasqueradeRules } from '../../../src/kubelet/runtime/cni-iptables';
import type { ContainerConfig, PodSandboxConfig } from '../../../src/kubelet/runtime/cri-types';
import { freePort } from './local-registry';
import { startTestRuntime, type TestRuntime } from './runtime-fixture';

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

function inCidr(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  const toInt = (a: string): number => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const mask = 2 ** 32 - 2 ** (32 - Number(bits));
  return (toInt(ip) & mask) >>> 0 === (toInt(net!) & mask) >>> 0;
}

describe('CRI against a real containerd', () => {
  let rt: TestRuntime;
  let sandboxConfig: PodSandboxConfig;
  let sandboxId = '';
  let webId = '';
  let podIp = '';
  let hostPort = 0;

  before(async () => {
    rt = await startTestRuntime();
    hostPort = await freePort();
  });
  after(async () => { if (rt) await rt.stop(); });

  it('containerd answers Version and reports the runtime and the network ready', async (t) => {
    t.diagnostic(`containerd start to CRI ready: ${rt.containerd.readyMs.toFixed(0)} ms; image import (both): ${rt.importMs.toFixed(0)} ms`);
    assert.equal(rt.containerd.version.runtimeName, 'containerd');
    assert.equal(rt.containerd.version.runtimeApiVersion, 'v1');
    const status = await rt.cri.status();
    const conditions = Object.fromEntries((status.status?.conditions ?? []).map((c) => [c.type, c.status]));
    assert.deepEqual(conditions, { RuntimeReady: true, NetworkReady: true });
    await rt.cri.updateRuntimeConfig(rt.options.cni.podCidr);
  });

  it('the image service shows the imported images under the ids the builder computed', async () => {
    const images = await rt.cri.listImages();
    const byTag = new Map(images.flatMap((i) => i.repoTags.map((tag) => [tag, i.id] as const)));
    assert.equal(byTag.get(rt.pause.names[0]!), rt.pause.imageId);
    assert.equal(byTag.get(rt.busybox.names[0]!), rt.busybox.imageId);
    const status = await rt.cri.imageStatus(rt.busybox.names[0]!);
    assert.equal(status.image?.id, rt.busybox.imageId);
    assert.equal((await rt.cri.imageStatus('k8ts.local/absent:1')).image, undefined);
    const fs = await rt.cri.imageFsInfo();
    assert.ok(fs.imageFilesystems[0]?.fsId?.mountpoint.startsWith(rt.containerd.layout.rootDir));
  });

  it('a sandbox gets an IP from the pod CIDR and its busybox container serves HTTP to the node', async (t) => {
    sandboxConfig = { ...rt.sandboxConfig('web-pod'), portMappings: [{ protocol: 'TCP', containerPort: 80, hostPort }] };
    const t0 = performance.now();
    sandboxId = await rt.cri.runPodSandbox(sandboxConfig);
    const t1 = performance.now();
    const web: ContainerConfig = {
      metadata: { name: 'web' },
      image: { image: rt.busybox.names[0]! },
      // /etc/hostname is the pod's hostname, written by containerd: a page that proves where it came from.
      command: ['httpd', '-f', '-p', '80', '-h', '/etc'],
      logPath: 'web/0.log',
      labels: { 'k8ts.test/role': 'web' },
    };
    webId = await rt.cri.createContainer(sandboxId, web, sandboxConfig);
    const t2 = performance.now();
    await rt.cri.startContainer(webId);
    const t3 = performance.now();
    t.diagnostic(`RunPodSandbox ${(t1 - t0).toFixed(0)} ms, CreateContainer ${(t2 - t1).toFixed(0)} ms, StartContainer ${(t3 - t2).toFixed(0)} ms, sandbox + container ${(t3 - t0).toFixed(0)} ms`);

    const status = await rt.cri.podSandboxStatus(sandboxId);
    assert.equal(status.status?.state, 'SANDBOX_READY');
    assert.equal(status.status?.metadata?.name, 'web-pod');
    podIp = status.status?.network?.ip ?? '';
    assert.ok(inCidr(podIp, rt.options.cni.podCidr), `pod IP ${podIp} is in ${rt.options.cni.podCidr}`);

    const container = await rt.cri.containerStatus(webId);
    assert.equal(container.status?.state, 'CONTAINER_RUNNING');
    assert.equal(container.status?.imageRef, rt.busybox.imageId);
    assert.ok((container.status?.startedAt ?? 0) > 0);

    const listed = await rt.cri.listContainers({ podSandboxId: sandboxId, labelSelector: { 'k8ts.test/role': 'web' } });
    assert.deepEqual(listed.map((c) => [c.id, c.state]), [[webId, 'CONTAINER_RUNNING']]);

    let page: { status: number; body: string } | undefined;
    for (let i = 0; i < 50 && !page; i++) {
      page = await httpGet(`http://${podIp}/hostname`).catch(async () => { await sleep(20); return undefined; });
    }
    assert.deepEqual(page, { status: 200, body: 'web-pod\n' });
  });

  it('a hostPort reaches the container from the node on 127.0.0.1 (portmap)', async () => {
    assert.deepEqual(await httpGet(`http://127.0.0.1:${hostPort}/hostname`), { status: 200, body: 'web-pod\n' });
  });

  it('ExecSync runs commands in the container, with their output and exit code', async (t) => {
    const t0 = performance.now();
    const hostname = await rt.cri.execSync(webId, ['hostname'], 10);
    t.diagnostic(`ExecSync: ${(performance.now() - t0).toFixed(0)} ms`);
    assert.deepEqual([hostname.stdout.toString(), hostname.exitCode], ['web-pod\n', 0]);

    // `lo` is up in the pod (loopback plugin), so a container reaches its pod's servers on 127.0.0.1.
    const local = await rt.cri.execSync(webId, ['wget', '-q', '-O', '-', 'http://127.0.0.1/hostname'], 10);
    assert.deepEqual([local.stdout.toString(), local.exitCode], ['web-pod\n', 0]);

    const failing = await rt.cri.execSync(webId, ['sh', '-c', 'echo oops >&2; exit 7'], 10);
    assert.deepEqual([failing.stdout.toString(), failing.stderr.toString(), failing.exitCode], ['', 'oops\n', 7]);
  });

  it('Exec, Attach and PortForward hand out URLs on the streaming server', async () => {
    const urls = [
      await rt.cri.exec({ containerId: webId, cmd: ['sh'], stdin: true, stdout: true, stderr: true }),
      await rt.cri.attach({ containerId: webId, stdout: true, stderr: true }),
      await rt.cri.portForward(sandboxId, [80]),
    ];
    for (const url of urls) assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/(exec|attach|portforward)\/[\w-]+$/);
  });

  it('ContainerStats and ListContainerStats report the running container', async () => {
    const stats = await rt.cri.containerStats(webId);
    assert.equal(stats?.attributes?.id, webId);
    assert.ok((stats?.memory?.workingSetBytes?.value ?? 0) > 0, 'working set is measured');
    const all = await rt.cri.listContainerStats({ podSandboxId: sandboxId });
    assert.deepEqual(all.map((s) => s.attributes?.id), [webId]);
  });

  it('a container that exits reports its exit code, and its output is in the CRI log file', async () => {
    const config: ContainerConfig = {
      metadata: { name: 'job' },
      image: { image: rt.busybox.names[0]! },
      command: ['sh', '-c', 'echo bye; exit 3'],
      logPath: 'job/0.log',
    };
    const id = await rt.cri.createContainer(sandboxId, config, sandboxConfig);
    await rt.cri.startContainer(id);
    let status = (await rt.cri.containerStatus(id)).status;
    for (let i = 0; i < 250 && status?.state !== 'CONTAINER_EXITED'; i++) {
      await sleep(20);
      status = (await rt.cri.containerStatus(id)).status;
    }
    assert.equal(status?.state, 'CONTAINER_EXITED');
    assert.equal(status?.exitCode, 3);
    assert.equal(status?.reason, 'Error');
    // Not compared with startedAt: containerd stamps that after the task started, and a process
    // this short may already have exited (finishedAt) by then.
    assert.ok((status?.finishedAt ?? 0) > 0);
    // CRI log lines: `<RFC3339Nano timestamp> <stream> <F|P> <text>`.
    const log = readFileSync(join(sandboxConfig.logDirectory!, 'job/0.log'), 'utf8');
    assert.match(log, /^\S+ stdout F bye\n$/);
    await rt.cri.removeContainer(id);
    assert.ok(isNotFound(await rt.cri.containerStatus(id).then(() => undefined, (e: unknown) => e)));
  });

  it('calls on ids the runtime does not know fail with NOT_FOUND', async () => {
    const err = await rt.cri.podSandboxStatus('0123456789abcdef').then(() => undefined, (e: unknown) => e);
    assert.ok(isNotFound(err), `got ${String(err)}`);
  });

  it('stopping and removing the sandbox removes its containers, its IP lease and its iptables rules', async (t) => {
    const t0 = performance.now();
    await rt.cri.stopContainer(webId, 0);
    await rt.cri.stopPodSandbox(sandboxId);
    await rt.cri.removePodSandbox(sandboxId);
    t.diagnostic(`StopContainer + StopPodSandbox + RemovePodSandbox: ${(performance.now() - t0).toFixed(0)} ms`);
    assert.deepEqual(await rt.cri.listPodSandbox(), []);
    assert.deepEqual(await rt.cri.listContainers(), []);
    const leftovers = findLeftovers(rt.containerd.layout, rt.options.cni.bridgeName);
    // What stays while containerd runs is the pod subnet's masquerade (three rules, none per pod).
    const subnet = podSubnetMasqueradeRules(rt.containerd.layout.networkName, leftovers.iptablesRules);
    assert.equal(subnet.length, 3);
    assert.deepEqual([leftovers.ipamLeases, leftovers.cniResults, leftovers.iptablesRules.filter((r) => !subnet.includes(r))], [[], [], []]);
  });

  it('stopping containerd after the pods are gone leaves no process, mount, socket or CNI cache', async (t) => {
    const report = await rt.stop();
    t.diagnostic(`containerd stop: ${report.durationMs.toFixed(0)} ms, ${JSON.stringify(report)}`);
    assert.equal(report.killed, false);
    assert.equal(report.code, 0);
    assert.deepEqual(report.leftovers.processes, []);
    assert.deepEqual(report.leftovers.mounts, []);
    assert.deepEqual(report.leftovers.cniResults, []);
    assert.deepEqual(report.leftovers.ipamLeases, []);
    assert.deepEqual(report.leftovers.iptablesRules, []);
    // containerd 1.6 removes its gRPC socket on exit but not its ttrpc socket.
    assert.deepEqual(report.leftovers.sockets.filter((s) => s === rt.containerd.layout.socketPath), []);
  });
});
