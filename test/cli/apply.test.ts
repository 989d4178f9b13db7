// Client-side and server-side apply of one object against a real server, side by side with the
// real kubectl: our requests and annotation must be the ones kubectl sends and writes, and either
// tool must see the other's applies as its own. Our objects live in namespace `ours`, kubectl's
// twins in `theirs`, so texts compare after swapping the namespace name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, kubectl, kubectlOk, type Server } from '../e2e/harness';
import { loadKubeconfig } from '../../src/client/kubeconfig';
import { ApiClient, ApiError } from '../../src/client/api-client';
import { applyObject, type ApplyOptions, type ApplyTarget } from '../../src/cli/apply/apply-object';
import { LAST_APPLIED_ANNOTATION } from '../../src/cli/apply/last-applied';

interface Call { method: string; path: string; body?: string; contentType?: string }

/** An ApiClient that records the requests apply makes (OpenAPI reads aside). */
class RecordingClient extends ApiClient {
  calls: Call[] = [];
  override request<T = unknown>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    if (!path.startsWith('/openapi/')) this.calls.push({ method, path, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body), contentType });
    return super.request<T>(method, path, body, contentType);
  }
  take(): Call[] {
    const c = this.calls;
    this.calls = [];
    return c;
  }
}

const POD: ApplyTarget = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true };
const CM: ApplyTarget = { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true };
const SA: ApplyTarget = { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true };
const LEASE: ApplyTarget = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true };

let server: Server;
let client: RecordingClient;

before(async () => {
  server = await startServer();
  client = new RecordingClient(loadKubeconfig(server.kubeconfig));
  kubectlOk(server, ['create', 'namespace', 'ours']);
  kubectlOk(server, ['create', 'namespace', 'theirs']);
});
after(async () => {
  client?.close();
  await server?.stop();
});

type Obj = Record<string, unknown>;

function webPod(opts: { env?: Obj[]; labels?: Obj; name?: string } = {}): Obj {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: opts.name ?? 'web', labels: opts.labels ?? { app: 'web', '10': 'x', '9': 'y' }, annotations: { note: 'a<b & c>d' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', env: opts.env ?? [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80 }] }] },
  };
}

const configMap = (name: string, data: Obj): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

const apply = (target: ApplyTarget, manifest: Obj, opts: ApplyOptions = {}, ns = 'ours') => applyObject(client, target, ns, manifest, opts);
const kApply = (manifest: Obj, ...args: string[]) => kubectl(server, ['apply', '-n', 'theirs', '-f', '-', ...args], { input: JSON.stringify(manifest) });
type Live = Obj & { metadata: Obj & { annotations?: Record<string, string>; managedFields?: Obj[] } };
const live = (target: ApplyTarget, name: string, ns = 'ours') => client.request<Live>('GET', ApiClient.path({ ...target, namespace: ns }, name));
/** Our text as it reads for kubectl's twin: the namespace swapped, plain or inside an escaped string. */
const ours = (s: string) => s.replaceAll('"namespace":"ours"', '"namespace":"theirs"').replaceAll('\\"namespace\\":\\"ours\\"', '\\"namespace\\":\\"theirs\\"');

/** The bodies kubectl logs at -v=8 for its requests (PATCH bodies are one quoted line). */
function loggedBodies(stderr: string): string[] {
  return [...stderr.matchAll(/"Request Body" body="((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string).filter(Boolean);
}

test('create: the POST kubectl sends, and the same last-applied annotation kubectl writes', async () => {
  client.take();
  const r = await apply(POD, webPod());
  assert.equal(r.verb, 'created');
  assert.deepEqual(r.warnings, []);
  const calls = client.take();
  assert.deepEqual(calls.map((c) => `${c.method} ${c.path}`), ['GET /api/v1/namespaces/ours/pods/web', 'POST /api/v1/namespaces/ours/pods?fieldManager=kubectl-client-side-apply&fieldValidation=Strict']);

  const k = kApply(webPod());
  assert.equal(k.stdout, 'pod/web created\n', k.stderr);
  const mine = (await live(POD, 'web')).metadata.annotations![LAST_APPLIED_ANNOTATION];
  const theirs = (await live(POD, 'web', 'theirs')).metadata.annotations![LAST_APPLIED_ANNOTATION];
  assert.equal(ours(mine), theirs);
  assert.match(mine, /\}\n$/);
  assert.match(mine, /"labels":\{"10":"x","9":"y","app":"web"\}/);
  assert.match(mine, /"note":"a\\u003cb \\u0026 c\\u003ed"/);
});

test('the same manifest again is unchanged, and no PATCH is sent', async () => {
  client.take();
  const r = await apply(POD, webPod());
  assert.equal(r.verb, 'unchanged');
  assert.equal(r.object.metadata?.name, 'web');
  assert.deepEqual(client.take().map((c) => c.method), ['GET']);
});

test('a label added: configured with a strategic merge patch, the label is live, and kubectl sent the same patch', async () => {
  const labelled = webPod({ labels: { app: 'web', '10': 'x', '9': 'y', tier: 'front' } });
  client.take();
  const r = await apply(POD, labelled);
  assert.equal(r.verb, 'configured');
  const patch = client.take().find((c) => c.method === 'PATCH')!;
  assert.equal(patch.path, '/api/v1/namespaces/ours/pods/web?fieldManager=kubectl-client-side-apply&fieldValidation=Strict');
  assert.equal(patch.contentType, 'application/strategic-merge-patch+json');
  assert.equal(((await live(POD, 'web')).metadata.labels as Obj).tier, 'front');

  const k = kApply(labelled, '-v=8');
  assert.match(k.stdout, /^pod\/web configured$/m);
  assert.deepEqual(loggedBodies(k.stderr), [ours(patch.body!)]);
});

test('a container env var removed: kubectl\'s patch with a delete directive, refused by the server as by Kubernetes', async () => {
  // Kubernetes forbids changing a pod's env after creation, so the server's 422 is the expected end;
  // the patch itself must be kubectl's. (Removal taking effect is shown with mutable lists below.)
  const noB = webPod({ labels: { app: 'web', '10': 'x', '9': 'y', tier: 'front' }, env: [{ name: 'A', value: '1' }] });
  client.take();
  const err = await apply(POD, noB).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof ApiError, String(err));
  assert.equal(err.code, 422);
  const patch = client.take().find((c) => c.method === 'PATCH')!;
  assert.match(patch.body!, /"env":\[\{"\$patch":"delete","name":"B"\}\]/);
  assert.match(patch.body!, /"\$setElementOrder\/env":\[\{"name":"A"\}\]/);

  const k = kApply(noB, '-v=8');
  assert.equal(k.code, 1);
  assert.deepEqual(loggedBodies(k.stderr), [ours(patch.body!)]);
  assert.ok(k.stderr.includes(err.message.split('\n')[0].replaceAll('"ours"', '"theirs"')), k.stderr);
});

test('configmap: a data key removed since the last apply is deleted, a key others added is kept', async () => {
  assert.equal((await apply(CM, configMap('settings', { a: '1', b: '2' }))).verb, 'created');
  await client.patch({ ...CM, namespace: 'ours' }, 'settings', { data: { theirs: 'kept' } });
  const r = await apply(CM, configMap('settings', { a: '1' }));
  assert.equal(r.verb, 'configured');
  assert.deepEqual((await live(CM, 'settings')).data, { a: '1', theirs: 'kept' });
  assert.equal((await apply(CM, configMap('settings', { a: '1' }))).verb, 'unchanged');
});

test('serviceaccount: an item removed from a merge-keyed list (secrets by name) is gone, the others stay', async () => {
  const sa = (names: string[]): Obj => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' }, secrets: names.map((name) => ({ name })) });
  assert.equal((await apply(SA, sa(['s1', 's2', 's3']))).verb, 'created');
  assert.equal((await apply(SA, sa(['s1', 's3']))).verb, 'configured');
  assert.deepEqual((await live(SA, 'robot')).secrets, [{ name: 's1' }, { name: 's3' }]);
  assert.equal((await apply(SA, sa(['s1', 's3']))).verb, 'unchanged');
});

test('an object real kubectl applied is unchanged when we apply the same manifest', async () => {
  const pod = webPod({ name: 'k-made' });
  assert.equal(kApply(pod).stdout, 'pod/k-made created\n');
  assert.equal((await apply(POD, pod, {}, 'theirs')).verb, 'unchanged');
  const cm = configMap('k-cm', { x: '1', y: '2' });
  assert.equal(kApply(cm).stdout, 'configmap/k-cm created\n');
  assert.equal((await apply(CM, cm, {}, 'theirs')).verb, 'unchanged');
});

test('an object we applied is unchanged for real kubectl, and each tool continues the other\'s history', async () => {
  const pod = webPod({ name: 'o-made' });
  assert.equal((await apply(POD, pod, {}, 'theirs')).verb, 'created');
  assert.equal(kApply(pod).stdout, 'pod/o-made unchanged\n');

  // kubectl drops a key, we see no change; we drop another, kubectl sees none.
  assert.equal((await apply(CM, configMap('mixed', { a: '1', b: '2', c: '3' }), {}, 'theirs')).verb, 'created');
  assert.equal(kApply(configMap('mixed', { a: '1', b: '2' })).stdout, 'configmap/mixed configured\n');
  assert.equal((await apply(CM, configMap('mixed', { a: '1', b: '2' }), {}, 'theirs')).verb, 'unchanged');
  assert.equal((await apply(CM, configMap('mixed', { a: '1' }), {}, 'theirs')).verb, 'configured');
  assert.equal(kApply(configMap('mixed', { a: '1' })).stdout, 'configmap/mixed unchanged\n');
  assert.deepEqual((await live(CM, 'mixed', 'theirs')).data, { a: '1' });
});

test('an object without the annotation: kubectl\'s warning, then the annotation is written', async () => {
  kubectlOk(server, ['create', 'configmap', 'plain', '-n', 'ours', '--from-literal=a=1']);
  kubectlOk(server, ['create', 'configmap', 'plain', '-n', 'theirs', '--from-literal=a=1']);
  const r = await apply(CM, configMap('plain', { a: '1' }));
  assert.equal(r.verb, 'configured');
  const k = kApply(configMap('plain', { a: '1' }));
  assert.equal(k.stdout, 'configmap/plain configured\n');
  assert.deepEqual(r.warnings.map((w) => `Warning: ${w}\n`).join(''), k.stderr);
  assert.equal(ours((await live(CM, 'plain')).metadata.annotations![LAST_APPLIED_ANNOTATION]), (await live(CM, 'plain', 'theirs')).metadata.annotations![LAST_APPLIED_ANNOTATION]);
  assert.equal((await apply(CM, configMap('plain', { a: '1' }))).verb, 'unchanged');
});

test('an object being deleted: kubectl\'s warning with configured and with unchanged', async () => {
  const held = (a: string): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'] }, data: { a } });
  assert.equal((await apply(CM, held('1'))).verb, 'created');
  assert.equal(kApply(held('1')).stdout, 'configmap/held created\n');
  kubectlOk(server, ['delete', 'configmap', 'held', '-n', 'ours', '--wait=false']);
  kubectlOk(server, ['delete', 'configmap', 'held', '-n', 'theirs', '--wait=false']);
  for (const verb of ['configured', 'unchanged']) {
    const r = await apply(CM, held('2'));
    const k = kApply(held('2'));
    assert.equal(r.verb, verb);
    assert.equal(k.stdout, `configmap/held ${verb}\n`);
    assert.equal(r.warnings.map((w) => `Warning: ${w}\n`).join(''), k.stderr);
    assert.equal(r.warnings.length, 1);
  }
});

test('a group resource (leases): created, unchanged, configured', async () => {
  const lease = (holder: string): Obj => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l1' }, spec: { holderIdentity: holder } });
  client.take();
  assert.equal((await apply(LEASE, lease('a'))).verb, 'created');
  assert.equal(client.take()[1].path, '/apis/coordination.k8s.io/v1/namespaces/ours/leases?fieldManager=kubectl-client-side-apply&fieldValidation=Strict');
  assert.equal((await apply(LEASE, lease('a'))).verb, 'unchanged');
  assert.equal((await apply(LEASE, lease('b'))).verb, 'configured');
  assert.equal(((await live(LEASE, 'l1')).spec as Obj).holderIdentity, 'b');
});

test('a cluster-scoped object (namespace): no namespace recorded, and the annotation kubectl writes', async () => {
  const NS: ApplyTarget = { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false };
  const ns = (name: string): Obj => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { team: 'a' } } });
  assert.equal((await apply(NS, ns('mine-1'))).verb, 'created');
  assert.equal(kubectl(server, ['apply', '-f', '-'], { input: JSON.stringify(ns('theirs-1')) }).stdout, 'namespace/theirs-1 created\n');
  const get = (name: string) => client.request<Live>('GET', `/api/v1/namespaces/${name}`);
  const mine = (await get('mine-1')).metadata.annotations![LAST_APPLIED_ANNOTATION];
  assert.equal(mine.replace('mine-1', 'theirs-1'), (await get('theirs-1')).metadata.annotations![LAST_APPLIED_ANNOTATION]);
  assert.doesNotMatch(mine, /"namespace"/);
  assert.equal((await apply(NS, ns('mine-1'))).verb, 'unchanged');
  assert.equal(kubectl(server, ['apply', '-f', '-'], { input: JSON.stringify(ns('mine-1')) }).stdout, 'namespace/mine-1 unchanged\n');
});

test('server-side apply: kubectl\'s request, a conflicting manager gets the server\'s 409, --force-conflicts takes over', async () => {
  client.take();
  const r = await apply(CM, configMap('ssa', { a: '1' }), { serverSide: true, fieldManager: 'other' });
  assert.equal(r.verb, 'serverside-applied');
  const [call] = client.take();
  assert.equal(call.path, '/api/v1/namespaces/ours/configmaps/ssa?fieldManager=other&fieldValidation=Strict&force=false');
  assert.equal(call.contentType, 'application/apply-patch+yaml');
  assert.equal(call.body, '{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"name":"ssa","namespace":"ours"}}\n');

  const err = await apply(CM, configMap('ssa', { a: '2' }), { serverSide: true }).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof ApiError, String(err));
  assert.equal(err.code, 409);
  assert.deepEqual((await live(CM, 'ssa')).data, { a: '1' });

  client.take();
  assert.equal((await apply(CM, configMap('ssa', { a: '2' }), { serverSide: true, forceConflicts: true })).verb, 'serverside-applied');
  assert.match(client.take()[0].path, /fieldManager=kubectl&fieldValidation=Strict&force=true$/);
  const obj = await live(CM, 'ssa');
  assert.deepEqual(obj.data, { a: '2' });
  assert.ok(obj.metadata.managedFields!.some((m) => m.manager === 'kubectl' && m.operation === 'Apply'));
});

test('server-side after client-side: as with kubectl, the annotation stays and a dropped key goes', async () => {
  const both = configMap('moved', { a: '1', b: '2' });
  const onlyA = configMap('moved', { a: '1' });
  assert.equal((await apply(CM, both)).verb, 'created');
  const r = await apply(CM, onlyA, { serverSide: true });
  assert.equal(r.verb, 'serverside-applied');
  assert.deepEqual(r.warnings, []);

  assert.equal(kApply(both).stdout, 'configmap/moved created\n');
  assert.equal(kApply(onlyA, '--server-side').stdout, 'configmap/moved serverside-applied\n');

  const [mine, theirs] = [await live(CM, 'moved'), await live(CM, 'moved', 'theirs')];
  assert.deepEqual(mine.data, { a: '1' });
  assert.deepEqual(mine.data, theirs.data);
  assert.equal(ours(mine.metadata.annotations![LAST_APPLIED_ANNOTATION]), theirs.metadata.annotations![LAST_APPLIED_ANNOTATION]);
  const managers = (o: typeof mine) => o.metadata.managedFields!.map((m) => `${m.manager}/${m.operation}`).sort();
  assert.deepEqual(managers(mine), managers(theirs));
});

test('dry-run=server: the server is asked with dryRun=All and nothing is stored', async () => {
  client.take();
  const r = await apply(CM, configMap('dry', { a: '1' }), { dryRun: 'server' });
  assert.equal(r.verb, 'created');
  assert.equal(r.object.metadata?.name, 'dry');
  assert.equal(client.take()[1].path, '/api/v1/namespaces/ours/configmaps?dryRun=All&fieldManager=kubectl-client-side-apply&fieldValidation=Strict');
  assert.equal(await client.find({ ...CM, namespace: 'ours' }, 'dry'), undefined);

  const r2 = await apply(CM, configMap('settings', { a: 'changed' }), { dryRun: 'server' });
  assert.equal(r2.verb, 'configured');
  assert.deepEqual((await live(CM, 'settings')).data, { a: '1', theirs: 'kept' });
  assert.equal((await apply(CM, configMap('settings', { a: 'x' }), { serverSide: true, dryRun: 'server', forceConflicts: true })).verb, 'serverside-applied');
  assert.deepEqual((await live(CM, 'settings')).data, { a: '1', theirs: 'kept' });
});

test('dry-run=client: the verb without any write', async () => {
  client.take();
  assert.equal((await apply(CM, configMap('never', { a: '1' }), { dryRun: 'client' })).verb, 'created');
  assert.equal((await apply(CM, configMap('settings', { a: '2' }), { dryRun: 'client' })).verb, 'configured');
  assert.equal((await apply(CM, configMap('settings', { a: '1' }), { dryRun: 'client' })).verb, 'unchanged');
  assert.deepEqual(client.take().map((c) => c.method), ['GET', 'GET', 'GET']);
  assert.equal(await client.find({ ...CM, namespace: 'ours' }, 'never'), undefined);
});

test('a manifest the server rejects comes back as the server\'s ApiError 422', async () => {
  const bad = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad' }, spec: { containers: [{ name: 'c' }] } };
  const err = await apply(POD, bad).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof ApiError, String(err));
  assert.equal(err.code, 422);
  assert.equal(err.status?.reason, 'Invalid');
  assert.match(err.message, /spec\.containers\[0\]\.image: Required value/);
  assert.equal((err as ApiError & { applyPhase?: string }).applyPhase, 'create');
});
