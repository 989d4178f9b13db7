// The agent keeps the newer of its informer's copy of a pod and the answer to its own status write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { isOlderVersion } from '../../../src/kubelet/pods/pod-version';

const pod = (uid: string, rv: string | undefined): Pod => ({ metadata: { name: 'p', uid, resourceVersion: rv } });

test('an event with a lower resourceVersion of the same pod is older; anything else is not', () => {
  assert.equal(isOlderVersion(pod('u', '9'), pod('u', '10')), true);
  assert.equal(isOlderVersion(pod('u', '10'), pod('u', '10')), false);
  assert.equal(isOlderVersion(pod('u', '11'), pod('u', '10')), false);
  // Another pod of the same name (re-created): never older.
  assert.equal(isOlderVersion(pod('v', '9'), pod('u', '10')), false);
  // Not integers: no judgement.
  assert.equal(isOlderVersion(pod('u', undefined), pod('u', '10')), false);
  assert.equal(isOlderVersion(pod('u', 'abc'), pod('u', '10')), false);
});
