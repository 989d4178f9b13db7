// A pod's life on a real node, seen through the real kubectl and behind it through CRI: graceful
// deletion (Terminating for the grace period of a process that ignores SIGTERM; next to nothing
// for one that exits on it), preStop before the stop signal, a second delete shortening the grace
// period, force deletion, init containers, two containers sharing localhost and an emptyDir across
// a restart, termination messages, activeDeadlineSeconds, cgroup limits, and an agent restart that
// adopts a running pod. The tests share one server and agent and run side by side; the agent
// restart runs alone, last.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyYaml, containerStatus, criId, execIn, kubectlAsync, kubectlAsyncOk, kubectlPodLine, podManifest,
  startAgentCluster, until, untilGone, untilPodRow, type AgentCluster,
} from './agent-harness';

let cluster: AgentCluster;
const server = () => cluster.server;
/** Exits at once on SIGTERM (the trap runs between two short sleeps). */
const EXITS_ON_TERM = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.1; done'];
const hostDirs: string[] = [];

before(async () => {
  cluster = await startAgentCluster({ name: 'lifecycle', octet: 71 });
});
after(async () => {
  await cluster?.stop();
  for (const d of hostDirs) rmSync(d, { recursive: true, force: true });
});

async function runningPod(name: string, manifest: string): Promise<number> {
  const started = Date.now();
  await applyYaml(server(), manifest);
  await untilPodRow(cluster, name, /\s(\d+)\/\1\s+Running\s/);
  return Date.now() - started;
}

// Five at a time: enough to keep the file short, not so many that sandboxes queue up in containerd.
describe('pod lifecycle', { concurrency: 5 }, () => {
  it('kubectl delete shows Terminating while a SIGTERM-ignoring container waits out its 5 s grace period', async (t) => {
    const startMs = await runningPod('slow-stop', podManifest('slow-stop', { terminationGracePeriodSeconds: 5, containers: [{ name: 'sleeper', command: ['sleep', '3600'] }] }));
    t.diagnostic(`apply to 1/1 Running, seen by kubectl polling: ${startMs} ms`);
    const started = Date.now();
    await kubectlAsyncOk(server(), ['delete', 'pod', 'slow-stop', '--wait=false']);
    assert.match((await kubectlPodLine(server(), 'slow-stop'))!, /^slow-stop\s+1\/1\s+Terminating\s+0\s/);
    await untilGone(cluster, 'slow-stop');
    const took = Date.now() - started;
    assert.equal(await kubectlPodLine(server(), 'slow-stop'), undefined);
    t.diagnostic(`delete to gone with a 5 s grace period: ${took} ms`);
    assert.ok(took >= 4500, `gone after ${took} ms, before the grace period ended`);
    const ev = await kubectlAsyncOk(server(), ['get', 'events', '--field-selector', 'involvedObject.name=slow-stop']);
    assert.match(ev, /Killing\s+pod\/slow-stop\s+Stopping container sleeper/);
  });

  it('a pod whose process exits on SIGTERM is gone long before its grace period', async (t) => {
    await runningPod('quick-stop', podManifest('quick-stop', { terminationGracePeriodSeconds: 300, containers: [{ name: 'app', command: EXITS_ON_TERM }] }));
    const started = Date.now();
    await kubectlAsyncOk(server(), ['delete', 'pod', 'quick-stop']); // waits until the pod is gone
    const took = Date.now() - started;
    t.diagnostic(`kubectl delete (waiting for the pod to be gone) of a SIGTERM-exiting pod: ${took} ms`);
    assert.ok(took < 60_000, `took ${took} ms of a 300 s grace period`);
    assert.equal(await kubectlPodLine(server(), 'quick-stop'), undefined);
  });

  it('runs the preStop hook before the stop signal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-prestop-'));
    hostDirs.push(dir);
    await runningPod('pre-stop', podManifest('pre-stop', {
      terminationGracePeriodSeconds: 10,
      volumes: [{ name: 'host', hostPath: { path: dir, type: 'Directory' } }],
      containers: [{
        name: 'app', command: ['sh', '-c', 'trap "echo term >> /h/order; exit 0" TERM; while true; do sleep 0.1; done'],
        volumeMounts: [{ name: 'host', mountPath: '/h' }],
        lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo prestop >> /h/order'] } } },
      }],
    }));
    await kubectlAsyncOk(server(), ['delete', 'pod', 'pre-stop']);
    assert.equal(readFileSync(join(dir, 'order'), 'utf8'), 'prestop\nterm\n');
  });

  it('a second delete with a shorter grace period cuts a termination short', async (t) => {
    await runningPod('shortened', podManifest('shortened', { terminationGracePeriodSeconds: 300, containers: [{ name: 'sleeper', command: ['sleep', '3600'] }] }));
    await kubectlAsyncOk(server(), ['delete', 'pod', 'shortened', '--wait=false']);
    await untilPodRow(cluster, 'shortened', /\sTerminating\s/);
    const started = Date.now();
    await kubectlAsyncOk(server(), ['delete', 'pod', 'shortened', '--grace-period=1', '--wait=false']);
    await untilGone(cluster, 'shortened');
    t.diagnostic(`second delete (grace 1 s, SIGKILL after the 2 s minimum) to gone: ${Date.now() - started} ms`);
    assert.ok(Date.now() - started < 60_000, 'well within the first delete\'s 300 s');
  });

  it('--grace-period=0 --force returns at once, the name is free again, and the old sandbox goes', async (t) => {
    const manifest = podManifest('forced', { terminationGracePeriodSeconds: 300, containers: [{ name: 'sleeper', command: ['sleep', '3600'] }] });
    await runningPod('forced', manifest);
    const oldUid = (await cluster.pod('forced'))!.metadata!.uid!;
    const started = Date.now();
    await kubectlAsyncOk(server(), ['delete', 'pod', 'forced', '--grace-period=0', '--force']);
    const deleteMs = Date.now() - started;
    t.diagnostic(`kubectl delete --grace-period=0 --force: ${deleteMs} ms`);
    assert.ok(deleteMs < 30_000, `force delete took ${deleteMs} ms; the pod's grace period is 300 s`);
    await applyYaml(server(), manifest);
    await untilPodRow(cluster, 'forced', /\s1\/1\s+Running\s/);
    const newUid = (await cluster.pod('forced'))!.metadata!.uid!;
    assert.notEqual(newUid, oldUid);
    await until(async () => (await cluster.cri.listPodSandbox({ labelSelector: { 'io.kubernetes.pod.uid': oldUid } })).length === 0, 'the old sandbox to be removed');
    t.diagnostic(`old sandbox removed ${Date.now() - started} ms after the force delete`);
    const sandboxes = await cluster.cri.listPodSandbox({ labelSelector: { 'io.kubernetes.pod.name': 'forced' } });
    assert.deepEqual(sandboxes.map((s) => [s.labels['io.kubernetes.pod.uid'], s.state]), [[newUid, 'SANDBOX_READY']]);
    await kubectlAsyncOk(server(), ['delete', 'pod', 'forced', '--grace-period=0', '--force']);
  });

  it('runs the init container first, showing Init:0/1 meanwhile', async () => {
    await applyYaml(server(), podManifest('with-init', {
      volumes: [{ name: 'work', emptyDir: {} }],
      initContainers: [{ name: 'prepare', command: ['sh', '-c', 'echo from-init > /work/msg; until [ -f /work/go ]; do sleep 0.1; done'], volumeMounts: [{ name: 'work', mountPath: '/work' }] }],
      containers: [{ name: 'app', command: ['sh', '-c', 'cp /work/msg /work/seen; exec sleep 3600'], volumeMounts: [{ name: 'work', mountPath: '/work' }] }],
    }));
    await untilPodRow(cluster, 'with-init', /^with-init\s+0\/1\s+Init:0\/1\s/);
    assert.match((await kubectlPodLine(server(), 'with-init'))!, /^with-init\s+0\/1\s+Init:0\/1\s+0\s/);
    const pod = await until(async () => { const p = await cluster.pod('with-init'); return containerStatus(p, 'prepare')?.state?.running ? p : undefined; }, 'the init container running');
    assert.ok(containerStatus(pod, 'app')?.state?.waiting, 'the app container waits for the init container');
    // Still initializing a moment later: the app container does not start before the init container ends.
    await new Promise((r) => setTimeout(r, 1000));
    assert.match((await kubectlPodLine(server(), 'with-init'))!, /Init:0\/1/);
    await cluster.cri.execSync(criId(pod, 'prepare')!, ['touch', '/work/go'], 5);
    await untilPodRow(cluster, 'with-init', /\s1\/1\s+Running\s/);
    assert.equal(await execIn(cluster, 'with-init', 'app', ['cat', '/work/seen']), 'from-init\n');
    const done = containerStatus(await cluster.pod('with-init'), 'prepare');
    assert.equal(done?.state?.terminated?.reason, 'Completed');
    await kubectlAsyncOk(server(), ['delete', 'pod', 'with-init', '--grace-period=1', '--wait=false']);
  });

  it('two containers reach each other on 127.0.0.1, and a file in a shared emptyDir survives the writer\'s restart', async () => {
    await applyYaml(server(), podManifest('pair', {
      volumes: [{ name: 'shared', emptyDir: {} }],
      containers: [
        { name: 'web', command: ['httpd', '-f', '-p', '8080', '-h', '/shared'], volumeMounts: [{ name: 'shared', mountPath: '/shared' }] },
        {
          // First run: writes the page and fails. Second run: the page is still there; fetch it from the neighbour.
          name: 'client',
          command: ['sh', '-c', 'if [ ! -f /shared/index.html ]; then echo hello > /shared/index.html; exit 1; fi; until timeout 2 wget -q -O /shared/got http://127.0.0.1:8080/index.html; do sleep 0.2; done; exec sleep 3600'],
          volumeMounts: [{ name: 'shared', mountPath: '/shared' }],
        },
      ],
    }));
    await untilPodRow(cluster, 'pair', /^pair\s+2\/2\s+Running\s+1\s/);
    const got = await until(async () => {
      const r = await cluster.cri.execSync(criId(await cluster.pod('pair'), 'web')!, ['cat', '/shared/got'], 5);
      return r.exitCode === 0 ? r.stdout.toString() : undefined;
    }, 'the client to fetch the page');
    assert.equal(got, 'hello\n');
    const client = containerStatus(await cluster.pod('pair'), 'client');
    assert.equal(client?.restartCount, 1);
    assert.equal(client?.lastState?.terminated?.exitCode, 1);
    await kubectlAsyncOk(server(), ['delete', 'pod', 'pair', '--grace-period=1', '--wait=false']);
  });

  it('shows termination messages from the file, from a custom path, and from the log on error', async () => {
    await applyYaml(server(), podManifest('last-words', {
      restartPolicy: 'Never',
      containers: [
        { name: 'file', command: ['sh', '-c', 'printf "bye now" > /dev/termination-log; exit 3'] },
        { name: 'custom', terminationMessagePath: '/tmp/last-words', command: ['sh', '-c', 'printf custom > /tmp/last-words'] },
        { name: 'fallback', terminationMessagePolicy: 'FallbackToLogsOnError', command: ['sh', '-c', 'echo line1; echo oops; exit 2'] },
      ],
    }));
    const pod = await until(async () => { const p = await cluster.pod('last-words'); return p?.status?.phase === 'Failed' ? p : undefined; }, 'the pod to fail');
    const term = (n: string) => containerStatus(pod, n)?.state?.terminated;
    assert.deepEqual([term('file')?.exitCode, term('file')?.message], [3, 'bye now']);
    assert.deepEqual([term('custom')?.exitCode, term('custom')?.message], [0, 'custom']);
    assert.deepEqual([term('fallback')?.exitCode, term('fallback')?.message], [2, 'line1\noops\n']);
    assert.match((await kubectlPodLine(server(), 'last-words'))!, /^last-words\s+0\/3\s+Error\s+0\s/);
    await kubectlAsyncOk(server(), ['delete', 'pod', 'last-words', '--wait=false']);
  });

  it('fails a pod past its activeDeadlineSeconds with DeadlineExceeded and stops it', async () => {
    await runningPod('deadline', podManifest('deadline', { activeDeadlineSeconds: 3, containers: [{ name: 'app', command: EXITS_ON_TERM }] }));
    const pod = await until(async () => {
      const p = await cluster.pod('deadline');
      return p?.status?.phase === 'Failed' && containerStatus(p, 'app')?.state?.terminated ? p : undefined;
    }, 'the pod to fail and its container to stop');
    assert.equal(pod.status?.reason, 'DeadlineExceeded');
    const described = await kubectlAsyncOk(server(), ['describe', 'pod', 'deadline']);
    assert.match(described, /^Status:\s+Failed$/m);
    assert.match(described, /^Reason:\s+DeadlineExceeded$/m);
    assert.match(described, /^Message:\s+Pod was active on the node longer than the specified deadline$/m);
    assert.match(described, /Normal\s+DeadlineExceeded\s+.*Pod was active on the node longer than the specified deadline/);
    // The status is written as soon as the container is stopped; the sandbox follows it.
    const states = await until(async () => {
      const sandboxes = await cluster.cri.listPodSandbox({ labelSelector: { 'io.kubernetes.pod.uid': pod.metadata!.uid! } });
      return sandboxes.every((s) => s.state === 'SANDBOX_NOTREADY') ? sandboxes.map((s) => s.state) : undefined;
    }, 'the sandbox to stop', 20_000);
    assert.deepEqual(states, ['SANDBOX_NOTREADY'], 'the sandbox is stopped');
    await kubectlAsyncOk(server(), ['delete', 'pod', 'deadline', '--wait=false']);
  });

  it('turns requests and limits into the container\'s cgroup settings', async () => {
    await runningPod('limited', podManifest('limited', {
      containers: [{ name: 'app', command: ['sleep', '3600'], resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } } }],
    }));
    const out = await execIn(cluster, 'limited', 'app', ['cat', '/sys/fs/cgroup/cpu/cpu.shares', '/sys/fs/cgroup/cpu/cpu.cfs_quota_us', '/sys/fs/cgroup/cpu/cpu.cfs_period_us', '/sys/fs/cgroup/memory/memory.limit_in_bytes']);
    assert.deepEqual(out.trim().split('\n'), ['256', '50000', '100000', String(128 * 1024 * 1024)]);
    await kubectlAsyncOk(server(), ['delete', 'pod', 'limited', '--grace-period=0', '--force']);
  });
});

describe('agent restart', () => {
  it('adopts a running pod: same container, same restart count, and it can still delete it', async (t) => {
    await runningPod('survivor', podManifest('survivor', { containers: [{ name: 'app', command: EXITS_ON_TERM }] }));
    const before = await cluster.pod('survivor');
    const id = criId(before, 'app')!;
    const started = Date.now();
    await cluster.restart();
    t.diagnostic(`server and agent restart: ${Date.now() - started} ms`);
    await until(async () => /\sReady\s/.test((await kubectlAsync(server(), ['get', 'node', cluster.nodeName, '--no-headers'])).stdout), 'the node Ready again');
    // The new agent writes the status it computes from the runtime; give it a resync or two.
    await new Promise((r) => setTimeout(r, 2000));
    const after = await cluster.pod('survivor');
    assert.equal(criId(after, 'app'), id, 'the same container');
    assert.equal(containerStatus(after, 'app')?.restartCount, 0);
    assert.match((await kubectlPodLine(server(), 'survivor'))!, /^survivor\s+1\/1\s+Running\s+0\s/);
    const containers = await cluster.cri.listContainers({ labelSelector: { 'io.kubernetes.pod.uid': after!.metadata!.uid! } });
    assert.deepEqual(containers.map((c) => [c.id, c.state]), [[id, 'CONTAINER_RUNNING']], 'nothing started again');
    await kubectlAsyncOk(server(), ['delete', 'pod', 'survivor']);
    await until(async () => (await cluster.cri.listPodSandbox({ labelSelector: { 'io.kubernetes.pod.uid': after!.metadata!.uid! } })).length === 0, 'its sandbox to be removed');
  });
});
