// Test fixture: a real private containerd in a temporary directory with the pause and busybox
// images imported, on its own bridge and pod subnet, and a teardown that leaves the machine
// clean even when a test failed half-way (pods removed through CRI, then anything left forced).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBusyboxImage, buildPauseImage } from '../../../src/kubelet/images/debian-images';
import { importImage } from '../../../src/kubelet/images/image-transfer';
import type { BuiltImage } from '../../../src/kubelet/images/oci-archive';
import { containerdLayout } from '../../../src/kubelet/runtime/containerd-config';
import { ContainerdProcess, type ContainerdProcessOptions, type StopReport } from '../../../src/kubelet/runtime/containerd-process';
import { CriClient } from '../../../src/kubelet/runtime/cri-client';
import type { PodSandboxConfig } from '../../../src/kubelet/runtime/cri-types';
import { clearLeftovers, findLeftovers } from '../../../src/kubelet/runtime/runtime-leftovers';

export interface TestRuntime {
  dir: string;
  options: ContainerdProcessOptions;
  containerd: ContainerdProcess;
  cri: CriClient;
  pause: BuiltImage;
  busybox: BuiltImage;
  /** Milliseconds for both `ctr images import` runs. */
  importMs: number;
  sandboxConfig(name: string): PodSandboxConfig;
  /** Starts containerd again on the same directories (after containerd.stop()). */
  restart(): Promise<void>;
  /** Removes every pod, stops containerd and reports what was left before forcing it away. */
  stop(): Promise<StopReport>;
}

let fixtures = 0;

export async function startTestRuntime(): Promise<TestRuntime> {
  const n = fixtures++;
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-rt-'));
  // Unique per process and fixture, so a leftover from another run cannot be mistaken for ours.
  const bridgeName = `k8rt${process.pid % 100000}x${n}`;
  const podCidr = `10.251.${(process.pid * 7 + n) % 250}.0/24`;
  const pause = buildPauseImage(join(dir, 'images', 'pause.tar'));
  const busybox = buildBusyboxImage(join(dir, 'images', 'busybox.tar'));
  const options: ContainerdProcessOptions = {
    dataDir: join(dir, 'containerd'),
    sandboxImage: pause.names[0]!,
    cni: { bridgeName, podCidr },
  };
  let containerd: ContainerdProcess | undefined;
  let cri: CriClient | undefined;
  try {
    containerd = await ContainerdProcess.start(options);
    cri = new CriClient(containerd.socketPath);
    const started = performance.now();
    await Promise.all([importImage(pause.archivePath, containerd.socketPath), importImage(busybox.archivePath, containerd.socketPath)]);
    const importMs = performance.now() - started;
    const rt: TestRuntime = {
      dir, options, containerd, cri, pause, busybox, importMs,
      sandboxConfig: (name) => ({
        metadata: { name, uid: `uid-${name}`, namespace: 'k8ts-test' },
        hostname: name,
        logDirectory: join(dir, 'pods', name),
      }),
      async restart() {
        rt.cri.close();
        rt.containerd = await ContainerdProcess.start(options);
        rt.cri = new CriClient(rt.containerd.socketPath);
      },
      stop: () => teardown(rt),
    };
    return rt;
  } catch (err) {
    cri?.close();
    if (containerd) await containerd.stop({ graceMs: 2000 });
    forceClean(options, dir);
    throw err;
  }
}

const stopped: WeakMap<TestRuntime, Promise<StopReport>> = new WeakMap();

/** Idempotent: the last test and the after() hook may both call it. */
function teardown(rt: TestRuntime): Promise<StopReport> {
  let p = stopped.get(rt);
  if (!p) {
    p = (async () => {
      let removalError: unknown;
      try {
        if (rt.containerd.running) {
          for (const sandbox of await rt.cri.listPodSandbox()) {
            await rt.cri.stopPodSandbox(sandbox.id);
            await rt.cri.removePodSandbox(sandbox.id);
          }
        }
      } catch (err) {
        removalError = err; // reported after the forced clean-up below
      }
      rt.cri.close();
      const report = await rt.containerd.stop();
      forceClean(rt.options, rt.dir);
      if (removalError) throw removalError;
      return report;
    })();
    stopped.set(rt, p);
  }
  return p;
}

function forceClean(options: ContainerdProcessOptions, dir: string): void {
  const layout = containerdLayout(options);
  const found = findLeftovers(layout, options.cni.bridgeName);
  clearLeftovers(found);
  if (findLeftovers(layout, options.cni.bridgeName).mounts.length === 0) rmSync(dir, { recursive: true, force: true });
}
