// Stopping containers and running their hooks on a real containerd: the preStop hook runs before
// the stop signal, a SIGTERM-ignoring process is killed when the grace period ends (sooner when
// the grace period is shortened meanwhile), a preStop hook that hangs uses up the grace period,
// hook failures are worded as Kubernetes words them, and a termination-log file mounted at
// /dev/termination-log carries the container's last words out.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { EventRecorder } from '../../../src/client/event-recorder';
import type { Mount } from '../../../src/kubelet/runtime/cri-types';
import { killContainer } from '../../../src/kubelet/pods/container-kill';
import { GracePeriod } from '../../../src/kubelet/pods/grace-period';
import { runLifecycleHook } from '../../../src/kubelet/pods/lifecycle-hooks';
import { createTerminationLog, terminationMessage } from '../../../src/kubelet/pods/termination-message';
import { TERMINATION_MESSAGE_PATH, TERMINATION_MESSAGE_POLICY } from '../../../src/kubelet/pods/cri-labels';
import { startTestRuntime, type TestRuntime } from '../runtime/runtime-fixture';

let rt: TestRuntime;
let sandboxId = '';
let hostDir = '';
let web: Server;
const recorded: string[] = [];
const events = { record: async (_o: unknown, type: string, reason: string, _a: string, msg: string) => { recorded.push(`${type} ${reason} ${msg}`); } } as unknown as EventRecorder;
const sb = () => rt.sandboxConfig('killtest');

before(async () => {
  rt = await startTestRuntime();
  hostDir = mkdtempSync(join(tmpdir(), 'k8ts-kill-'));
  sandboxId = await rt.cri.runPodSandbox(sb());
  web = createServer((req, res) => res.end('ok'));
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
});
after(async () => {
  web?.close();
  if (rt) await rt.stop();
  rmSync(hostDir, { recursive: true, force: true });
});

let n = 0;
/** Runs a shell script, or a command given as a list (busybox `sleep` as PID 1 has no SIGTERM handler, so ignores it). */
async function run(script: string | string[], extra: { mounts?: Mount[]; annotations?: Record<string, string> } = {}): Promise<string> {
  const id = await rt.cri.createContainer(sandboxId, {
    metadata: { name: `c${n++}` }, image: { image: rt.busybox.names[0]! }, command: typeof script === 'string' ? ['sh', '-c', script] : script, logPath: `c${n}.log`,
    mounts: [{ containerPath: '/h', hostPath: hostDir }, ...(extra.mounts ?? [])], annotations: extra.annotations,
    // Its own PID namespace, as the kubelet asks: the command is PID 1 there.
    linux: { securityContext: { namespaceOptions: { network: 'POD', pid: 'CONTAINER', ipc: 'POD' } } },
  }, sb());
  await rt.cri.startContainer(id);
  return id;
}

function podWith(c: Container): Pod {
  return { metadata: { name: 'p', namespace: 'ns', uid: 'uid1' }, spec: { containers: [c] } };
}

async function exitOf(id: string): Promise<number> {
  return (await rt.cri.containerStatus(id)).status!.exitCode;
}

describe('killing a container', () => {
  it('runs the preStop hook before the stop signal, then stops a SIGTERM-handling process at once', async () => {
    const id = await run('trap "echo term >> /h/order; exit 0" TERM; while true; do sleep 0.1; done');
    const spec: Container = { name: 'web', lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo prestop >> /h/order'] } } } };
    const started = Date.now();
    await killContainer({ cri: rt.cri, events }, { id, name: 'web', pod: podWith(spec), podIP: '' }, new GracePeriod(30));
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.equal(readFileSync(join(hostDir, 'order'), 'utf8'), 'prestop\nterm\n');
    assert.equal(await exitOf(id), 0);
    assert.ok(recorded.includes('Normal Killing Stopping container web'));
  });

  it('kills a process that ignores SIGTERM when a shortened grace period ends', async () => {
    const id = await run(['sleep', '3600']);
    const grace = new GracePeriod(30);
    const started = Date.now();
    setTimeout(() => grace.shorten(0), 300);
    await killContainer({ cri: rt.cri, events }, { id, name: 'sleeper', podIP: '' }, grace);
    const took = Date.now() - started;
    assert.ok(took >= 2000 && took < 8000, `stopped after ${took} ms: the 2 s minimum, not the 30 s grace`);
    assert.equal(await exitOf(id), 137);
  });

  it('gives a hanging preStop hook the grace period, then still stops the container', async () => {
    const id = await run(['sleep', '3600']);
    const spec: Container = { name: 'slow', lifecycle: { preStop: { exec: { command: ['sleep', '100'] } } } };
    const started = Date.now();
    await killContainer({ cri: rt.cri, events }, { id, name: 'slow', pod: podWith(spec), podIP: '' }, new GracePeriod(1));
    const took = Date.now() - started;
    assert.ok(took >= 2500 && took < 9000, `took ${took} ms`);
    assert.equal(await exitOf(id), 137);
  });
});

describe('lifecycle hooks', () => {
  it('words a failing exec hook as the kubelet does', async () => {
    const id = await run(['sleep', '3600']);
    const spec: Container = { name: 'c' };
    const msg = await runLifecycleHook({ cri: rt.cri, pod: podWith(spec), container: spec, containerId: id, podIP: '' }, { exec: { command: ['sh', '-c', 'echo oops; echo bad >&2; exit 3'] } });
    assert.equal(msg, `Exec lifecycle hook ([sh -c echo oops; echo bad >&2; exit 3]) for Container "c" in Pod "p_ns(uid1)" failed - error: command 'sh -c echo oops; echo bad >&2; exit 3' exited with 3: bad\n, message: "oops\\nbad\\n"`);
    assert.equal(await runLifecycleHook({ cri: rt.cri, pod: podWith(spec), container: spec, containerId: id, podIP: '' }, { exec: { command: ['true'] } }), undefined);
    await rt.cri.stopContainer(id, 0);
  });

  it('runs an httpGet hook, failing only when nothing answers', async () => {
    const spec: Container = { name: 'c' };
    const port = (web.address() as AddressInfo).port;
    const target = { cri: rt.cri, pod: podWith(spec), container: spec, containerId: '', podIP: '' };
    assert.equal(await runLifecycleHook(target, { httpGet: { host: '127.0.0.1', port, path: '/hook' } }), undefined);
    const msg = await runLifecycleHook(target, { httpGet: { host: '127.0.0.1', port: 1, path: '/hook' } });
    assert.equal(msg, 'HTTP lifecycle hook (/hook) for Container "c" in Pod "p_ns(uid1)" failed - error: Get "http://127.0.0.1:1/hook": dial tcp 127.0.0.1:1: connect: connection refused');
  });
});

describe('termination message', () => {
  it('reads what the container wrote to the file mounted at /dev/termination-log', async () => {
    const log = join(hostDir, 'containers', 'c', '0-termination-log');
    createTerminationLog(log);
    const id = await run('printf "bye now" > /dev/termination-log; exit 1', {
      mounts: [{ containerPath: '/dev/termination-log', hostPath: log }],
      annotations: { [TERMINATION_MESSAGE_PATH]: '/dev/termination-log', [TERMINATION_MESSAGE_POLICY]: 'File' },
    });
    let status = (await rt.cri.containerStatus(id)).status!;
    for (let i = 0; i < 50 && status.state !== 'CONTAINER_EXITED'; i++) { await sleep(100); status = (await rt.cri.containerStatus(id)).status!; }
    assert.equal(status.exitCode, 1);
    assert.equal(terminationMessage(status), 'bye now');
  });
});
