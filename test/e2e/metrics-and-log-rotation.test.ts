// The resource metrics API and container log rotation on a real node, through the real kubectl:
// `kubectl top pod` and `kubectl top node` read metrics.k8s.io, which the API server computes
// from the kubelet's summary; an agent with a small log size (64Ki, 3 files, looked at every
// second) rotates a fast writer's log while `kubectl logs` keeps reading it whole, tail and
// --previous included, and the logs go with the pod.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  applyYaml, kubectlAsync, kubectlAsyncOk, podManifest, startAgentCluster, until, untilGone, untilPodRow, type AgentCluster,
} from './agent-harness';

let cluster: AgentCluster;
const server = () => cluster.server;
const MAX_FILES = 3;
const LINES = 20_000;

before(async () => {
  cluster = await startAgentCluster({
    name: 'metrics', octet: 74,
    agentFlags: ['--container-log-max-size', '64Ki', '--container-log-max-files', String(MAX_FILES), '--container-log-monitor-interval', '1'],
  });
});
after(async () => {
  await cluster?.stop();
});

/** The directory holding one container's log files on the node. */
async function containerLogDir(pod: string, container: string): Promise<string> {
  const p = await cluster.pod(pod);
  return join(server().dataDir, 'agent/logs', `default_${pod}_${p!.metadata!.uid}`, container);
}

const lineRange = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => `line ${from + k} ${'x'.repeat(40)}`);

describe('metrics and log rotation', { concurrency: 2 }, () => {
  it('a busy pod shows in kubectl top pod and kubectl top node with its usage', async (t) => {
    // A 5 MB shell variable for a working set in MiB, then a busy loop held to 100m by its limit.
    const busy = JSON.parse(podManifest('busy', {
      containers: [{
        name: 'spin', command: ['sh', '-c', 'x=$(head -c 5000000 /dev/zero | tr "\\0" a); while true; do :; done'],
        resources: { requests: { cpu: '50m' }, limits: { cpu: '100m', memory: '64Mi' } },
      }],
    })) as Pod;
    await applyYaml(server(), JSON.stringify({ ...busy, metadata: { ...busy.metadata, labels: { app: 'busy' } } }));
    await untilPodRow(cluster, 'busy', /\s1\/1\s+Running\s/);

    const top = await until(async () => {
      const r = await kubectlAsync(server(), ['top', 'pod', 'busy']);
      const m = /^busy\s+(\d+)m\s+(\d+)Mi\s*$/m.exec(r.stdout);
      return r.code === 0 && m && Number(m[1]) > 0 && Number(m[2]) >= 4 ? r.stdout : undefined;
    }, 'kubectl top pod busy to show CPU and about 5Mi of memory');
    t.diagnostic(`kubectl top pod busy:\n${top}`);
    assert.match(top, /^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*$/m);

    const bySelector = await kubectlAsyncOk(server(), ['top', 'pod', '-l', 'app=busy']);
    assert.match(bySelector, /^busy\s+\d+m\s+\d+Mi\s*$/m);
    assert.doesNotMatch(bySelector, /chatty/, 'the label selector leaves other pods out');
    const all = await kubectlAsyncOk(server(), ['top', 'pod', '--all-namespaces', '--containers']);
    assert.match(all, /^NAMESPACE\s+POD\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*$/m);
    assert.match(all, /^default\s+busy\s+spin\s+\d+m\s+\d+Mi\s*$/m);

    const node = await until(async () => {
      const r = await kubectlAsync(server(), ['top', 'node']);
      const m = /^metrics\s+(\d+)m\s+(\d+)%\s+(\d+)Mi\s+(\d+)%\s*$/m.exec(r.stdout);
      return r.code === 0 && m && Number(m[1]) > 0 && Number(m[3]) > 0 ? r.stdout : undefined;
    }, 'kubectl top node to show the node usage');
    t.diagnostic(`kubectl top node:\n${node}`);
    assert.match(node, /^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s*$/m);

    const raw = JSON.parse(await kubectlAsyncOk(server(), ['get', '--raw', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/busy'])) as {
      kind: string; metadata: { name: string; labels: Record<string, string> }; window: string; containers: Array<{ name: string; usage: { cpu: string; memory: string } }>;
    };
    assert.equal(raw.kind, 'PodMetrics');
    assert.equal(raw.metadata.labels.app, 'busy');
    assert.match(raw.window, /^(\d+h)?(\d+m)?[\d.]+(ms|s)$/);
    assert.equal(raw.containers[0].name, 'spin');
    assert.match(raw.containers[0].usage.cpu, /^\d+[num]?$/);
    assert.match(raw.containers[0].usage.memory, /^\d+(Ki|Mi)$/);

    const got = await kubectlAsyncOk(server(), ['get', 'pods.metrics.k8s.io', 'busy']);
    assert.match(got, /^NAME\s+CPU\s+MEMORY\s+WINDOW\s*$/m);
    assert.match(got, /^busy\s+\d+[num]?\s+\d+(Ki|Mi)\s+(\d+h)?(\d+m)?[\d.]+(ms|s)\s*$/m);

    const resources = await kubectlAsyncOk(server(), ['api-resources', '--api-group=metrics.k8s.io']);
    assert.match(resources, /^nodes\s+metrics\.k8s\.io\/v1beta1\s+false\s+NodeMetrics\s*$/m);
    assert.match(resources, /^pods\s+metrics\.k8s\.io\/v1beta1\s+true\s+PodMetrics\s*$/m);

    const missing = await kubectlAsync(server(), ['top', 'pod', 'no-such-pod']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /Error from server \(NotFound\): pods "no-such-pod" not found/);
  });

  it('a fast writer log rotates within the file limit while kubectl logs reads it whole, with --tail and --previous', async (t) => {
    // The first instance writes LINES numbered lines in bursts, then exits; the restarted one
    // says so and waits. The marker in the emptyDir tells the two apart.
    const script = [
      'if [ -e /data/done ]; then echo "second instance"; exec sleep 3600; fi',
      'i=0',
      `while [ $i -lt ${LINES} ]; do i=$((i+1)); echo "line $i ${'x'.repeat(40)}"; if [ $((i % 500)) -eq 0 ]; then sleep 0.2; fi; done`,
      'touch /data/done; exit 1',
    ].join('\n');
    await applyYaml(server(), podManifest('chatty', {
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [{ name: 'writer', command: ['sh', '-c', script], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
    }));
    await untilPodRow(cluster, 'chatty', /\s1\/1\s+Running\s/);
    const dir = await containerLogDir('chatty', 'writer');

    // Watch the first instance's files while it writes: several rotations, never too many files.
    let most = 0;
    const rotatedSeen = new Set<string>();
    await until(async () => {
      const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('0.log')) : [];
      most = Math.max(most, files.length);
      for (const f of files) if (f !== '0.log') rotatedSeen.add(f.replace(/\.gz$/, ''));
      const r = await kubectlAsync(server(), ['get', 'pod', 'chatty', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}']);
      return r.stdout.trim() !== '' && Number(r.stdout) >= 1;
    }, 'the writer to finish and be restarted', 120_000);
    t.diagnostic(`rotated files seen: ${rotatedSeen.size}; most 0.log* files at once: ${most}; now: ${readdirSync(dir).join(' ')}`);
    assert.ok(rotatedSeen.size >= 3, `the log was rotated several times (${[...rotatedSeen].join(' ')})`);
    assert.ok(most >= 2, 'rotated files were on disk beside the live one');
    assert.ok(most <= MAX_FILES, `at most ${MAX_FILES} files of one log at once, saw ${most}`);
    const compressed = readdirSync(dir).filter((f) => f.startsWith('0.log.') && f.endsWith('.gz'));
    assert.ok(compressed.length >= 1, `older rotated files are gzipped: ${readdirSync(dir).join(' ')}`);

    const previousTail = await kubectlAsyncOk(server(), ['logs', 'chatty', '--previous', '--tail=5']);
    assert.equal(previousTail, `${lineRange(LINES - 4, LINES).join('\n')}\n`);
    // The whole previous log: the lines the kept files hold, in order, each once, up to the last.
    const previous = (await kubectlAsyncOk(server(), ['logs', 'chatty', '--previous'])).trimEnd().split('\n');
    const first = Number(/^line (\d+) /.exec(previous[0])?.[1]);
    assert.ok(first > 1, 'the oldest files were removed');
    assert.deepEqual(previous, lineRange(first, LINES), 'consecutive lines from the oldest kept one to the last');
    t.diagnostic(`kubectl logs --previous: lines ${first} to ${LINES} (${previous.length} lines)`);

    const current = await until(async () => {
      const r = await kubectlAsync(server(), ['logs', 'chatty', '--tail=5']);
      return r.code === 0 && r.stdout.includes('second instance') ? r.stdout : undefined;
    }, 'the second instance to log');
    assert.equal(current, 'second instance\n');

    const uid = (await cluster.pod('chatty'))!.metadata!.uid!;
    await kubectlAsyncOk(server(), ['delete', 'pod', 'chatty', '--grace-period=1']);
    await untilGone(cluster, 'chatty');
    const logsDir = join(server().dataDir, 'agent/logs');
    await until(async () => !readdirSync(logsDir).some((d) => d.endsWith(`_${uid}`)), 'the pod log directory to be removed');
  });

  it('a fast writer that keeps running: kubectl logs --tail=5 shows its newest lines after rotations', async () => {
    // Numbered lines as fast as bursts allow; the count keeps growing while we read.
    const script = `i=0; while true; do i=$((i+1)); echo "line $i ${'x'.repeat(40)}"; if [ $((i % 500)) -eq 0 ]; then sleep 0.2; fi; done`;
    await applyYaml(server(), podManifest('steady', { containers: [{ name: 'writer', command: ['sh', '-c', script] }] }));
    await untilPodRow(cluster, 'steady', /\s1\/1\s+Running\s/);
    const dir = await containerLogDir('steady', 'writer');
    await until(async () => existsSync(dir) && readdirSync(dir).filter((f) => f.startsWith('0.log.')).length >= 2, 'two rotated files of the running writer', 120_000);
    const tail = (await kubectlAsyncOk(server(), ['logs', 'steady', '--tail=5'])).trimEnd().split('\n');
    assert.equal(tail.length, 5);
    const last = Number(/^line (\d+) /.exec(tail[4])?.[1]);
    assert.deepEqual(tail, lineRange(last - 4, last), 'five consecutive lines');
    // One 64Ki file holds about 700 of these lines: two rotations put the newest well past 1000.
    assert.ok(last > 1000, `newest lines, past the first rotations (line ${last})`);
    assert.ok(readdirSync(dir).filter((f) => f.startsWith('0.log')).length <= MAX_FILES);
    await kubectlAsyncOk(server(), ['delete', 'pod', 'steady', '--grace-period=1']);
  });
});
