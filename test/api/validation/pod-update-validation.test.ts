import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { deepClone } from '../../../src/api/object';
import { defaultPod } from '../../../src/api/defaults/pod-defaults';
import { admitPodOnUpdate } from '../../../src/api/defaults/pod-admission';
import { preparePodForStatusUpdate, preparePodForUpdate } from '../../../src/api/defaults/pod-prepare';
import { podSpecDiff, validatePodStatusUpdate, validatePodUpdate } from '../../../src/api/validation/pod-update-validation';
import { createPod } from '../defaults/pod-create-flow';
import { messages } from './error-messages';

const FORBIDDEN_PREFIX = 'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n';

function stored(): Pod {
  const { pod } = createPod({ metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] } });
  pod.metadata = { ...pod.metadata, uid: 'u1', resourceVersion: '7', creationTimestamp: '2024-05-01T10:00:00Z' };
  return pod;
}

/** What the server does with a PUT of `next` over `old`: defaults, admission, prepare, validate. */
function update(old: Pod, edit: (p: Pod) => void): string[] {
  const next = deepClone(old);
  edit(next);
  defaultPod(next);
  admitPodOnUpdate(next, old);
  preparePodForUpdate(next, old);
  return messages(validatePodUpdate(next, old));
}

test('changing an image is allowed', () => {
  assert.deepEqual(update(stored(), (p) => { p.spec!.containers[0].image = 'nginx:1.26'; }), []);
});

test('labels may change freely', () => {
  assert.deepEqual(update(stored(), (p) => { p.metadata!.labels = { tier: 'web' }; }), []);
});

test('changing anything else is forbidden with Kubernetes’ list of what may change', () => {
  const errs = update(stored(), (p) => { p.spec!.containers[0].ports![0].containerPort = 8080; });
  assert.equal(errs.length, 1);
  assert.ok(errs[0].startsWith(FORBIDDEN_PREFIX), errs[0]);
  assert.match(errs[0], /- \tContainers: .*"containerPort":80/);
  assert.match(errs[0], /\+ \tContainers: .*"containerPort":8080/);
});

test('a replace with the original manifest (no admission-added fields) is refused like on a real cluster', () => {
  const old = stored();
  const next: Pod = { metadata: { ...old.metadata }, spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] } };
  defaultPod(next);
  admitPodOnUpdate(next, old);
  preparePodForUpdate(next, old);
  const errs = messages(validatePodUpdate(next, old));
  assert.equal(errs.length, 1);
  assert.ok(errs[0].startsWith(FORBIDDEN_PREFIX));
  assert.match(errs[0], /ServiceAccountName/);
});

test('containers may not be added or removed', () => {
  assert.deepEqual(update(stored(), (p) => { p.spec!.containers.push({ name: 'side', image: 'busybox' }); }), [
    'spec.containers: Forbidden: pod updates may not add or remove containers',
  ]);
});

test('tolerations may only be added; existing ones may only change tolerationSeconds', () => {
  assert.deepEqual(update(stored(), (p) => { p.spec!.tolerations!.push({ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }); }), []);
  assert.deepEqual(update(stored(), (p) => { p.spec!.tolerations![0].tolerationSeconds = 60; }), []);
  const withGpu = stored();
  withGpu.spec!.tolerations!.push({ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' });
  assert.deepEqual(update(withGpu, (p) => { p.spec!.tolerations![2].key = 'tpu'; }), [
    'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
  ]);
});

test('activeDeadlineSeconds may be set, then only lowered, never removed', () => {
  const old = stored();
  assert.deepEqual(update(old, (p) => { p.spec!.activeDeadlineSeconds = 600; }), []);
  const withDeadline = deepClone(old);
  withDeadline.spec!.activeDeadlineSeconds = 600;
  assert.deepEqual(update(withDeadline, (p) => { p.spec!.activeDeadlineSeconds = 300; }), []);
  assert.deepEqual(update(withDeadline, (p) => { p.spec!.activeDeadlineSeconds = 900; }), [
    'spec.activeDeadlineSeconds: Invalid value: 900: must be less than or equal to previous value',
  ]);
  assert.deepEqual(update(withDeadline, (p) => { delete p.spec!.activeDeadlineSeconds; }), [
    'spec.activeDeadlineSeconds: Invalid value: "null": must not update from a positive integer to nil value',
  ]);
  assert.deepEqual(update(withDeadline, (p) => { p.spec!.activeDeadlineSeconds = -1; }), [
    'spec.activeDeadlineSeconds: Invalid value: -1: must be between 1 and 2147483647, inclusive',
    'spec.activeDeadlineSeconds: Invalid value: -1: must be between 0 and 2147483647, inclusive',
  ]);
});

test('a negative grace period may be raised to 1', () => {
  const old = stored();
  old.spec!.terminationGracePeriodSeconds = -5;
  assert.deepEqual(update(old, (p) => { p.spec!.terminationGracePeriodSeconds = 1; }), []);
  assert.ok(update(old, (p) => { p.spec!.terminationGracePeriodSeconds = 2; })[0].startsWith(FORBIDDEN_PREFIX));
});

test('scheduling gates may only be removed, and while gated, node selectors only added', () => {
  const { pod: gated } = createPod({ metadata: { name: 'g' }, spec: { schedulingGates: [{ name: 'example.com/a' }], nodeSelector: { zone: 'a' }, containers: [{ name: 'c', image: 'x:1' }] } });
  gated.metadata = { ...gated.metadata, uid: 'u', resourceVersion: '1' };
  assert.deepEqual(update(gated, (p) => { p.spec!.schedulingGates = []; }), []);
  assert.deepEqual(update(gated, (p) => { p.spec!.schedulingGates!.push({ name: 'example.com/b' }); }), [
    "spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/b'",
  ]);
  assert.deepEqual(update(gated, (p) => { p.spec!.nodeSelector = { zone: 'a', disk: 'ssd' }; }), []);
  assert.deepEqual(update(gated, (p) => { p.spec!.nodeSelector = { zone: 'b' }; }), [
    'spec.nodeSelector: Invalid value: {"zone":"b"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)',
  ]);
});

test('metadata identity is immutable on update', () => {
  assert.deepEqual(update(stored(), (p) => { p.metadata!.name = 'other'; }), ['metadata.name: Invalid value: "other": field is immutable']);
});

test('the spec diff names Go fields', () => {
  assert.equal(podSpecDiff({ containers: [], nodeName: 'a', dnsPolicy: 'Default' }, { containers: [], nodeName: 'b', dnsPolicy: 'None' }),
    '  core.PodSpec{\n  \t... // 1 identical field\n- \tNodeName: "a",\n+ \tNodeName: "b",\n- \tDNSPolicy: "Default",\n+ \tDNSPolicy: "None",\n  }');
});

function statusUpdate(old: Pod, edit: (p: Pod) => void): string[] {
  const next = deepClone(old);
  edit(next);
  preparePodForStatusUpdate(next, old);
  return messages(validatePodStatusUpdate(next, old));
}

test('status updates: QoS class is immutable, IPs must be valid, spec edits are ignored', () => {
  const old = stored();
  assert.deepEqual(statusUpdate(old, (p) => { (p as { status?: unknown }).status = { phase: 'Running', podIP: '10.1.0.7', qosClass: 'BestEffort' }; }), []);
  assert.deepEqual(statusUpdate(old, (p) => { p.status!.qosClass = 'Guaranteed'; }), ['status.qosClass: Invalid value: "Guaranteed": field is immutable']);
  assert.deepEqual(statusUpdate(old, (p) => { p.status!.podIP = '10.1.0.999'; }), [
    'status.podIPs[0]: Invalid value: "10.1.0.999": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
  ]);
  assert.deepEqual(statusUpdate(old, (p) => { p.spec!.nodeName = 'sneaky'; }), []);
  assert.deepEqual(statusUpdate(old, (p) => { p.status!.podIPs = [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }]; }), [
    'status.podIPs: Invalid value: [{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}]: may specify no more than one IP for each IP family',
  ]);
});

test('status updates: a terminated container of a Never pod stays terminated', () => {
  const old = stored();
  old.spec!.restartPolicy = 'Never';
  (old as { status?: unknown }).status = { phase: 'Failed', qosClass: 'BestEffort', containerStatuses: [{ name: 'web', state: { terminated: { exitCode: 1 } } }] };
  assert.deepEqual(statusUpdate(old, (p) => { p.status!.containerStatuses![0].state = { running: {} }; }), [
    'status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state',
  ]);
});
