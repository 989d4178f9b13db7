// Starts and owns a private containerd (Debian's /usr/bin/containerd): writes its config and CNI
// network, waits until its CRI plugin answers, and stops it (SIGTERM, then SIGKILL), reporting
// what it leaves behind. Pods outlive a containerd stop (their shims keep running) on purpose:
// an agent that restarts adopts them.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { containerdLayout, renderCniConflist, renderContainerdConfig, type ContainerdLayout, type ContainerdOptions } from './containerd-config';
import { CriClient, isUnavailable } from './cri-client';
import type { VersionResponse } from './cri-types';
import { findLeftovers, type RuntimeLeftovers } from './runtime-leftovers';
import { ensurePodSubnetMasquerade, podSubnetMasqueradeRules, removePodSubnetMasquerade } from './cni-iptables';
import { checkRuntimePrerequisites, RUNTIME_SEARCH_PATH } from './runtime-prerequisites';

export interface ContainerdProcessOptions extends ContainerdOptions {
  containerdPath?: string;
  /** How long to wait for CRI to answer before giving up. Default 30 s. */
  readyTimeoutMs?: number;
  /**
   * A program to run containerd under, e.g. `['nsenter', '--net=/run/netns/node1']` for a simulated
   * node. It must exec containerd (not fork it), since signals go to the process it starts. Once
   * containerd is ready, iptables-save/-restore run under it too (the pod subnet's masquerade
   * rules belong in containerd's network namespace).
   */
  commandPrefix?: string[];
}

export interface ContainerdExit { code: number | null; signal: NodeJS.Signals | null }

export interface StopReport extends ContainerdExit {
  /** SIGTERM did not end it within the grace period, so it got SIGKILL. */
  killed: boolean;
  durationMs: number;
  leftovers: RuntimeLeftovers;
}

export class ContainerdProcess {
  /** Resolves when the process has exited, for whatever reason. */
  readonly exited: Promise<ContainerdExit>;
  private exit?: ContainerdExit;
  private readonly onParentExit = (): void => { this.child.kill('SIGTERM'); };

  private constructor(
    private readonly child: ChildProcess,
    readonly layout: ContainerdLayout,
    private readonly bridgeName: string,
    private readonly podCidr: string,
    private readonly commandPrefix: readonly string[],
  ) {
    this.exited = new Promise((resolve) => {
      const finish = (exit: ContainerdExit): void => {
        if (this.exit) return;
        this.exit = exit;
        process.off('exit', this.onParentExit);
        resolve(exit);
      };
      child.once('exit', (code, signal) => finish({ code, signal }));
      // A program that could not be spawned at all emits no 'exit'.
      child.once('error', () => { if (child.pid === undefined) finish({ code: null, signal: null }); });
    });
    // A containerd must not outlive an agent that dies without stopping it (a crashed test, say).
    process.on('exit', this.onParentExit);
  }

  private ready?: { ms: number; version: VersionResponse };

  /** Milliseconds from spawning containerd to its CRI plugin answering Version. */
  get readyMs(): number { return this.ready?.ms ?? 0; }
  /** What the CRI plugin answered to Version when it became ready (start() returns only ready ones). */
  get version(): VersionResponse { return this.ready!.version; }
  get pid(): number | undefined { return this.child.pid; }
  get socketPath(): string { return this.layout.socketPath; }
  get running(): boolean { return this.exit === undefined; }

  static async start(options: ContainerdProcessOptions): Promise<ContainerdProcess> {
    const containerdPath = options.containerdPath ?? '/usr/bin/containerd';
    checkRuntimePrerequisites({ containerdPath, cniBinDir: options.cni.binDir });
    const layout = containerdLayout(options);
    for (const dir of [layout.dataDir, layout.rootDir, layout.stateDir, layout.cniConfDir, layout.ipamDataDir, layout.registryConfigDir]) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    }
    await claimSocket(layout.socketPath);
    writeFileSync(layout.configPath, renderContainerdConfig(options, layout));
    writeFileSync(layout.cniConfPath, renderCniConflist(options, layout));

    const log = openSync(layout.logPath, 'a');
    const argv = [...(options.commandPrefix ?? []), containerdPath, '--config', layout.configPath];
    const started = performance.now();
    let child: ChildProcess;
    try {
      child = spawn(argv[0]!, argv.slice(1), {
        stdio: ['ignore', log, log],
        env: { ...process.env, PATH: `${RUNTIME_SEARCH_PATH}:${process.env.PATH ?? ''}` },
      });
    } finally {
      closeSync(log); // the child has its own descriptor now
    }
    const owned = new ContainerdProcess(child, layout, options.cni.bridgeName, options.cni.podCidr, options.commandPrefix ?? []);
    const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
    spawnError.catch(() => {}); // observed through the race below
    try {
      const version = await Promise.race([owned.waitForCri(options.readyTimeoutMs ?? 30_000), spawnError]);
      owned.ready = { ms: performance.now() - started, version };
      // Pods' outbound masquerading: one rule set for the whole subnet, in containerd's network
      // namespace, before start() returns and so before any pod can start.
      if (options.cni.ipMasq ?? true) ensurePodSubnetMasquerade(layout.networkName, options.cni.podCidr, options.commandPrefix);
    } catch (err) {
      await owned.stop({ graceMs: 2000 });
      throw new Error(`containerd did not become ready: ${(err as Error).message}\n--- last lines of ${layout.logPath} ---\n${logTail(layout.logPath)}`);
    }
    return owned;
  }

  /** SIGTERM, then SIGKILL once `graceMs` has passed. Safe to call more than once. */
  async stop(options: { graceMs?: number } = {}): Promise<StopReport> {
    const started = performance.now();
    let killed = false;
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => { killed = true; this.child.kill('SIGKILL'); }, options.graceMs ?? 10_000);
      await this.exited;
      clearTimeout(timer);
    }
    const exit = await this.exited;
    let leftovers = findLeftovers(this.layout, this.bridgeName);
    // The pod subnet's masquerade rules serve running pods only: they stay while any pod process
    // outlives containerd (an agent that restarts adopts those pods), and go with the last one.
    if (leftovers.processes.length === 0) {
      removePodSubnetMasquerade(this.layout.networkName, this.podCidr, this.commandPrefix);
      const masquerade = podSubnetMasqueradeRules(this.layout.networkName, leftovers.iptablesRules);
      leftovers = { ...leftovers, iptablesRules: leftovers.iptablesRules.filter((r) => !masquerade.includes(r)) };
    }
    return { ...exit, killed, durationMs: performance.now() - started, leftovers };
  }

  private async waitForCri(timeoutMs: number): Promise<VersionResponse> {
    const deadline = Date.now() + timeoutMs;
    // Wait for the socket file first: a gRPC channel that fails to connect backs off, which costs more.
    while (!existsSync(this.layout.socketPath)) {
      if (!this.running) throw new Error(`containerd exited (${describeExit(this.exit!)})`);
      if (Date.now() > deadline) throw new Error(`no socket at ${this.layout.socketPath} after ${timeoutMs} ms`);
      await sleep(5);
    }
    const cri = new CriClient(this.layout.socketPath);
    try {
      for (;;) {
        try {
          return await cri.version({ timeoutMs: Math.max(100, Math.min(2000, deadline - Date.now())) });
        } catch (err) {
          // The CRI plugin refuses calls until it has initialized; anything else is retried too
          // until the deadline, and then reported.
          if (!this.running) throw new Error(`containerd exited (${describeExit(this.exit!)})`);
          if (Date.now() > deadline) throw err;
          await sleep(10);
        }
      }
    } finally {
      cri.close();
    }
  }
}

/** Refuses to start over a live containerd; removes the socket file a dead one left. */
async function claimSocket(socketPath: string): Promise<void> {
  if (!existsSync(socketPath)) return;
  if (!statSync(socketPath).isSocket()) throw new Error(`${socketPath} exists and is not a socket`);
  const probe = new CriClient(socketPath);
  try {
    await probe.version({ timeoutMs: 2000 });
  } catch (err) {
    // Only a refused connection means nobody listens: a busy or starting containerd answers late
    // or with an error, and its socket must not be taken from it.
    if (isUnavailable(err)) {
      unlinkSync(socketPath);
      return;
    }
    throw new Error(`${socketPath} is in use by a process that does not answer CRI Version properly (${(err as Error).message}): stop it first`);
  } finally {
    probe.close();
  }
  throw new Error(`a containerd already serves ${socketPath}: stop it, or use it as an existing CRI endpoint`);
}

function describeExit(exit: ContainerdExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

function logTail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
