// API semantics over HTTPS against an in-process control plane: authentication, concurrency,
// generateName, dryRun, paging, watch, field validation, graceful deletion, binding, subresources.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type ControlPlane } from '../../src/cmd/control-plane';
import { ApiClient, ApiError } from '../../src/client/api-client';
import type { ConfigMap, Namespace, Node, Pod } from 'kubernetes-types/core/v1';
import { loadKubeconfig, type Connection } from '../../src/client/kubeconfig';

let cp: ControlPlane;
let dir: string;
let api: ApiClient;
let conn: Connection;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-api-'));
  cp = await startControlPlane({ dataDir: dir, port: 0, bindAddress: '127.0.0.1' });
  conn = loadKubeconfig(cp.kubeconfigPath);
  api = new ApiClient(conn, 'api-semantics-test/1.0');
});
after(async () => {
  api?.close();
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const CM = { group: '', version: 'v1', resource: 'configmaps', namespace: 'default' };
const PODS = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };

interface Raw { status: number; headers: http2.IncomingHttpHeaders; body: string }
function h2(method: string, path: string, opts: { body?: string; headers?: Record<string, string>; anonymous?: boolean } = {}): Promise<Raw> {
  const session = http2.connect(cp.url, { ca: conn.caPem, ...(opts.anonymous ? {} : { cert: conn.certPem, key: conn.keyPem }) });
  return new Promise((resolve, reject) => {
    const req = session.request({ ':method': method, ':path': path, 'content-type': 'application/json', ...opts.headers });
    let headers: http2.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    req.on('response', (h) => { headers = h; });
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => { session.close(); resolve({ status: Number(headers[':status']), headers, body: Buffer.concat(chunks).toString() }); });
    req.on('error', (e) => { session.close(); reject(e); });
    req.end(opts.body);
  });
}

const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, ...extra },
  // No scheduler serves this name: these tests bind and write status themselves.
  spec: { schedulerName: 'no-scheduler', containers: [{ name: 'c', image: 'busybox:1.36' }] },
});

test('anonymous requests reach only health and version; everything else is 401 Status', async () => {
  for (const p of ['/healthz', '/livez', '/readyz']) {
    const r = await h2('GET', p, { anonymous: true });
    assert.equal(r.status, 200);
    assert.equal(r.body, 'ok');
  }
  const v = await h2('GET', '/version', { anonymous: true });
  assert.equal(JSON.parse(v.body).major, '1');
  for (const [m, p] of [['GET', '/api/v1/pods'], ['POST', '/api/v1/namespaces/default/configmaps'], ['GET', '/api']]) {
    const r = await h2(m, p, { anonymous: true, body: m === 'POST' ? '{}' : undefined });
    assert.equal(r.status, 401, `${m} ${p}`);
    const s = JSON.parse(r.body);
    assert.equal(s.kind, 'Status');
    assert.equal(s.reason, 'Unauthorized');
  }
});

test('a bearer token from the tokens file authenticates', async () => {
  const r = await h2('GET', '/api/v1/namespaces', { anonymous: true, headers: { authorization: `Bearer ${cp.adminToken}` } });
  assert.equal(r.status, 200);
  const bad = await h2('GET', '/api/v1/namespaces', { anonymous: true, headers: { authorization: 'Bearer nope' } });
  assert.equal(bad.status, 401);
});

test('system namespaces and their default service accounts exist', async () => {
  const ns = await api.list({ group: '', version: 'v1', resource: 'namespaces' });
  assert.deepEqual(ns.items.map((n) => n.metadata!.name).sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  for (const n of ['default', 'kube-system']) {
    await waitFor(async () => !!(await api.get({ group: '', version: 'v1', resource: 'serviceaccounts', namespace: n }, 'default').catch(() => undefined)));
  }
});

test('create, conflict on a stale resourceVersion, AlreadyExists, generateName', async () => {
  const created = await api.create<ConfigMap>(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'occ' }, data: { a: '1' } });
  const rv = created.metadata!.resourceVersion!;
  const updated = await api.update(CM, { ...created, data: { a: '2' } });
  assert.ok(Number(updated.metadata!.resourceVersion) > Number(rv));
  await assert.rejects(api.update(CM, { ...created, data: { a: '3' } }), (e: ApiError) =>
    e.code === 409 && e.status?.reason === 'Conflict' && /Operation cannot be fulfilled on configmaps "occ": the object has been modified/.test(e.message));
  await assert.rejects(api.create(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'occ' } }), (e: ApiError) =>
    e.code === 409 && e.status?.reason === 'AlreadyExists' && e.message === 'configmaps "occ" already exists');
  const gen = await api.create<ConfigMap>(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } });
  assert.match(gen.metadata!.name!, /^gen-[a-z0-9]{5}$/);
});

test('a generated name that is taken is generated again, 8 tries in all (as Kubernetes 1.32)', async () => {
  // The server runs in this process: a fixed Math.random makes its generated names known.
  const random = Math.random;
  let calls = 0;
  try {
    Math.random = () => 0;
    const taken = await api.create<ConfigMap>(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'regen-' } });
    assert.equal(taken.metadata!.name, 'regen-bbbbb');
    // The first name drawn is the taken one, every later draw gives another.
    Math.random = () => (calls++ < 5 ? 0 : 0.5);
    const second = await api.create<ConfigMap>(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'regen-' } });
    assert.equal(second.metadata!.name, 'regen-rrrrr');
    calls = 0;
    Math.random = () => { calls++; return 0; };
    await assert.rejects(api.create(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'regen-' } }), (e: ApiError) =>
      e.code === 409 && e.status?.reason === 'AlreadyExists' && e.message === 'configmaps "regen-bbbbb" already exists');
    assert.ok(calls >= 8 * 5, `${calls} random draws`);
  } finally {
    Math.random = random;
  }
});

test('a pod or namespace whose generated name was taken is stored under the name it was answered with', async () => {
  // Pods and namespaces replace their metadata object while being prepared: the second name must
  // reach the stored object, not only the store key (it once did not: two pods listed with one name).
  const NS = { group: '', version: 'v1', resource: 'namespaces' };
  const random = Math.random;
  let calls = 0;
  try {
    Math.random = () => 0.1;
    const pod = (): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'twice-' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    const taken = await api.create<Pod>(PODS, pod());
    calls = 0;
    Math.random = () => (calls++ < 5 ? 0.1 : 0.6);
    const second = await api.create<Pod>(PODS, pod());
    assert.notEqual(second.metadata!.name, taken.metadata!.name);
    assert.equal((await api.get<Pod>(PODS, second.metadata!.name!)).metadata!.uid, second.metadata!.uid);
    assert.equal((await api.get<Pod>(PODS, taken.metadata!.name!)).metadata!.uid, taken.metadata!.uid);
    const names = (await api.list<Pod>(PODS)).items.filter((p) => p.metadata!.generateName === 'twice-').map((p) => p.metadata!.name).sort();
    assert.deepEqual(names, [taken.metadata!.name, second.metadata!.name].sort());

    calls = 0;
    Math.random = () => 0.1;
    const ns1 = await api.create<Namespace>(NS, { apiVersion: 'v1', kind: 'Namespace', metadata: { generateName: 'twice-' } });
    Math.random = () => (calls++ < 5 ? 0.1 : 0.6);
    const ns2 = await api.create<Namespace>(NS, { apiVersion: 'v1', kind: 'Namespace', metadata: { generateName: 'twice-' } });
    assert.notEqual(ns2.metadata!.name, ns1.metadata!.name);
    const stored = await api.get<Namespace>(NS, ns2.metadata!.name!);
    assert.equal(stored.metadata!.labels!['kubernetes.io/metadata.name'], ns2.metadata!.name);
  } finally {
    Math.random = random;
  }
});

test('dryRun=All validates and answers without storing', async () => {
  const r = await api.request<{ metadata: { name: string; uid?: string } }>('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry' } });
  assert.equal(r.metadata.name, 'dry');
  await assert.rejects(api.get(CM, 'dry'), (e: ApiError) => e.code === 404);
});

test('invalid objects get 422 with one cause per field, and nothing is stored', async () => {
  const before = (await api.list(PODS)).items.length;
  await assert.rejects(api.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [] } }), (e: ApiError) => {
    const s = e.status as { reason: string; details: { causes: Array<{ field: string; message: string }> } };
    assert.equal(e.code, 422);
    assert.equal(s.reason, 'Invalid');
    const fields = s.details.causes.map((c) => c.field);
    assert.ok(fields.includes('metadata.name'), JSON.stringify(s));
    assert.ok(fields.includes('spec.containers'), JSON.stringify(s));
    return true;
  });
  const dup = pod('dup');
  dup.spec.containers.push({ name: 'c', image: 'busybox' });
  await assert.rejects(api.create(PODS, dup), (e: ApiError) => e.code === 422 && /spec\.containers\[1\]\.name: Duplicate value: "c"/.test(e.message));
  assert.equal((await api.list(PODS)).items.length, before);
});

test('malformed JSON is a 400 naming the parser error', async () => {
  const r = await h2('POST', '/api/v1/namespaces/default/configmaps', { body: '{"apiVersion": "v1", "kind": ' });
  assert.equal(r.status, 400);
  const s = JSON.parse(r.body);
  assert.equal(s.reason, 'BadRequest');
  assert.match(s.message, /JSON/);
});

test('fieldValidation: Strict rejects unknown fields, Warn answers with a Warning header', async () => {
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fv' }, bogus: 1 });
  const strict = await h2('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', { body });
  assert.equal(strict.status, 400);
  assert.match(JSON.parse(strict.body).message, /unknown field "bogus"/);
  const warn = await h2('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', { body });
  assert.equal(warn.status, 201);
  assert.match(String(warn.headers.warning), /unknown field \\"bogus\\"/);
  // Field names are quoted as Kubernetes quotes them (Go's %q: a newline escaped, Unicode kept), and
  // the Warning header carries that text as UTF-8, only " and \ escaped (kubectl prints
  // `Warning: unknown field "ключ"`; the header's bytes are read back as UTF-8 here).
  const odd = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fv-odd' }, 'a\nb': 1, 'ключ': 2, 'x😀': 3 });
  const r = await h2('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', { body: odd });
  assert.equal(r.status, 201, r.body);
  assert.deepEqual(Buffer.from(String(r.headers.warning), 'latin1').toString('utf8').split(', '),
    ['299 - "unknown field \\"a\\\\nb\\""', '299 - "unknown field \\"ключ\\""', '299 - "unknown field \\"x😀\\""']);
  const strictOdd = await h2('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', { body: odd.replace('fv-odd', 'fv-odd2') });
  assert.equal(strictOdd.status, 400);
  assert.equal(JSON.parse(strictOdd.body).message, 'strict decoding error: unknown field "a\\nb", unknown field "ключ", unknown field "x😀"');
});

test('list pages with limit and continue, with remainingItemCount', async () => {
  const ns = { ...CM, namespace: 'kube-public' };
  for (let i = 0; i < 5; i++) await api.create(ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `page-${i}`, labels: { paged: 'yes' } } });
  const names: string[] = [];
  let cont = '';
  let pages = 0;
  do {
    const r = await api.list(ns, `labelSelector=paged%3Dyes&limit=2${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
    names.push(...r.items.map((i) => i.metadata!.name!));
    if (pages === 0) assert.equal((r.metadata as { remainingItemCount?: number }).remainingItemCount, undefined); // selectors hide the count
    cont = r.metadata.continue ?? '';
    pages++;
  } while (cont);
  assert.deepEqual(names, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  assert.equal(pages, 3);
  const first = await api.list(ns, 'limit=2');
  assert.ok((first.metadata as { remainingItemCount?: number }).remainingItemCount! >= 3);
});

test('watch from a list resourceVersion sees ordered events, and bookmarks at the timeout', async () => {
  const list = await api.list(CM);
  const events: Array<[string, string, string]> = [];
  const w = api.watch<{ metadata: { name: string; resourceVersion: string } }>(CM, `resourceVersion=${list.metadata.resourceVersion}&allowWatchBookmarks=true&timeoutSeconds=2`, (e) => {
    events.push([e.type, e.object.metadata.name ?? '', e.object.metadata.resourceVersion]);
  });
  const a = await api.create(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w1' } });
  await api.update(CM, { ...a, data: { x: 'y' } });
  await api.delete(CM, 'w1');
  await w.done;
  const types = events.map((e) => e[0]);
  assert.deepEqual(types.slice(0, 3), ['ADDED', 'MODIFIED', 'DELETED']);
  assert.equal(types[types.length - 1], 'BOOKMARK');
  const rvs = events.slice(0, 3).map((e) => Number(e[2]));
  assert.ok(rvs[0] < rvs[1] && rvs[1] < rvs[2], JSON.stringify(events));
});

test('a watch with a selector sees an object come as ADDED and go as DELETED with the content it matched', async () => {
  const list = await api.list(CM);
  const events: Array<{ type: string; label?: string; rv: string }> = [];
  const w = api.watch<{ metadata: { labels?: Record<string, string>; resourceVersion: string } }>(CM, `resourceVersion=${list.metadata.resourceVersion}&labelSelector=tier%3Dfront&timeoutSeconds=2`, (e) => {
    events.push({ type: e.type, label: e.object.metadata.labels?.tier, rv: e.object.metadata.resourceVersion });
  });
  const a = await api.create<ConfigMap>(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sel1', labels: { tier: 'back' } } });
  const b = await api.update(CM, { ...a, metadata: { ...a.metadata, labels: { tier: 'front' } } });
  const c = await api.update(CM, { ...b, metadata: { ...b.metadata, labels: { tier: 'back' } } });
  await w.done;
  await api.delete(CM, 'sel1');
  assert.deepEqual(events.filter((e) => e.type !== 'BOOKMARK'), [
    { type: 'ADDED', label: 'front', rv: b.metadata!.resourceVersion },
    // As Kubernetes' watch cache sends it: the last matching content, at the revision that ended the match.
    { type: 'DELETED', label: 'front', rv: c.metadata!.resourceVersion },
  ]);
});

test('a bound pod is deleted gracefully; force (grace 0) removes it; binding twice is a conflict', async () => {
  await api.create(PODS, pod('graceful'));
  await api.request('POST', '/api/v1/namespaces/default/pods/graceful/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'graceful' }, target: { kind: 'Node', name: 'node-a' } });
  const bound = await api.get<{ spec: { nodeName: string }; status: { conditions: Array<{ type: string; status: string }> } } & { metadata?: object }>(PODS, 'graceful');
  assert.equal(bound.spec.nodeName, 'node-a');
  assert.ok(bound.status.conditions.some((c) => c.type === 'PodScheduled' && c.status === 'True'));
  await assert.rejects(api.request('POST', '/api/v1/namespaces/default/pods/graceful/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'graceful' }, target: { kind: 'Node', name: 'node-b' } }),
    (e: ApiError) => e.code === 409 && /already assigned to node "node-a"/.test(e.message));

  const first = await h2('DELETE', '/api/v1/namespaces/default/pods/graceful');
  assert.equal(first.status, 202);
  const pending = JSON.parse(first.body);
  assert.equal(pending.metadata.deletionGracePeriodSeconds, 30);
  assert.ok(pending.metadata.deletionTimestamp);
  const table = JSON.parse((await h2('GET', '/api/v1/namespaces/default/pods/graceful', { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } })).body);
  assert.equal(table.rows[0].cells[2], 'Terminating');
  const shorter = JSON.parse((await h2('DELETE', '/api/v1/namespaces/default/pods/graceful?gracePeriodSeconds=5')).body);
  assert.equal(shorter.metadata.deletionGracePeriodSeconds, 5);
  const forced = await h2('DELETE', '/api/v1/namespaces/default/pods/graceful?gracePeriodSeconds=0');
  assert.equal(forced.status, 200);
  await assert.rejects(api.get(PODS, 'graceful'), (e: ApiError) => e.code === 404);
  // The same name can be created again at once.
  await api.create(PODS, pod('graceful'));
  await api.delete(PODS, 'graceful');
});

test('pods/status writes keep the spec; main-resource writes keep the status', async () => {
  const p = await api.create(PODS, pod('statusy'));
  const withStatus = { ...p, spec: { ...(p as { spec: object }).spec, activeDeadlineSeconds: 99 }, status: { phase: 'Running', podIP: '10.0.0.9' } };
  const afterStatus = await api.update(PODS, withStatus, 'status') as { spec: { activeDeadlineSeconds?: number }; status: { phase: string } };
  assert.equal(afterStatus.status.phase, 'Running');
  assert.equal(afterStatus.spec.activeDeadlineSeconds, undefined);
  const patched = await api.patch<{ status: { phase: string }; metadata?: { labels?: Record<string, string> } }>(PODS, 'statusy', { metadata: { labels: { l: 'v' } }, status: { phase: 'Failed' } });
  assert.equal(patched.status.phase, 'Running');
  assert.equal(patched.metadata?.labels?.l, 'v');
});

test('deleting a namespace makes it Terminating, deletes its contents, then the namespace', async () => {
  const NS = { group: '', version: 'v1', resource: 'namespaces' };
  await api.create(NS, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
  await waitFor(async () => !!(await api.get({ group: '', version: 'v1', resource: 'serviceaccounts', namespace: 'doomed' }, 'default').catch(() => undefined)));
  await api.create({ ...CM, namespace: 'doomed' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inside' } });
  const deleting = await h2('DELETE', '/api/v1/namespaces/doomed');
  assert.equal(deleting.status, 202);
  assert.equal(JSON.parse(deleting.body).status.phase, 'Terminating');
  await assert.rejects(api.create({ ...CM, namespace: 'doomed' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } }),
    (e: ApiError) => e.code === 403 && /because it is being terminated/.test(e.message));
  await waitFor(async () => (await api.get(NS, 'doomed').then(() => false, (e: ApiError) => e.code === 404)));
  const leftovers = await api.list({ ...CM, namespace: 'doomed' });
  assert.equal(leftovers.items.length, 0);
});

test('a new node gets a pod subnet from the cluster CIDR', async () => {
  const NODES = { group: '', version: 'v1', resource: 'nodes' };
  await api.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'ipam-a' } });
  await api.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'ipam-b' } });
  const cidrs = new Set<string>();
  await waitFor(async () => {
    const a = await api.get<Node>(NODES, 'ipam-a');
    const b = await api.get<Node>(NODES, 'ipam-b');
    if (!a.spec?.podCIDR || !b.spec?.podCIDR) return false;
    assert.deepEqual(a.spec.podCIDRs, [a.spec.podCIDR]);
    cidrs.add(a.spec.podCIDR).add(b.spec.podCIDR);
    return true;
  });
  assert.equal(cidrs.size, 2);
  for (const c of cidrs) assert.match(c, /^10\.42\.\d+\.0\/24$/);
});

test('TokenRequest issues service-account tokens that authenticate until their pod is gone', async () => {
  await waitFor(async () => !!(await api.get({ group: '', version: 'v1', resource: 'serviceaccounts', namespace: 'default' }, 'default').catch(() => undefined)));
  const tr = await api.request<{ status: { token: string; expirationTimestamp: string } }>('POST', '/api/v1/namespaces/default/serviceaccounts/default/token',
    { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } });
  const [, payload] = tr.status.token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  assert.equal(claims.sub, 'system:serviceaccount:default:default');
  const asToken = (t: string) => h2('GET', '/api/v1/namespaces/default/configmaps', { anonymous: true, headers: { authorization: `Bearer ${t}` } });
  assert.equal((await asToken(tr.status.token)).status, 200);
  const tampered = tr.status.token.slice(0, -4) + (tr.status.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  assert.equal((await asToken(tampered)).status, 401);

  const p = await api.create<Pod>(PODS, pod('token-holder') as Pod);
  const bound = await api.request<{ status: { token: string } }>('POST', '/api/v1/namespaces/default/serviceaccounts/default/token',
    { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'token-holder', uid: p.metadata!.uid } } });
  assert.equal((await asToken(bound.status.token)).status, 200);
  await api.delete(PODS, 'token-holder');
  assert.equal((await asToken(bound.status.token)).status, 401);
  await assert.rejects(api.request('POST', '/api/v1/namespaces/default/serviceaccounts/default/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 60 } }),
    (e: ApiError) => e.code === 422 && /may not specify a duration less than 10 minutes/.test(e.message));
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}
