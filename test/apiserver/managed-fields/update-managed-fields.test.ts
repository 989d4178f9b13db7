// managedFields of create/update/patch requests: the writer owns what it changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { updateManagedFields } from '../../../src/apiserver/managed-fields/update-managed-fields';
import { isoSeconds } from '../../../src/apiserver/registry/resource-store';
import { resetFieldsFor } from '../../../src/apiserver/managed-fields/reset-fields';
import { T1, T2, T3, configMapType, kubectlRunFields, nginxPod, podType, stored } from './fixtures';

const v1 = (time: string, extra: object = {}) => ({ apiVersion: 'v1', time, ...extra });
const podMain = (time: string) => v1(time, { resetFields: resetFieldsFor('', 'pods') });

/** Creates the kubectl-run pod and returns it as stored, managedFields included. */
function createdPod(): Record<string, any> {
  const pod = nginxPod();
  const mf = updateManagedFields(undefined, pod, 'kubectl-run', podMain(T1), podType);
  return { ...stored(pod), metadata: { ...stored(pod).metadata, managedFields: mf } };
}

const entry = (mf: ManagedFieldsEntry[], manager: string) => mf.find((e) => e.manager === manager);

test('create: the creator owns every field it set, in the FieldsV1 shape kubectl-run objects have', () => {
  const mf = createdPod().metadata.managedFields;
  assert.deepEqual(mf, [{
    manager: 'kubectl-run',
    operation: 'Update',
    apiVersion: 'v1',
    time: T1,
    fieldsType: 'FieldsV1',
    fieldsV1: kubectlRunFields(),
  }]);
  assert.deepEqual(Object.keys(mf[0]), ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
  assert.equal(JSON.stringify(mf[0].fieldsV1), JSON.stringify(kubectlRunFields()), 'keys in Kubernetes order');
});

test('managedFields times are whole seconds in UTC', () => {
  assert.equal(isoSeconds(new Date(Date.UTC(2024, 4, 1, 10, 0, 0, 987))), '2024-05-01T10:00:00Z');
});

test('create: a new map field is owned with "." (the map itself), name and namespace are not tracked', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { key: 'value' } };
  const mf = updateManagedFields(undefined, cm, 'kubectl-create', v1(T1), configMapType);
  assert.deepEqual(mf[0].fieldsV1, { 'f:data': { '.': {}, 'f:key': {} } });
});

test('a second manager gets its own entry for what it changed; the first keeps the rest', () => {
  const live = createdPod();
  const next = structuredClone(live);
  next.metadata.labels.tier = 'web';
  const mf = updateManagedFields(live, next, 'kubectl-label', podMain(T2), podType);
  assert.deepEqual(mf.map((e) => e.manager), ['kubectl-run', 'kubectl-label']);
  assert.deepEqual(entry(mf, 'kubectl-label')!.fieldsV1, { 'f:metadata': { 'f:labels': { 'f:tier': {} } } });
  assert.deepEqual(entry(mf, 'kubectl-run'), live.metadata.managedFields[0]);
});

test('changing a field moves its ownership to the writer', () => {
  const live = createdPod();
  const next = structuredClone(live);
  next.spec.containers[0].image = 'nginx:1.27';
  const mf = updateManagedFields(live, next, 'kubectl-edit', podMain(T2), podType);
  assert.deepEqual(entry(mf, 'kubectl-edit')!.fieldsV1, { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { 'f:image': {} } } } });
  const run = entry(mf, 'kubectl-run')!.fieldsV1 as any;
  assert.equal(run['f:spec']['f:containers']['k:{"name":"nginx"}']['f:image'], undefined);
  assert.deepEqual(run['f:spec']['f:containers']['k:{"name":"nginx"}']['f:name'], {});
  assert.equal(entry(mf, 'kubectl-run')!.time, T1, 'losing fields does not touch an entry\'s time');
});

test('removed fields leave their owners, and an entry left with nothing is dropped', () => {
  const live = createdPod();
  const labelled = structuredClone(live);
  labelled.metadata.labels.tier = 'web';
  labelled.metadata.managedFields = updateManagedFields(live, labelled, 'kubectl-label', podMain(T2), podType);
  const next = structuredClone(labelled);
  delete next.metadata.labels.tier;
  const mf = updateManagedFields(labelled, next, 'kubectl-label', podMain(T3), podType);
  assert.deepEqual(mf.map((e) => e.manager), ['kubectl-run']);
});

test('the same manager writing again keeps one entry, its fields merged and its time moved', () => {
  const live = createdPod();
  const next = structuredClone(live);
  next.metadata.labels.tier = 'web';
  const mf = updateManagedFields(live, next, 'kubectl-run', podMain(T2), podType);
  assert.equal(mf.length, 1);
  assert.equal(mf[0].time, T2);
  assert.deepEqual((mf[0].fieldsV1 as any)['f:metadata'], { 'f:labels': { '.': {}, 'f:run': {}, 'f:tier': {} } });
});

test('a write that changes nothing (or only server-set metadata) leaves managedFields as they were', () => {
  const live = createdPod();
  const same = structuredClone(live);
  same.metadata.resourceVersion = '7';
  same.metadata.generation = 2;
  const mf = updateManagedFields(live, same, 'kubectl-replace', podMain(T2), podType);
  assert.deepEqual(mf, live.metadata.managedFields);
});

test('the main resource ignores status changes; the status subresource records its own entry', () => {
  const live = createdPod();
  const withStatus = structuredClone(live);
  withStatus.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
  const viaMain = updateManagedFields(live, withStatus, 'meddler', podMain(T2), podType);
  assert.deepEqual(viaMain, live.metadata.managedFields, 'status is a reset field of pods');

  const statusOpts = v1(T2, { subresource: 'status', resetFields: resetFieldsFor('', 'pods', 'status') });
  const mf = updateManagedFields(live, withStatus, 'kubelet', statusOpts, podType);
  const kubelet = entry(mf, 'kubelet')!;
  assert.equal(kubelet.subresource, 'status');
  assert.deepEqual(Object.keys(kubelet), ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource']);
  assert.deepEqual(kubelet.fieldsV1, { 'f:status': { 'f:conditions': { '.': {}, 'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} } }, 'f:phase': {} } });

  // Through pods/status, spec changes are not the writer's.
  const specToo = structuredClone(withStatus);
  specToo.spec.nodeName = 'node-1';
  const mf2 = updateManagedFields(live, specToo, 'kubelet', statusOpts, podType);
  assert.deepEqual(entry(mf2, 'kubelet')!.fieldsV1, kubelet.fieldsV1);
});

test('a later main-resource update does not take status fields from the status writer', () => {
  const live = createdPod();
  const withStatus = structuredClone(live);
  withStatus.status = { phase: 'Running' };
  withStatus.metadata.managedFields = updateManagedFields(live, withStatus, 'kubelet', v1(T2, { subresource: 'status', resetFields: resetFieldsFor('', 'pods', 'status') }), podType);
  const edit = structuredClone(withStatus);
  edit.status.phase = 'Failed';
  const mf = updateManagedFields(withStatus, edit, 'kubectl-edit', podMain(T3), podType);
  assert.deepEqual(entry(mf, 'kubelet')!.fieldsV1, { 'f:status': { 'f:phase': {} } });
  assert.equal(entry(mf, 'kubectl-edit'), undefined);
});

test('managedFields sent with an update replace the stored ones; absent ones keep them', () => {
  const live = createdPod();
  const next = structuredClone(live);
  next.metadata.managedFields = [{ ...live.metadata.managedFields[0], manager: 'renamed' }];
  assert.deepEqual(updateManagedFields(live, next, 'x', podMain(T2), podType).map((e) => e.manager), ['renamed']);
  delete next.metadata.managedFields;
  assert.deepEqual(updateManagedFields(live, next, 'x', podMain(T2), podType), live.metadata.managedFields);
  next.metadata.managedFields = [{ manager: 'bad', operation: 'Sideways', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {} }];
  assert.deepEqual(updateManagedFields(live, next, 'x', podMain(T2), podType), live.metadata.managedFields, 'invalid ones are ignored');
});

test('managedFields: [{}] clears tracking, and later updates do not start it again', () => {
  const live = createdPod();
  const cleared = structuredClone(live);
  cleared.metadata.managedFields = [{}];
  assert.deepEqual(updateManagedFields(live, cleared, 'kubectl-patch', podMain(T2), podType), []);
  const untracked = structuredClone(live);
  delete untracked.metadata.managedFields;
  const next = structuredClone(untracked);
  next.metadata.labels.tier = 'web';
  assert.deepEqual(updateManagedFields(untracked, next, 'kubectl-label', podMain(T3), podType), []);
});

test('subresource writes ignore the managedFields in the request', () => {
  const live = createdPod();
  const next = structuredClone(live);
  next.metadata.managedFields = [{}];
  next.status = { phase: 'Running' };
  const mf = updateManagedFields(live, next, 'kubelet', v1(T2, { subresource: 'status', resetFields: resetFieldsFor('', 'pods', 'status') }), podType);
  assert.deepEqual(mf.map((e) => e.manager), ['kubectl-run', 'kubelet']);
});

test('a request without a manager is recorded as "unknown"', () => {
  const mf = updateManagedFields(undefined, nginxPod(), '', podMain(T1), podType);
  assert.equal(mf[0].manager, 'unknown');
});

test('list-map items and atomic lists', () => {
  const live = createdPod();
  const next = structuredClone(live);
  next.spec.containers[0].env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }];
  next.spec.containers[0].command = ['sh', '-c', 'sleep 1'];
  next.metadata.managedFields = updateManagedFields(live, next, 'editor', podMain(T2), podType);
  assert.deepEqual((entry(next.metadata.managedFields, 'editor')!.fieldsV1 as any)['f:spec']['f:containers']['k:{"name":"nginx"}'], {
    'f:command': {},
    'f:env': { '.': {}, 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} }, 'k:{"name":"B"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
  });
  const less = structuredClone(next);
  less.spec.containers[0].env = [{ name: 'A', value: '1' }];
  less.spec.containers[0].command = ['sh'];
  const mf = updateManagedFields(next, less, 'other', podMain(T3), podType);
  assert.deepEqual((entry(mf, 'editor')!.fieldsV1 as any)['f:spec']['f:containers']['k:{"name":"nginx"}'], {
    'f:env': { '.': {}, 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
  });
  assert.deepEqual((entry(mf, 'other')!.fieldsV1 as any)['f:spec']['f:containers']['k:{"name":"nginx"}'], { 'f:command': {} });
});

test('at most ten Update entries: the oldest fold into ancient-changes', () => {
  let obj = createdPod();
  for (let i = 0; i < 11; i++) {
    const next = structuredClone(obj);
    next.metadata.labels[`l${i}`] = 'x';
    next.metadata.managedFields = updateManagedFields(obj, next, `m${i}`, podMain(`2024-05-02T00:00:${String(i + 10)}Z`), podType);
    obj = next;
  }
  const mf: ManagedFieldsEntry[] = obj.metadata.managedFields;
  assert.equal(mf.length, 10);
  assert.ok(!mf.some((e) => e.manager === 'kubectl-run' || e.manager === 'm0' || e.manager === 'm1'));
  const ancient = entry(mf, 'ancient-changes')!;
  assert.equal(ancient.time, '2024-05-02T00:00:11Z', 'the bucket takes the time of the newest entry folded in');
  const labels = (ancient.fieldsV1 as any)['f:metadata']['f:labels'];
  assert.ok(labels['f:run'] && labels['f:l0'] && labels['f:l1']);
});
