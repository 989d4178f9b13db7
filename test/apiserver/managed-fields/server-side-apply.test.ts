// Server-side apply: merging, ownership, conflicts, force, pruning and no-op applies, with the
// outcomes the Kubernetes server-side apply documentation describes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { StatusError } from '../../../src/api/status';
import { type ApplyOptions, serverSideApply } from '../../../src/apiserver/managed-fields/server-side-apply';
import { updateManagedFields } from '../../../src/apiserver/managed-fields/update-managed-fields';
import { resetFieldsFor } from '../../../src/apiserver/managed-fields/reset-fields';
import { LAST_APPLIED_ANNOTATION } from '../../../src/apiserver/managed-fields/last-applied';
import { T1, T2, T3, nginxPod, podType, stored } from './fixtures';

type Obj = Record<string, any>;
const opts = (time: string, extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
  apiVersion: 'v1', kind: 'Pod', time, resetFields: resetFieldsFor('', 'pods'), ...extra,
});

function config(spec: Obj = { containers: [{ name: 'nginx', image: 'nginx:1.25' }] }, labels: Obj | null = { app: 'web' }): Obj {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx', namespace: 'default', ...(labels ? { labels } : {}) }, spec };
}

/** Applies and returns the result as it would be stored (server-set metadata added). */
function apply(live: Obj | undefined, cfg: Obj, manager: string, time: string, force = false, extra: Partial<ApplyOptions> = {}): Obj {
  const r = serverSideApply(live, cfg, manager, force, podType, opts(time, extra));
  return live ? r.object : stored(r.object);
}

/** An object written by a non-apply manager, managedFields included. */
function written(obj: Obj, manager: string, time: string, old?: Obj): Obj {
  const mf = updateManagedFields(old, obj, manager, { apiVersion: 'v1', time, resetFields: resetFieldsFor('', 'pods') }, podType);
  const out = old ? structuredClone(obj) : stored(obj);
  out.metadata.managedFields = mf;
  return out;
}

const entry = (o: Obj, manager: string): ManagedFieldsEntry | undefined => o.metadata.managedFields?.find((e: ManagedFieldsEntry) => e.manager === manager);
const fieldsOf = (o: Obj, manager: string) => entry(o, manager)?.fieldsV1 as Obj | undefined;
const nginxFields = (o: Obj, manager: string) => fieldsOf(o, manager)?.['f:spec']?.['f:containers']?.['k:{"name":"nginx"}'];

function conflictOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  assert.fail('expected an apply conflict');
}

test('apply creates the object; the applier owns exactly what it applied (no "." on the labels map)', () => {
  const cfg = config({ containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] });
  const r = serverSideApply(undefined, cfg, 'kubectl', false, podType, opts(T1));
  assert.equal(r.changed, true);
  assert.deepEqual({ ...r.object, metadata: { ...r.object.metadata, managedFields: undefined } }, { ...cfg, metadata: { ...cfg.metadata, managedFields: undefined } });
  assert.deepEqual(r.managedFields, [{
    manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } },
    },
  }]);
  assert.deepEqual(r.object.metadata!.managedFields, r.managedFields);
});

test('applying the same configuration again changes nothing, not even the entry time', () => {
  const first = apply(undefined, config(), 'kubectl', T1);
  // What defaulting adds is owned by nobody and stays.
  first.spec.containers[0].imagePullPolicy = 'IfNotPresent';
  first.spec.restartPolicy = 'Always';
  const r = serverSideApply(first, config(), 'kubectl', false, podType, opts(T2));
  assert.equal(r.changed, false);
  assert.equal(r.unchanged, true);
  assert.deepEqual(r.object, first);
  assert.equal(r.managedFields[0].time, T1);
});

test('changing a field an updater set is a conflict, worded as Kubernetes words it', () => {
  const live = written(nginxPod(), 'kubectl-client-side-apply', T1);
  const err = conflictOf(() => serverSideApply(live, config({ containers: [{ name: 'nginx', image: 'nginx:1.26' }] }, { run: 'nginx' }), 'my-tool', false, podType,
    opts(T2, { ref: { group: '', resource: 'pods', name: 'nginx', kind: 'Pod' } })));
  assert.equal(err.code, 409);
  assert.equal(err.status.reason, 'Conflict');
  assert.equal(err.status.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .spec.containers[name="nginx"].image');
  assert.deepEqual(err.status.details?.causes, [{
    reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using v1', field: '.spec.containers[name="nginx"].image',
  }]);
});

test('applying the value an updater already set is no conflict: the field becomes shared', () => {
  const live = written(nginxPod(), 'kubectl-create', T1);
  const r = apply(live, config({ containers: [{ name: 'nginx', image: 'nginx' }] }, { run: 'nginx' }), 'my-tool', T2);
  assert.deepEqual(nginxFields(r, 'my-tool'), { '.': {}, 'f:image': {}, 'f:name': {} });
  assert.ok(nginxFields(r, 'kubectl-create')['f:image'], 'the updater keeps it too');
});

test('several conflicts are listed per manager, managers sorted', () => {
  let live = written(nginxPod(), 'creator', T1);
  const edited = structuredClone(live);
  edited.spec.restartPolicy = 'Never';
  live = written(edited, 'editor', T2, live);
  const cfg = config({ containers: [{ name: 'nginx', image: 'nginx:2' }], restartPolicy: 'OnFailure', dnsPolicy: 'Default' }, null);
  const err = conflictOf(() => serverSideApply(live, cfg, 'applier', false, podType, opts(T3)));
  assert.equal(err.status.message, [
    'Apply failed with 3 conflicts: conflicts with "creator" using v1:',
    '- .spec.dnsPolicy',
    '- .spec.containers[name="nginx"].image',
    'conflicts with "editor" using v1:',
    '- .spec.restartPolicy',
  ].join('\n'));
  assert.deepEqual(err.status.details?.causes?.map((c) => c.field), ['.spec.dnsPolicy', '.spec.containers[name="nginx"].image', '.spec.restartPolicy']);
});

test('force overrides the value and moves ownership to the applier', () => {
  const live = written(nginxPod(), 'kubectl-client-side-apply', T1);
  const r = apply(live, config({ containers: [{ name: 'nginx', image: 'nginx:1.26' }] }, { run: 'nginx' }), 'my-tool', T2, true);
  assert.equal(r.spec.containers[0].image, 'nginx:1.26');
  assert.equal(r.spec.containers[0].imagePullPolicy, 'Always', 'fields the applier does not mention stay');
  assert.ok(nginxFields(r, 'my-tool')['f:image']);
  assert.equal(nginxFields(r, 'kubectl-client-side-apply')['f:image'], undefined);
  assert.equal(entry(r, 'my-tool')!.time, T2);
});

test('two appliers setting the same value share it; then neither may change it alone', () => {
  const a = apply(undefined, config(), 'alice', T1);
  const both = apply(a, config(), 'bob', T2);
  assert.ok(fieldsOf(both, 'alice')!['f:metadata']['f:labels']['f:app']);
  assert.ok(fieldsOf(both, 'bob')!['f:metadata']['f:labels']['f:app']);
  assert.equal(entry(both, 'bob')!.time, undefined, 'an apply that changes nothing does not stamp a time (as in Kubernetes)');
  const err = conflictOf(() => serverSideApply(both, config(undefined, { app: 'api' }), 'alice', false, podType, opts(T3)));
  assert.equal(err.status.message, 'Apply failed with 1 conflict: conflict with "bob": .metadata.labels.app');
});

test('a shared owner gives a field up by no longer applying it; the value stays', () => {
  const both = apply(apply(undefined, config(), 'alice', T1), config(), 'bob', T2);
  const bobLeaves = apply(both, config(undefined, null), 'bob', T3);
  assert.equal(bobLeaves.metadata.labels.app, 'web');
  assert.equal(fieldsOf(bobLeaves, 'bob')!['f:metadata'], undefined);
  const changed = apply(bobLeaves, config(undefined, { app: 'api' }), 'alice', T3);
  assert.equal(changed.metadata.labels.app, 'api');
});

test('a field dropped from the configuration is removed when nobody else owns it', () => {
  const first = apply(undefined, config(undefined, { app: 'web', tier: 'front' }), 'kubectl', T1);
  const r = apply(first, config(undefined, { app: 'web' }), 'kubectl', T2);
  assert.deepEqual(r.metadata.labels, { app: 'web' });
  assert.deepEqual(fieldsOf(r, 'kubectl')!['f:metadata'], { 'f:labels': { 'f:app': {} } });
  assert.equal(entry(r, 'kubectl')!.time, T2);
});

test('a dropped field that an updater took over stays', () => {
  const first = apply(undefined, config(undefined, { app: 'web', tier: 'front' }), 'kubectl', T1);
  const relabelled = structuredClone(first);
  relabelled.metadata.labels.tier = 'back';
  const live = written(relabelled, 'kubectl-label', T2, first);
  assert.equal(fieldsOf(live, 'kubectl')!['f:metadata']['f:labels']['f:tier'], undefined, 'the update took ownership');
  const r = apply(live, config(undefined, { app: 'web' }), 'kubectl', T3);
  assert.deepEqual(r.metadata.labels, { app: 'web', tier: 'back' });
});

test('dropping every label removes the labels map; dropping a struct removes it whole', () => {
  const first = apply(undefined, config({ containers: [{ name: 'nginx', image: 'nginx' }], securityContext: { runAsUser: 1000 } }), 'kubectl', T1);
  const r = apply(first, config({ containers: [{ name: 'nginx', image: 'nginx' }] }, null), 'kubectl', T2);
  assert.equal(r.metadata.labels, undefined);
  assert.equal(r.spec.securityContext, undefined);
  assert.deepEqual(r.spec.containers, [{ name: 'nginx', image: 'nginx' }]);
});

test('list-map items merge by key: another manager\'s items stay, the applier\'s dropped items go', () => {
  const live = written(nginxPod(), 'kubectl-run', T1);
  const twoContainers = config({ containers: [{ name: 'nginx', image: 'nginx' }, { name: 'sidecar', image: 'busybox', env: [{ name: 'A', value: '1' }] }] }, null);
  const r = apply(live, twoContainers, 'tool', T2);
  assert.deepEqual(r.spec.containers.map((c: Obj) => c.name), ['nginx', 'sidecar']);
  assert.equal(r.spec.containers[0].imagePullPolicy, 'Always');
  assert.deepEqual(fieldsOf(r, 'tool')!['f:spec']['f:containers']['k:{"name":"sidecar"}'], {
    '.': {}, 'f:env': { 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } }, 'f:image': {}, 'f:name': {},
  });
  const back = apply(r, config({ containers: [{ name: 'nginx', image: 'nginx' }] }, null), 'tool', T3);
  assert.deepEqual(back.spec.containers.map((c: Obj) => c.name), ['nginx']);
  assert.equal(back.spec.containers[0].imagePullPolicy, 'Always', 'the shared item keeps the other manager\'s fields');
});

test('an item\'s omitted key field takes its default: port 80 is the TCP port already there', () => {
  const pod = nginxPod();
  pod.spec.containers[0].ports = [{ containerPort: 80, protocol: 'TCP', name: 'http' }];
  const live = written(pod, 'kubectl-run', T1);
  const r = apply(live, config({ containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }] }] }, null), 'tool', T2);
  assert.deepEqual(r.spec.containers[0].ports, [{ containerPort: 80, protocol: 'TCP', name: 'http', hostPort: 8080 }]);
});

test('items keep the live order; shared items follow the configuration\'s order', () => {
  const pod = nginxPod();
  pod.spec.containers[0].env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'C', value: '3' }];
  const live = written(pod, 'kubectl-run', T1);
  const r = apply(live, config({ containers: [{ name: 'nginx', env: [{ name: 'C', value: '3' }, { name: 'A', value: '1' }, { name: 'D', value: '4' }] }] }, null), 'tool', T2);
  assert.deepEqual(r.spec.containers[0].env.map((e: Obj) => e.name), ['B', 'C', 'A', 'D']);
});

test('sets are unioned item by item; atomic lists and maps are replaced whole', () => {
  const pod = nginxPod();
  pod.metadata.finalizers = ['example.com/a'];
  pod.spec.containers[0].command = ['sh', '-c', 'sleep 1'];
  pod.spec.nodeSelector = { disk: 'ssd', zone: 'a' };
  const live = written(pod, 'kubectl-run', T1);
  const cfg = config({ containers: [{ name: 'nginx', command: ['sleep', '10'] }], nodeSelector: { zone: 'b' } }, null);
  cfg.metadata.finalizers = ['example.com/b'];
  const err = conflictOf(() => serverSideApply(live, cfg, 'tool', false, podType, opts(T2)));
  assert.equal(err.status.details?.causes?.length, 2, err.status.message);
  const r = apply(live, cfg, 'tool', T2, true);
  assert.deepEqual(r.metadata.finalizers, ['example.com/a', 'example.com/b']);
  assert.deepEqual(r.spec.containers[0].command, ['sleep', '10']);
  assert.deepEqual(r.spec.nodeSelector, { zone: 'b' });
  const f = fieldsOf(r, 'tool')!;
  assert.deepEqual(f['f:metadata'], { 'f:finalizers': { 'v:"example.com/b"': {} } });
  assert.deepEqual(f['f:spec']['f:nodeSelector'], {});
  assert.deepEqual(f['f:spec']['f:containers']['k:{"name":"nginx"}']['f:command'], {});
});

test('status in a main-resource apply is not owned and conflicts with nobody', () => {
  let live = written(nginxPod(), 'kubectl-run', T1);
  const running = structuredClone(live);
  running.status = { phase: 'Running' };
  running.metadata.managedFields = updateManagedFields(live, running, 'kubelet', { apiVersion: 'v1', time: T2, subresource: 'status', resetFields: resetFieldsFor('', 'pods', 'status') }, podType);
  live = running;
  const cfg = config({ containers: [{ name: 'nginx', image: 'nginx' }] }, null);
  cfg.status = { phase: 'Failed' };
  const r = apply(live, cfg, 'tool', T3);
  assert.equal(fieldsOf(r, 'tool')!['f:status'], undefined);
  assert.deepEqual(fieldsOf(r, 'kubelet'), { 'f:status': { 'f:phase': {} } });
});

test('an apply through the status subresource owns status, with its own entry', () => {
  const live = written(nginxPod(), 'kubectl-run', T1);
  const cfg = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx', namespace: 'default' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
  const r = serverSideApply(live, cfg, 'my-controller', false, podType, opts(T2, { subresource: 'status', resetFields: resetFieldsFor('', 'pods', 'status') }));
  const e = r.managedFields.find((x) => x.manager === 'my-controller')!;
  assert.equal(e.operation, 'Apply');
  assert.equal(e.subresource, 'status');
  assert.deepEqual(e.fieldsV1, { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} } } } });
});

test('the configuration must be of the endpoint\'s kind and version, without managedFields, and match the schema', () => {
  const bad = (cfg: Obj) => {
    try {
      serverSideApply(undefined, cfg, 'kubectl', false, podType, opts(T1));
    } catch (e) {
      assert.ok(e instanceof StatusError);
      assert.equal(e.code, 400);
      return e.status.message;
    }
    assert.fail('expected a 400');
  };
  assert.equal(bad({ ...config(), kind: 'ConfigMap' }), 'invalid object type: /v1, Kind=ConfigMap');
  assert.equal(bad({ ...config(), apiVersion: 'apps/v1' }), 'invalid object type: apps/v1, Kind=Pod');
  const withMf = config();
  withMf.metadata.managedFields = [];
  assert.equal(bad(withMf), 'metadata.managedFields must be nil');
  assert.equal(bad(config({ containers: [{ name: 'nginx', image: 'nginx' }], foo: 1 })),
    'failed to create typed patch object (default/nginx; /v1, Kind=Pod): .spec.foo: field not declared in schema');
  assert.equal(bad(config({ containers: [{ name: 'nginx', image: 5 }] })),
    'failed to create typed patch object (default/nginx; /v1, Kind=Pod): .spec.containers[name="nginx"].image: expected string, got 5');
  assert.equal(bad(config({ containers: [{ name: 'a' }, { name: 'a' }] })),
    'failed to create typed patch object (default/nginx; /v1, Kind=Pod): .spec.containers: duplicate entries for key [name="a"]');
  assert.equal(bad(config({ containers: [{ image: 'x' }] })),
    'failed to create typed patch object (default/nginx; /v1, Kind=Pod): .spec.containers: element 0: associative list with keys has an element that omits all key fields ["name"] (and doesn\'t have default values for any key fields)');
});

test('kubectl --server-side takes over what client-side apply set without conflicts, and keeps the annotation current', () => {
  const lastApplied = config({ containers: [{ name: 'nginx', image: 'nginx' }] }, { run: 'nginx' });
  const pod = nginxPod();
  pod.metadata.annotations = { [LAST_APPLIED_ANNOTATION]: JSON.stringify(lastApplied) + '\n' };
  const live = written(pod, 'kubectl-client-side-apply', T1);
  const cfg = config({ containers: [{ name: 'nginx', image: 'nginx:1.26' }] }, { run: 'nginx' });
  const r = apply(live, cfg, 'kubectl', T2);
  assert.equal(r.spec.containers[0].image, 'nginx:1.26');
  assert.ok(nginxFields(r, 'kubectl')['f:image']);
  assert.equal(r.metadata.annotations[LAST_APPLIED_ANNOTATION],
    '{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"run":"nginx"},"name":"nginx","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.26","name":"nginx"}]}}\n');
  // Another manager name gets the ordinary conflict.
  assert.equal(conflictOf(() => serverSideApply(live, cfg, 'other', false, podType, opts(T2))).code, 409);
});

test('client-side apply\'s claim does not cover a value someone else changed since', () => {
  const lastApplied = config({ containers: [{ name: 'nginx', image: 'nginx' }] }, { run: 'nginx' });
  const pod = nginxPod();
  pod.metadata.annotations = { [LAST_APPLIED_ANNOTATION]: JSON.stringify(lastApplied) };
  const csa = written(pod, 'kubectl-client-side-apply', T1);
  const edited = structuredClone(csa);
  edited.spec.containers[0].image = 'nginx:edited';
  const live = written(edited, 'kubectl-edit', T2, csa);
  const err = conflictOf(() => serverSideApply(live, config({ containers: [{ name: 'nginx', image: 'nginx:1.26' }] }, { run: 'nginx' }), 'kubectl', false, podType, opts(T3)));
  assert.equal(err.status.message, 'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .spec.containers[name="nginx"].image');
});

test('an object without managedFields: its current fields belong to before-first-apply', () => {
  const live = stored(nginxPod());
  const err = conflictOf(() => serverSideApply(live, config({ containers: [{ name: 'nginx', image: 'nginx:2' }] }, null), 'tool', false, podType, opts(T2)));
  assert.equal(err.status.message, 'Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .spec.containers[name="nginx"].image');
  const r = apply(live, config({ containers: [{ name: 'nginx', image: 'nginx:2' }] }, null), 'tool', T2, true);
  assert.deepEqual(r.metadata.managedFields.map((e: ManagedFieldsEntry) => [e.manager, e.operation]), [['tool', 'Apply'], ['before-first-apply', 'Update']]);
});

test('an updater changing an applied field takes it; the applier must force to get it back', () => {
  const applied = apply(undefined, config(), 'kubectl', T1);
  const scaled = structuredClone(applied);
  scaled.metadata.labels.app = 'other';
  const live = written(scaled, 'controller', T2, applied);
  assert.equal(fieldsOf(live, 'kubectl')!['f:metadata'], undefined);
  const err = conflictOf(() => serverSideApply(live, config(), 'kubectl', false, podType, opts(T3)));
  assert.equal(err.status.message, 'Apply failed with 1 conflict: conflict with "controller" using v1: .metadata.labels.app');
  const forced = apply(live, config(), 'kubectl', T3, true);
  assert.equal(forced.metadata.labels.app, 'web');
  assert.equal(entry(forced, 'controller'), undefined, 'the updater had nothing else and is gone');
});

test('the applied object is not modified and results share nothing with the inputs', () => {
  const cfg = config();
  const before = structuredClone(cfg);
  const live = apply(undefined, cfg, 'kubectl', T1);
  const snapshot = structuredClone(live);
  const r = serverSideApply(live, config(undefined, { app: 'web', x: 'y' }), 'kubectl', false, podType, opts(T2));
  r.object.metadata!.labels!.mutated = 'yes';
  assert.deepEqual(cfg, before);
  assert.deepEqual(live, snapshot);
});

test('a live list item without its key cannot be merged: an internal error, not a crash', () => {
  const live = written(nginxPod(), 'kubectl-run', T1);
  live.spec.containers.push({ image: 'nameless' });
  assert.throws(() => serverSideApply(live, config(), 'tool', false, podType, opts(T2)),
    (e: unknown) => e instanceof StatusError && e.code === 500 && /failed to merge config: \.spec\.containers: element 1: /.test(e.status.message ?? ''));
});
