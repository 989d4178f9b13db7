// The status the kubelet writes, from one sync pass's view of the runtime and the probes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import type { ContainerStatus } from '../../../src/kubelet/runtime/cri-types';
import type { SyncResult } from '../../../src/kubelet/pods/sync-deps';
import { computePodStatus } from '../../../src/kubelet/pods/pod-status';
import { RESTART_COUNT } from '../../../src/kubelet/pods/cri-labels';

const SEC = 1_000_000_000;
function cri(id: string, state: ContainerStatus['state'], exitCode = 0): ContainerStatus {
  return {
    id, state, createdAt: 1 * SEC, startedAt: 2 * SEC, finishedAt: state === 'CONTAINER_EXITED' ? 3 * SEC : 0, exitCode, imageRef: 'sha256:x',
    reason: state === 'CONTAINER_EXITED' ? (exitCode ? 'Error' : 'Completed') : '', message: '', labels: {}, annotations: { [RESTART_COUNT]: '0' },
    mounts: [], logPath: '', imageId: '', stopSignal: 'SIGNAL_RUNTIME_DEFAULT',
  };
}
const pod: Pod = {
  metadata: { name: 'p', namespace: 'default', uid: 'u' },
  spec: { initContainers: [{ name: 'init', image: 'i' }], containers: [{ name: 'a', image: 'i' }, { name: 'b', image: 'i' }] },
  status: { phase: 'Pending' },
};
const sandbox = { id: 's', state: 'SANDBOX_READY' as const, createdAt: 0, labels: {}, annotations: {}, runtimeHandler: '' };
const result = (extra: Partial<SyncResult>): SyncResult => ({
  sandbox, podIP: '10.1.0.5', waiting: new Map(), previous: new Map(), initDone: true,
  containers: new Map([['init', cri('i1', 'CONTAINER_EXITED')], ['a', cri('a1', 'CONTAINER_RUNNING')], ['b', cri('b1', 'CONTAINER_RUNNING')]]),
  ...extra,
});

describe('pod status', () => {
  it('reads ready and started from the probes, and the pod conditions follow readiness', () => {
    const s = computePodStatus(pod, result({ started: new Map([['a', true], ['b', true]]), ready: new Map([['a', true], ['b', false]]) }), '192.0.2.1');
    const byName = Object.fromEntries(s.containerStatuses!.map((c) => [c.name, c]));
    assert.equal(byName.a.ready, true);
    assert.equal(byName.b.ready, false);
    assert.equal(byName.b.started, true);
    assert.equal(s.initContainerStatuses![0].ready, true, 'a completed init container is ready');
    const cond = Object.fromEntries(s.conditions!.map((c) => [c.type, c]));
    assert.equal(cond.Ready.status, 'False');
    assert.equal(cond.ContainersReady.status, 'False');
    assert.equal(cond.Ready.message, 'containers with unready status: [b]');
    assert.equal(s.phase, 'Running');
  });

  it('a container that has not passed its startup probe is neither started nor ready', () => {
    const s = computePodStatus(pod, result({ started: new Map([['a', false], ['b', true]]), ready: new Map([['a', false], ['b', true]]) }), '192.0.2.1');
    const a = s.containerStatuses!.find((c) => c.name === 'a')!;
    assert.equal(a.started, false);
    assert.equal(a.ready, false);
    assert.ok(a.state?.running, 'still running');
  });

  it('fails the pod with the reason and message of a deadline', () => {
    const s = computePodStatus(pod, result({}), '192.0.2.1', new Date(), { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    assert.equal(s.phase, 'Failed');
    assert.equal(s.reason, 'DeadlineExceeded');
    assert.equal(s.message, 'Pod was active on the node longer than the specified deadline');
    assert.deepEqual(s.containerStatuses!.map((c) => c.ready), [false, false], 'a failed pod has no ready container, even one still stopping');
    assert.equal(s.conditions!.find((c) => c.type === 'Ready')?.status, 'False');
  });

  it('shows the termination message of an exited container', () => {
    const exited = { ...cri('a1', 'CONTAINER_EXITED', 3), message: 'bye now' };
    const s = computePodStatus({ ...pod, spec: { ...pod.spec!, restartPolicy: 'Never' } }, result({ containers: new Map([['init', cri('i1', 'CONTAINER_EXITED')], ['a', exited], ['b', cri('b1', 'CONTAINER_EXITED')]]) }), '192.0.2.1');
    const a = s.containerStatuses!.find((c) => c.name === 'a')!;
    assert.equal(a.state?.terminated?.message, 'bye now');
    assert.equal(a.state?.terminated?.exitCode, 3);
    assert.equal(s.phase, 'Failed');
  });
});
