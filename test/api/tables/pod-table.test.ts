import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus, Pod, PodStatus } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../src/api/object';
import { podRowConditions, podTable } from '../../../src/api/tables/pod-table';
import { summarizePod } from '../../../src/api/tables/pod-status';

const now = new Date('2024-05-01T12:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

function pod(status: PodStatus, opts: { containers?: string[]; init?: Array<{ name: string; restartPolicy?: string }>; deleting?: boolean } = {}): Pod & KubeObject {
  return {
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(5), ...(opts.deleting ? { deletionTimestamp: ago(0) } : {}) },
    spec: {
      containers: (opts.containers ?? ['app']).map((name) => ({ name, image: 'busybox' })),
      ...(opts.init ? { initContainers: opts.init.map((c) => ({ image: 'busybox', ...c })) } : {}),
    },
    status,
  };
}

const running = (name: string, ready = true, restartCount = 0): ContainerStatus =>
  ({ name, image: 'busybox', imageID: '', ready, restartCount, state: { running: { startedAt: ago(4) } } });
const waiting = (name: string, reason: string, restartCount = 0): ContainerStatus =>
  ({ name, image: 'busybox', imageID: '', ready: false, restartCount, state: { waiting: { reason } } });
const terminated = (name: string, t: { exitCode: number; reason?: string; signal?: number }, restartCount = 0): ContainerStatus =>
  ({ name, image: 'busybox', imageID: '', ready: false, restartCount, state: { terminated: t } });

const status = (p: Pod) => summarizePod(p, now).status;

test('a pod with no container statuses yet shows its phase', () => {
  assert.deepEqual(summarizePod(pod({ phase: 'Pending' }), now), { ready: '0/1', status: 'Pending', restarts: '0' });
});

test('a waiting container shows its reason (ContainerCreating, ErrImagePull, ...)', () => {
  assert.equal(status(pod({ phase: 'Pending', containerStatuses: [waiting('app', 'ContainerCreating')] })), 'ContainerCreating');
  assert.equal(status(pod({ phase: 'Pending', containerStatuses: [waiting('app', 'ImagePullBackOff')] })), 'ImagePullBackOff');
});

test('a running, ready pod is Running with all containers ready', () => {
  assert.deepEqual(summarizePod(pod({ phase: 'Running', containerStatuses: [running('app')] }), now), { ready: '1/1', status: 'Running', restarts: '0' });
});

test('a running container that is not ready counts as running but not ready', () => {
  assert.deepEqual(summarizePod(pod({ phase: 'Running', containerStatuses: [running('app', false)] }), now), { ready: '0/1', status: 'Running', restarts: '0' });
});

test('CrashLoopBackOff with one of two containers ready, restarts with the time of the last one', () => {
  const crashing = waiting('sidecar', 'CrashLoopBackOff', 4);
  crashing.lastState = { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(3) } };
  const p = pod({ phase: 'Running', containerStatuses: [running('app'), crashing] }, { containers: ['app', 'sidecar'] });
  assert.deepEqual(summarizePod(p, now), { ready: '1/2', status: 'CrashLoopBackOff', restarts: '4 (3m ago)' });
});

test('restarts add up over containers and take the latest termination time', () => {
  const a = running('a', true, 2);
  a.lastState = { terminated: { exitCode: 1, finishedAt: ago(90) } };
  const b = running('b', true, 1);
  b.lastState = { terminated: { exitCode: 1, finishedAt: ago(10) } };
  const p = pod({ phase: 'Running', containerStatuses: [a, b] }, { containers: ['a', 'b'] });
  assert.equal(summarizePod(p, now).restarts, '3 (10m ago)');
});

test('restarts without a known last termination show the count only', () => {
  assert.equal(summarizePod(pod({ phase: 'Running', containerStatuses: [running('app', true, 3)] }), now).restarts, '3');
});

test('the first container with a reason decides the status', () => {
  const p = pod({ phase: 'Running', containerStatuses: [waiting('a', 'CrashLoopBackOff'), waiting('b', 'ErrImagePull')] }, { containers: ['a', 'b'] });
  assert.equal(status(p), 'CrashLoopBackOff');
});

test('a finished container shows Completed or Error from its terminated reason', () => {
  assert.deepEqual(summarizePod(pod({ phase: 'Succeeded', containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' })] }), now),
    { ready: '0/1', status: 'Completed', restarts: '0' });
  assert.equal(status(pod({ phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 1, reason: 'Error' })] })), 'Error');
  assert.equal(status(pod({ phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 137, reason: 'OOMKilled' })] })), 'OOMKilled');
});

test('a terminated container without a reason shows its signal or exit code', () => {
  assert.equal(status(pod({ phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 2 })] })), 'ExitCode:2');
  assert.equal(status(pod({ phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 137, signal: 9 })] })), 'Signal:9');
});

test('Completed next to a still-running container shows Running or NotReady from the Ready condition', () => {
  const statuses = [terminated('job', { exitCode: 0, reason: 'Completed' }), running('server')];
  const ready = pod({ phase: 'Running', containerStatuses: statuses, conditions: [{ type: 'Ready', status: 'True' }] }, { containers: ['job', 'server'] });
  assert.deepEqual(summarizePod(ready, now), { ready: '1/2', status: 'Running', restarts: '0' });
  const notReady = pod({ phase: 'Running', containerStatuses: statuses, conditions: [{ type: 'Ready', status: 'False' }] }, { containers: ['job', 'server'] });
  assert.equal(status(notReady), 'NotReady');
});

test('the pod-level reason replaces the phase (Evicted, ...)', () => {
  assert.equal(status(pod({ phase: 'Failed', reason: 'Evicted' })), 'Evicted');
});

test('a pod held by scheduling gates shows SchedulingGated', () => {
  assert.equal(status(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] })), 'SchedulingGated');
});

test('a running init container shows Init:index/count', () => {
  const init = [{ name: 'setup' }];
  const p = pod({ phase: 'Pending', initContainerStatuses: [running('setup', false)], containerStatuses: [waiting('app', 'PodInitializing')] }, { init });
  assert.deepEqual(summarizePod(p, now), { ready: '0/1', status: 'Init:0/1', restarts: '0' });
  const waitingInit = pod({ phase: 'Pending', initContainerStatuses: [waiting('setup', 'PodInitializing')] }, { init });
  assert.equal(status(waitingInit), 'Init:0/1');
});

test('finished init containers are skipped: the second of two running shows Init:1/2', () => {
  const p = pod({ phase: 'Pending', initContainerStatuses: [terminated('a', { exitCode: 0, reason: 'Completed' }), running('b', false)] }, { init: [{ name: 'a' }, { name: 'b' }] });
  assert.equal(status(p), 'Init:1/2');
});

test('a failing init container shows Init: with its waiting or terminated reason, exit code or signal', () => {
  const init = [{ name: 'setup' }];
  const backoff = waiting('setup', 'CrashLoopBackOff', 2);
  backoff.lastState = { terminated: { exitCode: 1, finishedAt: ago(1) } };
  assert.deepEqual(summarizePod(pod({ phase: 'Pending', initContainerStatuses: [backoff] }, { init }), now),
    { ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: '2 (60s ago)' });
  assert.equal(status(pod({ phase: 'Failed', initContainerStatuses: [terminated('setup', { exitCode: 1, reason: 'Error' })] }, { init })), 'Init:Error');
  assert.equal(status(pod({ phase: 'Failed', initContainerStatuses: [terminated('setup', { exitCode: 3 })] }, { init })), 'Init:ExitCode:3');
  assert.equal(status(pod({ phase: 'Failed', initContainerStatuses: [terminated('setup', { exitCode: 143, signal: 15 })] }, { init })), 'Init:Signal:15');
});

test('a started sidecar (restartable init container) counts as a container and its restarts stay counted', () => {
  const side = running('proxy', true, 2);
  side.started = true;
  side.lastState = { terminated: { exitCode: 1, finishedAt: ago(20) } };
  const p = pod({
    phase: 'Running',
    conditions: [{ type: 'Initialized', status: 'True' }],
    initContainerStatuses: [terminated('setup', { exitCode: 0, reason: 'Completed' }, 5), side],
    containerStatuses: [running('app')],
  }, { init: [{ name: 'setup' }, { name: 'proxy', restartPolicy: 'Always' }] });
  // The plain init container's 5 restarts no longer count once the pod is initialized.
  assert.deepEqual(summarizePod(p, now), { ready: '2/2', status: 'Running', restarts: '2 (20m ago)' });
});

test('a sidecar that has not started yet holds initialization', () => {
  const side = running('proxy', false);
  side.started = false;
  const p = pod({ phase: 'Pending', initContainerStatuses: [side] }, { init: [{ name: 'proxy', restartPolicy: 'Always' }] });
  assert.deepEqual(summarizePod(p, now), { ready: '0/2', status: 'Init:0/1', restarts: '0' });
});

test('a pod being deleted shows Terminating unless it already finished', () => {
  assert.equal(status(pod({ phase: 'Running', containerStatuses: [running('app')] }, { deleting: true })), 'Terminating');
  assert.equal(status(pod({ phase: 'Pending' }, { deleting: true })), 'Terminating');
  assert.equal(status(pod({ phase: 'Succeeded', containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' })] }, { deleting: true })), 'Completed');
});

test('a pod being deleted on a lost node shows Unknown', () => {
  assert.equal(status(pod({ phase: 'Running', reason: 'NodeLost' }, { deleting: true })), 'Unknown');
  assert.equal(status(pod({ phase: 'Running', reason: 'NodeLost' })), 'NodeLost');
});

test('pod table columns: kubectl names, types and wide priorities', () => {
  assert.deepEqual(podTable.columns.map((c) => [c.name, c.type, c.format, c.priority]), [
    ['Name', 'string', 'name', 0],
    ['Ready', 'string', '', 0],
    ['Status', 'string', '', 0],
    ['Restarts', 'string', '', 0],
    ['Age', 'string', '', 0],
    ['IP', 'string', '', 1],
    ['Node', 'string', '', 1],
    ['Nominated Node', 'string', '', 1],
    ['Readiness Gates', 'string', '', 1],
  ]);
  for (const c of podTable.columns) assert.ok(c.description.length > 0, `${c.name} has a description`);
});

test('pod table cells: one per column, <none> for what is unset', () => {
  const p = pod({ phase: 'Pending' });
  assert.deepEqual(podTable.cells(p, now), ['web', '0/1', 'Pending', '0', '5m', '<none>', '<none>', '<none>', '<none>']);
});

test('pod table cells: IP, node, nominated node and passed readiness gates', () => {
  const p = pod({
    phase: 'Running',
    podIP: '10.42.0.7',
    podIPs: [{ ip: '10.42.0.7' }, { ip: 'fd00::7' }],
    nominatedNodeName: 'node-2',
    containerStatuses: [running('app')],
    conditions: [{ type: 'example.com/lb', status: 'True' }, { type: 'example.com/dns', status: 'False' }],
  });
  p.spec!.nodeName = 'node-1';
  p.spec!.readinessGates = [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }];
  assert.deepEqual(podTable.cells(p, now), ['web', '1/1', 'Running', '0', '5m', '10.42.0.7', 'node-1', 'node-2', '1/2']);
  const onlyIPs = pod({ phase: 'Running', podIPs: [{ ip: '10.42.0.8' }] });
  assert.equal(podTable.cells(onlyIPs, now)[5], '10.42.0.8');
});

test('finished pods carry a Completed row condition', () => {
  assert.deepEqual(podRowConditions(pod({ phase: 'Succeeded' })), [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  assert.equal(podRowConditions(pod({ phase: 'Failed' }))?.[0].reason, 'Failed');
  assert.equal(podRowConditions(pod({ phase: 'Running' })), undefined);
});
