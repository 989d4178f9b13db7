// End-to-end harness: runs the built `k8ts server` as a child process on a temporary data dir and
// a free port, and drives it with the real kubectl binaries found on this machine.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
export const K8TS = join(REPO, 'bin/k8ts');

/** kubectl binaries to run the same transcript with: the dispatcher, the oldest and the newest. */
export const KUBECTLS = ['/usr/bin/kubectl', '/usr/lib/google-cloud-sdk/bin/kubectl.1.27', '/usr/lib/google-cloud-sdk/bin/kubectl.1.33'].filter((p) => existsSync(p));

export interface Server {
  dataDir: string;
  url: string;
  kubeconfig: string;
  proc: ChildProcess;
  log: () => string;
  /** Stops the server; `beforeRemove` runs between the process exit and the data dir's removal. */
  stop(beforeRemove?: () => void | Promise<void>): Promise<void>;
  /** Restarts the server on the same data dir (and a new port). */
  restart(): Promise<void>;
}

/** Server flags: by default no agent; `agentFlags` runs one (give it its own bridge and pod range). */
export interface ServerOptions { agentFlags?: string[] }

function launch(dataDir: string, opts: ServerOptions = {}): Promise<{ proc: ChildProcess; url: string; logs: string[] }> {
  const agent = opts.agentFlags ?? ['--disable-agent'];
  // --disable-agent may come with other server flags (e.g. --cluster-cidr) in agentFlags.
  const proc = spawn(process.execPath, [K8TS, 'server', '--data-dir', dataDir, '--port', '0', ...agent], { stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not become ready:\n${logs.join('')}`)), 60_000);
    proc.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      logs.push(d.toString());
      const m = /ready at (https:\/\/\S+)/.exec(logs.join(''));
      if (m) { clearTimeout(timer); resolveReady({ proc, url: m[1], logs }); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${logs.join('')}`)); });
  });
}

function stopProc(proc: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (proc.exitCode !== null) { r(); return; }
    proc.removeAllListeners('exit');
    proc.once('exit', () => r());
    proc.kill('SIGTERM');
  });
}

export async function startServer(opts: ServerOptions = {}, dataDir = mkdtempSync(join(tmpdir(), 'k8ts-e2e-'))): Promise<Server> {
  let { proc, url, logs } = await launch(dataDir, opts);
  const server: Server = {
    dataDir, url, proc,
    kubeconfig: join(dataDir, 'kubeconfig.yaml'),
    log: () => logs.join(''),
    async stop(beforeRemove) {
      await stopProc(server.proc);
      await beforeRemove?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await stopProc(server.proc);
      ({ proc, url, logs } = await launch(dataDir, opts));
      server.proc = proc;
      server.url = url;
    },
  };
  return server;
}

export interface RunResult { code: number; stdout: string; stderr: string }

/** Runs a kubectl binary against the server, with a private HOME so that caches do not leak. */
export function kubectl(server: Server, args: string[], opts: { bin?: string; input?: string; env?: Record<string, string> } = {}): RunResult {
  const home = join(server.dataDir, 'home');
  const r = spawnSync(opts.bin ?? '/usr/bin/kubectl', args, {
    input: opts.input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: server.kubeconfig, ...opts.env },
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs `k8ts kubectl` (the project's own CLI) exactly as kubectl() runs the real one. */
export function k8tsKubectl(server: Server, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): RunResult {
  const home = join(server.dataDir, 'home');
  const r = spawnSync(process.execPath, [K8TS, 'kubectl', ...args], {
    input: opts.input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: server.kubeconfig, ...opts.env },
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Like kubectl(), but fails with the output when the exit code is not 0. */
export function kubectlOk(server: Server, args: string[], opts: { bin?: string; input?: string } = {}): string {
  const r = kubectl(server, args, opts);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

/** Starts kubectl in the background (for -w), collecting its output. */
export function kubectlBackground(server: Server, args: string[], bin = '/usr/bin/kubectl'): { output: () => string; stop: () => Promise<void> } {
  const home = join(server.dataDir, 'home');
  const p = spawn(bin, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: server.kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  p.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  return { output: () => out, stop: () => stopProc(p) };
}

export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function kubectlVersionName(bin: string): string {
  return bin.split('/').pop()!;
}
