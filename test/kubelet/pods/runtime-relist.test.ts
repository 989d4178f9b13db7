// The relist wakes the workers of pods whose sandboxes or containers changed, vanished ones included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, PodSandbox } from '../../../src/kubelet/runtime/cri-types';
import { changedPods, podSignatures } from '../../../src/kubelet/pods/runtime-relist';
import { POD_UID } from '../../../src/kubelet/pods/cri-labels';

const sandbox = (id: string, uid: string, state: PodSandbox['state']): PodSandbox =>
  ({ id, state, labels: { [POD_UID]: uid }, annotations: {}, createdAt: 1, runtimeHandler: '' } as PodSandbox);
const container = (id: string, uid: string, state: Container['state']): Container =>
  ({ id, podSandboxId: 's', state, labels: { [POD_UID]: uid }, annotations: {}, createdAt: 1, imageRef: '' } as unknown as Container);

test('a pod whose sandbox stopped, whose container exited, or that is new, is woken; an unchanged pod is not', () => {
  const before = podSignatures(
    [sandbox('s1', 'a', 'SANDBOX_READY'), sandbox('s2', 'b', 'SANDBOX_READY'), sandbox('s3', 'c', 'SANDBOX_READY')],
    [container('c1', 'a', 'CONTAINER_RUNNING'), container('c2', 'b', 'CONTAINER_RUNNING'), container('c3', 'c', 'CONTAINER_RUNNING')],
  );
  const now = podSignatures(
    [sandbox('s1', 'a', 'SANDBOX_NOTREADY'), sandbox('s2', 'b', 'SANDBOX_READY'), sandbox('s3', 'c', 'SANDBOX_READY'), sandbox('s4', 'd', 'SANDBOX_READY')],
    [container('c1', 'a', 'CONTAINER_RUNNING'), container('c2', 'b', 'CONTAINER_EXITED'), container('c3', 'c', 'CONTAINER_RUNNING')],
  );
  assert.deepEqual(changedPods(before, now).sort(), ['a', 'b', 'd']);
});

test('a pod whose sandbox and containers were all removed is woken, once', () => {
  const before = podSignatures([sandbox('s1', 'a', 'SANDBOX_READY')], [container('c1', 'a', 'CONTAINER_RUNNING')]);
  const now = podSignatures([], []);
  assert.deepEqual(changedPods(before, now), ['a']);
  assert.deepEqual(changedPods(now, podSignatures([], [])), []);
});

test('sandboxes and containers without a pod uid label (not the agent\'s) are left out', () => {
  const s = { ...sandbox('x', 'a', 'SANDBOX_READY'), labels: {} };
  assert.deepEqual([...podSignatures([s], []).keys()], []);
});
