import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { logContainerId } from '../../../src/kubelet/logs/log-container';

function pod(status: Partial<ContainerStatus>): Pod {
  return {
    metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [{ name: 'app' }] },
    status: { containerStatuses: [{ name: 'app', image: 'i', imageID: '', ready: false, restartCount: 0, ...status }] },
  };
}

test('a running container reads its own log; previous reads the last terminated one', () => {
  const p = pod({ containerID: 'containerd://new', state: { running: {} }, lastState: { terminated: { exitCode: 1, containerID: 'containerd://old' } } });
  assert.equal(logContainerId(p, 'app', false), 'new');
  assert.equal(logContainerId(p, 'app', true), 'old');
});

test('a container waiting to restart shows the last run', () => {
  const p = pod({ state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, containerID: 'containerd://old' } } });
  assert.equal(logContainerId(p, 'app', false), 'old');
});

test('containers with no log say why, in the kubelet\'s words', () => {
  assert.throws(() => logContainerId(pod({ state: { waiting: { reason: 'ContainerCreating' } } }), 'app', false),
    { message: 'container "app" in pod "web" is waiting to start: ContainerCreating' });
  assert.throws(() => logContainerId(pod({ state: { waiting: { reason: 'ErrImagePull' } } }), 'app', false),
    { message: 'container "app" in pod "web" is waiting to start: image can\'t be pulled' });
  assert.throws(() => logContainerId(pod({ state: { waiting: { reason: 'ImagePullBackOff' } } }), 'app', false),
    { message: 'container "app" in pod "web" is waiting to start: trying and failing to pull image' });
  assert.throws(() => logContainerId(pod({ containerID: 'containerd://x', state: { running: {} } }), 'app', true),
    { message: 'previous terminated container "app" in pod "web" not found' });
  assert.throws(() => logContainerId(pod({}), 'other', false), { message: 'container "other" in pod "web" is not available' });
});
