import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { admitPodServiceAccount, randomNameSuffix, SERVICE_ACCOUNT_TOKEN_MOUNT_PATH } from '../../../src/api/defaults/service-account-volume';
import { admitPodDefaultTolerations } from '../../../src/api/defaults/default-tolerations';
import { admitPodPriority, admitPodPriorityOnUpdate } from '../../../src/api/defaults/pod-priority';
import { admitPodOnUpdate } from '../../../src/api/defaults/pod-admission';

const fixed = () => 'abcde';
const basePod = (): Pod => ({
  metadata: { name: 'p', namespace: 'ns' },
  spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }], initContainers: [{ name: 'init', image: 'x' }] },
});

test('every container and init container mounts the token volume read-only at the well-known path', () => {
  const pod = basePod();
  admitPodServiceAccount(pod, fixed);
  assert.equal(pod.spec!.serviceAccountName, 'default');
  const mount = { name: 'kube-api-access-abcde', readOnly: true, mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH };
  for (const c of [...pod.spec!.containers, ...pod.spec!.initContainers!]) assert.deepEqual(c.volumeMounts, [mount]);
  assert.equal(pod.spec!.volumes!.length, 1);
  assert.equal(pod.spec!.volumes![0].name, 'kube-api-access-abcde');
  assert.equal(pod.spec!.volumes![0].projected!.defaultMode, 420);
});

test('a container that already mounts something at the path is left alone', () => {
  const pod = basePod();
  pod.spec!.containers[0].volumeMounts = [{ name: 'mine', mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH }];
  admitPodServiceAccount(pod, fixed);
  assert.deepEqual(pod.spec!.containers[0].volumeMounts, [{ name: 'mine', mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH }]);
  assert.equal(pod.spec!.containers[1].volumeMounts!.length, 1);
});

test('automountServiceAccountToken false on the pod, or on the account, mounts nothing', () => {
  const pod = basePod();
  pod.spec!.automountServiceAccountToken = false;
  admitPodServiceAccount(pod, fixed);
  assert.equal(pod.spec!.volumes, undefined);
  assert.equal(pod.spec!.serviceAccountName, 'default');

  const other = basePod();
  admitPodServiceAccount(other, fixed, { metadata: { name: 'default' }, automountServiceAccountToken: false });
  assert.equal(other.spec!.volumes, undefined);

  const podWins = basePod();
  podWins.spec!.automountServiceAccountToken = true;
  admitPodServiceAccount(podWins, fixed, { metadata: { name: 'default' }, automountServiceAccountToken: false });
  assert.equal(podWins.spec!.volumes!.length, 1);
});

test('an existing kube-api-access volume is reused rather than duplicated', () => {
  const pod = basePod();
  pod.spec!.volumes = [{ name: 'kube-api-access-zzzzz', emptyDir: {} }];
  admitPodServiceAccount(pod, fixed);
  assert.equal(pod.spec!.volumes.length, 1);
  assert.equal(pod.spec!.containers[0].volumeMounts![0].name, 'kube-api-access-zzzzz');
});

test("the account's imagePullSecrets are copied when the pod names none", () => {
  const pod = basePod();
  admitPodServiceAccount(pod, fixed, { metadata: { name: 'default' }, imagePullSecrets: [{ name: 'regcred' }] });
  assert.deepEqual(pod.spec!.imagePullSecrets, [{ name: 'regcred' }]);
});

test('mirror pods may not use service accounts', () => {
  const pod = basePod();
  pod.metadata!.annotations = { 'kubernetes.io/config.mirror': 'x' };
  pod.spec!.serviceAccountName = 'builder';
  assert.equal(admitPodServiceAccount(pod, fixed), 'a mirror pod may not reference service accounts');
});

test('random suffixes use Kubernetes’ alphabet', () => {
  for (let i = 0; i < 50; i++) assert.match(randomNameSuffix(), /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test('default tolerations are added unless the pod already tolerates the taints', () => {
  const pod = basePod();
  admitPodDefaultTolerations(pod);
  assert.deepEqual(pod.spec!.tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
  const own = basePod();
  own.spec!.tolerations = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }];
  admitPodDefaultTolerations(own);
  assert.equal(own.spec!.tolerations.length, 2);
  assert.equal(own.spec!.tolerations[0].tolerationSeconds, 10);
  const all = basePod();
  all.spec!.tolerations = [{ operator: 'Exists' }];
  admitPodDefaultTolerations(all);
  assert.equal(all.spec!.tolerations.length, 1);
});

test('priority is 0 with PreemptLowerPriority when no class is named', () => {
  const pod = basePod();
  assert.equal(admitPodPriority(pod), undefined);
  assert.equal(pod.spec!.priority, 0);
  assert.equal(pod.spec!.preemptionPolicy, 'PreemptLowerPriority');
});

test('system classes resolve; unknown classes and mismatching priorities are refused', () => {
  const critical = basePod();
  critical.spec!.priorityClassName = 'system-node-critical';
  assert.equal(admitPodPriority(critical), undefined);
  assert.equal(critical.spec!.priority, 2000001000);

  const unknown = basePod();
  unknown.spec!.priorityClassName = 'gold';
  assert.equal(admitPodPriority(unknown), 'no PriorityClass with name gold was found');
  assert.equal(admitPodPriority(unknown, [{ name: 'gold', value: 1000, preemptionPolicy: 'Never' }]), undefined);
  assert.equal(unknown.spec!.preemptionPolicy, 'Never');

  const explicit = basePod();
  explicit.spec!.priority = 5;
  assert.equal(admitPodPriority(explicit), 'the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name');
});

test('a global default class applies when none is named', () => {
  const pod = basePod();
  admitPodPriority(pod, [{ name: 'low', value: 10, globalDefault: true, preemptionPolicy: 'PreemptLowerPriority' }]);
  assert.equal(pod.spec!.priorityClassName, 'low');
  assert.equal(pod.spec!.priority, 10);
});

test('updates restore the priority fields a client left out and re-add default tolerations', () => {
  const old = basePod();
  admitPodPriority(old);
  admitPodDefaultTolerations(old);
  const next = basePod();
  admitPodOnUpdate(next, old);
  assert.equal(next.spec!.priority, 0);
  assert.equal(next.spec!.preemptionPolicy, 'PreemptLowerPriority');
  assert.deepEqual(next.spec!.tolerations, old.spec!.tolerations);
  admitPodPriorityOnUpdate(next, old);
  assert.equal(next.spec!.priority, 0);
});
