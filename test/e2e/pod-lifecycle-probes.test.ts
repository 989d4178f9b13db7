// Probes and postStart hooks on a real node, seen through the real kubectl (`get po`, `describe`
// events) and the API: a failing liveness probe restarts the container within the probe's own
// grace period, a failing readiness probe flips READY and the pod's conditions without a restart,
// a startup probe holds the other probes back, tcpSocket probes, and postStart hooks (a side effect
// when they pass; FailedPostStartHook and a killed container when they fail).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyYaml, containerStatus, describedEvents, execIn, kubectlAsyncOk, kubectlPodLine, podManifest,
  startAgentCluster, until, untilPodRow, type AgentCluster,
} from './agent-harness';

let cluster: AgentCluster;
const server = () => cluster.server;

before(async () => {
  cluster = await startAgentCluster({ name: 'probes', octet: 72 });
});
after(async () => {
  await cluster?.stop();
});

const condition = async (pod: string, type: string) => (await cluster.pod(pod))?.status?.conditions?.find((c) => c.type === type)?.status;

describe('probes and hooks', { concurrency: true }, () => {
  it('a failing liveness probe restarts the container, within the probe\'s own grace period', async () => {
    await applyYaml(server(), podManifest('liveness', {
      terminationGracePeriodSeconds: 300,
      containers: [{
        name: 'app', command: ['sleep', '3600'],
        livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2, terminationGracePeriodSeconds: 2 },
      }],
    }));
    // The pod's 300 s would hold the restart for five minutes; the probe's 2 s do not.
    await untilPodRow(cluster, 'liveness', /^liveness\s+\d\/1\s+\S+\s+[1-9]/);
    assert.match((await kubectlPodLine(server(), 'liveness'))!, /^liveness\s+\d\/1\s+\S+\s+[1-9]/);
    const events = await describedEvents(server(), 'liveness');
    assert.match(events, /Warning\s+Unhealthy\s+.*Liveness probe failed: cat: can't open '\/tmp\/healthy': No such file or directory/);
    assert.match(events, /Normal\s+Killing\s+.*Container app failed liveness probe, will be restarted/);
    const s = containerStatus(await cluster.pod('liveness'), 'app');
    assert.equal(s?.lastState?.terminated?.exitCode, 137, 'killed once the probe\'s grace period ran out');
    await kubectlAsyncOk(server(), ['delete', 'pod', 'liveness', '--grace-period=0', '--force']);
  });

  it('a failing readiness probe flips READY and the Ready conditions, without a restart', async (t) => {
    await applyYaml(server(), podManifest('readiness', {
      containers: [{
        name: 'web', command: ['sh', '-c', 'mkdir -p /www && echo ok > /www/ready && exec httpd -f -p 8080 -h /www'],
        ports: [{ name: 'http', containerPort: 8080 }],
        readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 1, failureThreshold: 1 },
      }],
    }));
    await untilPodRow(cluster, 'readiness', /^readiness\s+1\/1\s+Running\s+0\s/);
    assert.equal(await condition('readiness', 'Ready'), 'True');
    let started = Date.now();
    await execIn(cluster, 'readiness', 'web', ['rm', '/www/ready']);
    await untilPodRow(cluster, 'readiness', /^readiness\s+0\/1\s+Running\s+0\s/);
    t.diagnostic(`readiness failure to 0/1 in the API: ${Date.now() - started} ms (period 1 s)`);
    assert.match((await kubectlPodLine(server(), 'readiness'))!, /^readiness\s+0\/1\s+Running\s+0\s/);
    assert.equal(await condition('readiness', 'Ready'), 'False');
    assert.equal(await condition('readiness', 'ContainersReady'), 'False');
    assert.equal(containerStatus(await cluster.pod('readiness'), 'web')?.started, true);
    assert.match(await describedEvents(server(), 'readiness'), /Warning\s+Unhealthy\s+.*Readiness probe failed: HTTP probe failed with statuscode: 404/);
    started = Date.now();
    await execIn(cluster, 'readiness', 'web', ['sh', '-c', 'echo ok > /www/ready']);
    await untilPodRow(cluster, 'readiness', /^readiness\s+1\/1\s+Running\s+0\s/);
    t.diagnostic(`readiness recovery to 1/1 in the API: ${Date.now() - started} ms`);
    assert.equal(await condition('readiness', 'Ready'), 'True');
    await kubectlAsyncOk(server(), ['delete', 'pod', 'readiness', '--grace-period=0', '--force']);
  });

  it('a startup probe holds back liveness and readiness, and started follows it', async () => {
    await applyYaml(server(), podManifest('startup', {
      containers: [{
        name: 'app', command: ['sleep', '3600'],
        startupProbe: { exec: { command: ['test', '-f', '/tmp/started'] }, periodSeconds: 1, failureThreshold: 600 },
        // Would restart the container within two seconds if it ran before the startup probe passed.
        livenessProbe: { exec: { command: ['test', '-f', '/tmp/started'] }, periodSeconds: 1, failureThreshold: 1, terminationGracePeriodSeconds: 2 },
        readinessProbe: { exec: { command: ['test', '-f', '/tmp/started'] }, periodSeconds: 1 },
      }],
    }));
    await untilPodRow(cluster, 'startup', /^startup\s+0\/1\s+Running\s+0\s/);
    await new Promise((r) => setTimeout(r, 3000));
    let s = containerStatus(await cluster.pod('startup'), 'app');
    assert.equal(s?.started, false);
    assert.equal(s?.ready, false);
    assert.equal(s?.restartCount, 0, 'the liveness probe has not run');
    await execIn(cluster, 'startup', 'app', ['touch', '/tmp/started']);
    await untilPodRow(cluster, 'startup', /^startup\s+1\/1\s+Running\s+0\s/);
    s = containerStatus(await cluster.pod('startup'), 'app');
    assert.equal(s?.started, true);
    assert.match(await describedEvents(server(), 'startup'), /Warning\s+Unhealthy\s+.*Startup probe failed:/);
    await kubectlAsyncOk(server(), ['delete', 'pod', 'startup', '--grace-period=0', '--force']);
  });

  it('a startup probe that keeps failing restarts the container', async () => {
    await applyYaml(server(), podManifest('never-starts', {
      containers: [{ name: 'app', command: ['sleep', '3600'], startupProbe: { exec: { command: ['false'] }, periodSeconds: 1, failureThreshold: 2, terminationGracePeriodSeconds: 2 } }],
    }));
    await untilPodRow(cluster, 'never-starts', /^never-starts\s+0\/1\s+\S+\s+[1-9]/);
    assert.match(await describedEvents(server(), 'never-starts'), /Normal\s+Killing\s+.*Container app failed startup probe, will be restarted/);
    await kubectlAsyncOk(server(), ['delete', 'pod', 'never-starts', '--grace-period=0', '--force']);
  });

  it('tcpSocket probes connect to the pod IP', async () => {
    await applyYaml(server(), podManifest('tcp', {
      containers: [{
        name: 'web', command: ['httpd', '-f', '-p', '8080'],
        livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1, failureThreshold: 1 },
        readinessProbe: { tcpSocket: { port: 9999 }, periodSeconds: 1, failureThreshold: 1 },
      }],
    }));
    await untilPodRow(cluster, 'tcp', /^tcp\s+0\/1\s+Running\s+0\s/);
    const ip = (await cluster.pod('tcp'))!.status!.podIP!;
    await until(async () => new RegExp(`Readiness probe failed: dial tcp ${ip.replace(/\./g, '\\.')}:9999: connect: connection refused`).test(await describedEvents(server(), 'tcp')), 'the readiness failure event');
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(containerStatus(await cluster.pod('tcp'), 'web')?.restartCount, 0, 'the liveness probe passes');
    await kubectlAsyncOk(server(), ['delete', 'pod', 'tcp', '--grace-period=0', '--force']);
  });

  it('runs postStart hooks: a passing one leaves its mark, a failing one kills the container', async () => {
    await applyYaml(server(), podManifest('hooks', {
      restartPolicy: 'Never',
      containers: [
        { name: 'good', command: ['sleep', '3600'], lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo hooked > /tmp/post-start'] } } } },
        { name: 'bad', command: ['sleep', '3600'], lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo nope; exit 1'] } } } },
      ],
      terminationGracePeriodSeconds: 2,
    }));
    const pod = await until(async () => {
      const p = await cluster.pod('hooks');
      return containerStatus(p, 'bad')?.state?.terminated && containerStatus(p, 'good')?.state?.running ? p : undefined;
    }, 'the bad container killed and the good one running');
    assert.equal(containerStatus(pod, 'bad')?.state?.terminated?.exitCode, 137);
    assert.equal(await execIn(cluster, 'hooks', 'good', ['cat', '/tmp/post-start']), 'hooked\n');
    const events = await describedEvents(server(), 'hooks');
    assert.match(events, /Warning\s+FailedPostStartHook\s+.*PostStartHook failed/);
    assert.match(events, /Normal\s+Killing\s+.*FailedPostStartHook/);
    assert.match((await kubectlPodLine(server(), 'hooks'))!, /^hooks\s+1\/2\s/);
    await kubectlAsyncOk(server(), ['delete', 'pod', 'hooks', '--grace-period=0', '--force']);
  });
});
