// events.k8s.io/v1 Events over HTTPS against an in-process control plane: the same stored objects
// as core/v1 Events, converted both ways, for reads, writes, field selectors, watches, tables,
// validation and discovery.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event as CoreEvent } from 'kubernetes-types/core/v1';
import type { Event as EventsV1Event } from 'kubernetes-types/events/v1';
import { startControlPlane, type ControlPlane } from '../../src/cmd/control-plane';
import { ApiClient, ApiError } from '../../src/client/api-client';
import { loadKubeconfig } from '../../src/client/kubeconfig';

let cp: ControlPlane;
let dir: string;
let api: ApiClient;

const NS = 'events-v1-test';
const CORE = { group: '', version: 'v1', resource: 'events', namespace: NS };
const V1 = { group: 'events.k8s.io', version: 'v1', resource: 'events', namespace: NS };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-events-v1-'));
  cp = await startControlPlane({ dataDir: dir, port: 0, bindAddress: '127.0.0.1' });
  api = new ApiClient(loadKubeconfig(cp.kubeconfigPath), 'events-v1-test/1.0');
  await api.create({ group: '', version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
});
after(async () => {
  api?.close();
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const MICRO = '2024-05-01T10:00:00.123456Z';

function v1Event(name: string, pod: string, extra: Partial<EventsV1Event> = {}): EventsV1Event {
  return {
    apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name, namespace: NS },
    eventTime: MICRO, reportingController: 'default-scheduler', reportingInstance: 'default-scheduler-k8ts',
    action: 'Binding', reason: 'Scheduled', note: `Successfully assigned ${NS}/${pod} to worker-1`, type: 'Normal',
    regarding: { kind: 'Pod', namespace: NS, name: pod, uid: `uid-${pod}`, apiVersion: 'v1' },
    ...extra,
  };
}

function coreEvent(name: string, pod: string, extra: Partial<CoreEvent> = {}): CoreEvent {
  return {
    apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: NS },
    involvedObject: { kind: 'Pod', namespace: NS, name: pod, fieldPath: 'spec.containers{app}' },
    reason: 'Pulled', message: 'Container image "busybox" already present on machine', type: 'Normal',
    source: { component: 'kubelet', host: 'worker-1' }, firstTimestamp: '2024-05-01T10:00:00Z', lastTimestamp: '2024-05-01T10:02:00Z', count: 2,
    ...extra,
  };
}

test('an event created through events.k8s.io/v1 reads through core/v1 with the core field names', async () => {
  const created = await api.create<EventsV1Event>(V1, v1Event('sched.1', 'web-a'));
  assert.equal(created.apiVersion, 'events.k8s.io/v1');
  assert.equal(created.note, `Successfully assigned ${NS}/web-a to worker-1`);
  const core = await api.get<CoreEvent>(CORE, 'sched.1');
  assert.equal(core.apiVersion, 'v1');
  assert.equal(core.metadata.uid, created.metadata!.uid);
  assert.equal(core.metadata.resourceVersion, created.metadata!.resourceVersion);
  assert.deepEqual(core.involvedObject, created.regarding);
  assert.equal(core.message, created.note);
  assert.equal(core.reportingComponent, 'default-scheduler');
  assert.equal(core.reportingInstance, 'default-scheduler-k8ts');
  assert.equal(core.eventTime, MICRO);
  assert.equal(core.action, 'Binding');
  for (const f of ['regarding', 'note', 'reportingController']) assert.equal(f in core, false, f);
});

test('an event created through core/v1 reads through events.k8s.io/v1 with the new field names', async () => {
  const created = await api.create<CoreEvent>(CORE, coreEvent('pulled.1', 'web-b'));
  const v1 = await api.get<EventsV1Event>(V1, 'pulled.1');
  assert.equal(v1.apiVersion, 'events.k8s.io/v1');
  assert.equal(v1.kind, 'Event');
  assert.equal(v1.metadata!.uid, created.metadata.uid);
  assert.deepEqual(v1.regarding, created.involvedObject);
  assert.equal(v1.note, created.message);
  assert.deepEqual(v1.deprecatedSource, { component: 'kubelet', host: 'worker-1' });
  assert.equal(v1.deprecatedFirstTimestamp, '2024-05-01T10:00:00Z');
  assert.equal(v1.deprecatedLastTimestamp, '2024-05-01T10:02:00Z');
  assert.equal(v1.deprecatedCount, 2);
  for (const f of ['involvedObject', 'message', 'source', 'count', 'firstTimestamp']) assert.equal(f in v1, false, f);
});

test('writes through either API change the one stored object', async () => {
  const v1 = await api.get<EventsV1Event>(V1, 'sched.1');
  const series = { count: 2, lastObservedTime: '2024-05-01T10:01:00.000000Z' };
  const updated = await api.update<EventsV1Event>(V1, { ...v1, series });
  assert.deepEqual(updated.series, series);
  assert.deepEqual((await api.get<CoreEvent>(CORE, 'sched.1')).series, series);
  // Core clients keep their lenient rules, and the new API sees what they wrote.
  await api.patch(CORE, 'pulled.1', { message: 'pulled again', count: 3 });
  const seen = await api.get<EventsV1Event>(V1, 'pulled.1');
  assert.equal(seen.note, 'pulled again');
  assert.equal(seen.deprecatedCount, 3);
  // A merge patch in the new API's names.
  const patched = await api.patch<EventsV1Event>(V1, 'sched.1', { series: { count: 3, lastObservedTime: '2024-05-01T10:02:00.000000Z' } });
  assert.equal(patched.series!.count, 3);
  assert.equal((await api.get<CoreEvent>(CORE, 'sched.1')).series!.count, 3);
  // events.k8s.io/v1 events are immutable but for their series.
  await assert.rejects(api.patch(V1, 'sched.1', { note: 'changed' }), (e: ApiError) => e.code === 422 && /message: Invalid value: "changed": field is immutable/.test(e.message));
});

test('lists of both APIs hold the same objects; field selectors use each API\'s names', async () => {
  await api.create(V1, v1Event('sched.2', 'web-c'));
  const names = (items: Array<{ metadata?: { name?: string } }>) => items.map((i) => i.metadata!.name).sort();
  const v1List = await api.list<EventsV1Event>(V1);
  assert.deepEqual(names(v1List.items), ['pulled.1', 'sched.1', 'sched.2']);
  assert.deepEqual(names((await api.list<CoreEvent>(CORE)).items), ['pulled.1', 'sched.1', 'sched.2']);
  assert.ok(v1List.items.every((e) => e.apiVersion === undefined || e.apiVersion === 'events.k8s.io/v1'));
  assert.ok(v1List.items.every((e) => 'regarding' in e && !('involvedObject' in e)));

  assert.deepEqual(names((await api.list<EventsV1Event>(V1, 'fieldSelector=regarding.name%3Dweb-c')).items), ['sched.2']);
  assert.deepEqual(names((await api.list<EventsV1Event>(V1, 'fieldSelector=reportingController%3Ddefault-scheduler')).items), ['sched.1', 'sched.2']);
  assert.deepEqual(names((await api.list<EventsV1Event>(V1, 'fieldSelector=reason%3DPulled,type%3DNormal')).items), ['pulled.1']);
  assert.deepEqual(names((await api.list<CoreEvent>(CORE, 'fieldSelector=involvedObject.name%3Dweb-c')).items), ['sched.2']);
  await assert.rejects(api.list(V1, 'fieldSelector=involvedObject.name%3Dweb-c'), (e: ApiError) => e.code === 400 && /field label not supported: involvedObject.name/.test(e.message));

  // Paged lists read the store rather than the watch cache: converted all the same.
  const page = await api.list<EventsV1Event>(V1, 'limit=2');
  assert.equal(page.items.length, 2);
  assert.ok(page.items.every((e) => typeof e.regarding?.name === 'string' && !('involvedObject' in e)));
  assert.ok(page.metadata.continue);
});

test('a watch through events.k8s.io/v1 sees a core-created event as ADDED, converted', async () => {
  const list = await api.list(V1);
  const seen: Array<{ type: string; object: EventsV1Event }> = [];
  const w = api.watch<EventsV1Event>(V1, `resourceVersion=${list.metadata.resourceVersion}&fieldSelector=regarding.name%3Dwatched&timeoutSeconds=5`, (e) => {
    seen.push(e);
    if (e.type === 'DELETED') w.stop();
  });
  await api.create(CORE, coreEvent('other.1', 'not-watched'));
  await api.create(CORE, coreEvent('watched.1', 'watched', { message: 'hello from core' }));
  await api.delete(V1, 'watched.1');
  await w.done;
  assert.deepEqual(seen.map((e) => [e.type, e.object.metadata!.name]), [['ADDED', 'watched.1'], ['DELETED', 'watched.1']]);
  const added = seen[0].object;
  assert.equal(added.apiVersion, 'events.k8s.io/v1');
  assert.equal(added.note, 'hello from core');
  assert.equal(added.regarding!.name, 'watched');
  assert.equal('message' in added, false);
  await assert.rejects(api.get(CORE, 'watched.1'), (e: ApiError) => e.code === 404);
});

test('events.k8s.io/v1 validation: 422 Invalid with a cause per field', async () => {
  const { reportingController: _omit, ...noController } = v1Event('bad.1', 'web-d');
  await assert.rejects(api.create(V1, noController), (e: ApiError) => {
    const s = e.status as { reason: string; details: { kind: string; group: string; causes: Array<{ field: string; reason: string }> } };
    assert.equal(e.code, 422);
    assert.equal(s.reason, 'Invalid');
    assert.equal(s.details.group, 'events.k8s.io');
    assert.ok(s.details.causes.some((c) => c.field === 'reportingController' && c.reason === 'FieldValueRequired'), JSON.stringify(s));
    return true;
  });
  await assert.rejects(api.create(V1, v1Event('bad.2', 'web-d', { note: 'x'.repeat(1025) })),
    (e: ApiError) => e.code === 422 && /can have at most 1024 characters/.test(e.message));
  const { eventTime: _none, ...noTime } = v1Event('bad.3', 'web-d');
  await assert.rejects(api.create(V1, noTime as EventsV1Event), (e: ApiError) => e.code === 422 && /eventTime: Required value/.test(e.message));
  await assert.rejects(api.create(V1, v1Event('bad.4', 'web-d', { type: 'Info' })), (e: ApiError) => e.code === 422 && /type: Invalid value/.test(e.message));
  // Nothing invalid was stored.
  assert.equal((await api.list(CORE, 'fieldSelector=involvedObject.name%3Dweb-d')).items.length, 0);
});

test('tables, deletecollection and discovery of events.k8s.io/v1', async () => {
  const table = await api.request<{ columnDefinitions: Array<{ name: string; priority: number }>; rows: Array<{ cells: unknown[] }> }>(
    'GET', `/apis/events.k8s.io/v1/namespaces/${NS}/events?fieldSelector=metadata.name%3Dpulled.1`, undefined, 'application/json', 'application/json;as=Table;v=v1;g=meta.k8s.io');
  assert.deepEqual(table.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name), ['Last Seen', 'Type', 'Reason', 'Object', 'Message']);
  assert.deepEqual(table.rows.map((r) => r.cells.slice(1, 7)), [['Normal', 'Pulled', 'pod/web-b', 'spec.containers{app}', 'kubelet, worker-1', 'pulled again']]);

  await api.request('DELETE', `/apis/events.k8s.io/v1/namespaces/${NS}/events?fieldSelector=reportingController%3Ddefault-scheduler`);
  const left = (await api.list<CoreEvent>(CORE)).items.map((e) => e.metadata.name).sort();
  assert.deepEqual(left, ['other.1', 'pulled.1']);

  const groups = await api.request<{ groups: Array<{ name: string; preferredVersion: { groupVersion: string } }> }>('GET', '/apis');
  assert.equal(groups.groups.find((g) => g.name === 'events.k8s.io')?.preferredVersion.groupVersion, 'events.k8s.io/v1');
  type Resources = { resources: Array<{ name: string; kind: string; namespaced: boolean; shortNames?: string[]; verbs: string[]; storageVersionHash: string }> };
  const v1Resources = await api.request<Resources>('GET', '/apis/events.k8s.io/v1');
  const coreResources = await api.request<Resources>('GET', '/api/v1');
  const ev = v1Resources.resources.find((r) => r.name === 'events')!;
  const coreEv = coreResources.resources.find((r) => r.name === 'events')!;
  assert.deepEqual({ ...ev, verbs: [...ev.verbs].sort() }, {
    name: 'events', singularName: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], storageVersionHash: coreEv.storageVersionHash,
  });
  assert.deepEqual(coreEv.shortNames, ['ev']);

  const index = await api.request<{ paths: Record<string, unknown> }>('GET', '/openapi/v3');
  assert.ok('apis/events.k8s.io/v1' in index.paths);
});
