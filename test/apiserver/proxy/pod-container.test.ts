import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { podContainer } from '../../../src/apiserver/proxy/pod-container';
import { StatusError } from '../../../src/api/status';

const pod = (names: string[], init: string[] = [], annotations?: Record<string, string>): Pod => ({
  metadata: { name: 'web', annotations },
  spec: { containers: names.map((name) => ({ name })), initContainers: init.map((name) => ({ name })) },
});

function badRequest(fn: () => unknown): string {
  try { fn(); } catch (e) {
    assert.ok(e instanceof StatusError);
    assert.equal(e.status.code, 400);
    assert.equal(e.status.reason, 'BadRequest');
    return e.status.message ?? '';
  }
  assert.fail('expected a BadRequest');
}

test('one container needs no name; a named one must exist (init containers count)', () => {
  assert.equal(podContainer(pod(['app']), ''), 'app');
  assert.equal(podContainer(pod(['app', 'side'], ['setup']), 'setup'), 'setup');
  assert.equal(badRequest(() => podContainer(pod(['app']), 'nosuch')), 'container nosuch is not valid for pod web');
});

test('several containers: the default-container annotation picks one, or kube-apiserver\'s message lists them', () => {
  assert.equal(podContainer(pod(['app', 'side'], [], { 'kubectl.kubernetes.io/default-container': 'side' }), null), 'side');
  assert.equal(badRequest(() => podContainer(pod(['app', 'side']), null)), 'a container name must be specified for pod web, choose one of: [app side]');
  assert.equal(badRequest(() => podContainer(pod(['app', 'side'], ['setup']), undefined)),
    'a container name must be specified for pod web, choose one of: [app side] or one of the init containers: [setup]');
});
