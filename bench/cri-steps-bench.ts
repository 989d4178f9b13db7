// Each CRI call of a pod's start and teardown timed on its own, against a private containerd
// started with the agent's configuration (ContainerdProcess): RunPodSandbox (network included),
// CreateContainer, StartContainer, StopPodSandbox, RemovePodSandbox; medians and p99 over N pods
// (one busybox container each, started one after the other, the first two not counted).
// `--debug` runs containerd at debug level and keeps its log (timestamps of CNI setup, shim
// start, task create/start) in the printed directory; delete it afterwards.
//   node --import tsx bench/cri-steps-bench.ts [--pods 20] [--debug]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBusyboxImage, buildPauseImage } from '../src/kubelet/images/debian-images';
import { importImage } from '../src/kubelet/images/image-transfer';
import { containerdLayout } from '../src/kubelet/runtime/containerd-config';
import { ContainerdProcess, type ContainerdProcessOptions } from '../src/kubelet/runtime/containerd-process';
import { CriClient } from '../src/kubelet/runtime/cri-client';
import { clearLeftovers, findLeftovers } from '../src/kubelet/runtime/runtime-leftovers';

const args = process.argv.slice(2);
const N = Number(args[args.indexOf('--pods') + 1] || 20) || 20;
const debug = args.includes('--debug');
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const dir = mkdtempSync(join(tmpdir(), 'k8ts-cristeps-'));
const bridgeName = 'k8tsstep0';
const pause = buildPauseImage(join(dir, 'images', 'pause.tar'));
const busybox = buildBusyboxImage(join(dir, 'images', 'busybox.tar'));
const options: ContainerdProcessOptions = {
  dataDir: join(dir, 'containerd'), sandboxImage: pause.names[0]!,
  cni: { bridgeName, podCidr: '10.94.3.0/24' }, logLevel: debug ? 'debug' : 'info',
};
const containerd = await ContainerdProcess.start(options);
const cri = new CriClient(containerd.socketPath);
try {
  await Promise.all([importImage(pause.archivePath, containerd.socketPath), importImage(busybox.archivePath, containerd.socketPath)]);
  const steps = ['RunPodSandbox', 'CreateContainer', 'StartContainer', 'sandbox + running container', 'StopPodSandbox', 'RemovePodSandbox'] as const;
  const ms: Record<(typeof steps)[number], number[]> = Object.fromEntries(steps.map((s) => [s, []])) as never;
  for (let i = 0; i < N + 2; i++) {
    const sb = { metadata: { name: `steps-${i}`, uid: `steps-${i}`, namespace: 'bench', attempt: 0 }, logDirectory: join(dir, 'logs', `steps-${i}`), linux: {} };
    const t0 = performance.now();
    const id = await cri.runPodSandbox(sb);
    const t1 = performance.now();
    const c = await cri.createContainer(id, { metadata: { name: 'main', attempt: 0 }, image: { image: busybox.names[0]! }, command: ['sleep', '3600'], logPath: 'main.log' }, sb);
    const t2 = performance.now();
    await cri.startContainer(c);
    const t3 = performance.now();
    await cri.stopPodSandbox(id);
    const t4 = performance.now();
    await cri.removePodSandbox(id);
    const t5 = performance.now();
    if (i < 2) continue; // the first sandboxes also pay for loading the CNI plugins and the pause image
    ms.RunPodSandbox.push(t1 - t0); ms.CreateContainer.push(t2 - t1); ms.StartContainer.push(t3 - t2);
    ms['sandbox + running container'].push(t3 - t0); ms.StopPodSandbox.push(t4 - t3); ms.RemovePodSandbox.push(t5 - t4);
  }
  for (const s of steps) console.log(`${s}: p50 ${pct(ms[s], 50).toFixed(0)} ms, p99 ${pct(ms[s], 99).toFixed(0)} ms (n=${ms[s].length})`);
} finally {
  cri.close();
  await containerd.stop({ graceMs: 5000 });
  clearLeftovers(findLeftovers(containerdLayout(options), bridgeName));
  if (debug) console.log(`containerd debug log: ${containerd.layout.logPath} (remove ${dir} when done)`);
  else rmSync(dir, { recursive: true, force: true });
}
