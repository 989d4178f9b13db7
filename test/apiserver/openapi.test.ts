import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generateDefinitions, INT_OR_STRING } from '../../scripts/gen-openapi';
import { fieldSchema, itemSchema, resolveSchema, type Definitions, type JsonSchema } from '../../src/api/schema';
import { buildOpenAPIDocuments, loadDefinitions, openAPIResponse, type OpenAPIDocuments, type ServedResource } from '../../src/apiserver/openapi';
import type { OpenAPIRequest } from '../../src/apiserver/openapi/serve';
import { contentHash } from '../../src/apiserver/openapi/content-hash';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const RESOURCES: ServedResource[] = [
  { group: '', version: 'v1', kind: 'Namespace', listKind: 'NamespaceList', resource: 'namespaces', namespaced: false, verbs: VERBS.filter((v) => v !== 'deletecollection'), subresources: ['status', 'finalize'], definition: 'io.k8s.api.core.v1.Namespace' },
  { group: '', version: 'v1', kind: 'Pod', listKind: 'PodList', resource: 'pods', namespaced: true, verbs: VERBS, subresources: ['status', 'binding', 'log', 'exec', 'attach', 'portforward'], definition: 'io.k8s.api.core.v1.Pod' },
  { group: '', version: 'v1', kind: 'Node', listKind: 'NodeList', resource: 'nodes', namespaced: false, verbs: VERBS, subresources: ['status', 'proxy'], definition: 'io.k8s.api.core.v1.Node' },
  { group: '', version: 'v1', kind: 'Event', listKind: 'EventList', resource: 'events', namespaced: true, verbs: VERBS, definition: 'io.k8s.api.core.v1.Event' },
  { group: '', version: 'v1', kind: 'ConfigMap', listKind: 'ConfigMapList', resource: 'configmaps', namespaced: true, verbs: VERBS, definition: 'io.k8s.api.core.v1.ConfigMap' },
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', listKind: 'LeaseList', resource: 'leases', namespaced: true, verbs: VERBS, definition: 'io.k8s.api.coordination.v1.Lease' },
  { group: 'events.k8s.io', version: 'v1', kind: 'Event', listKind: 'EventList', resource: 'events', namespaced: true, verbs: VERBS, definition: 'io.k8s.api.events.v1.Event' },
];

let defs: Definitions;
let docs: OpenAPIDocuments;
before(() => {
  defs = generateDefinitions(join(process.cwd(), 'node_modules/kubernetes-types'));
  docs = buildOpenAPIDocuments(defs, RESOURCES, { version: 'v1.32.0' });
});

const v3 = (gv: string) => JSON.parse(docs.v3Document(gv)!.toString()) as { paths: Record<string, any>; components: { schemas: Definitions } };

/** Every $ref at any depth of a JSON value. */
function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') out.push(x);
      else refs(x, out);
    }
  }
  return out;
}

describe('generated definitions', () => {
  test('Pod and Container carry their descriptions, field types and required fields', () => {
    const pod = defs['io.k8s.api.core.v1.Pod'];
    assert.match(pod.description!, /^Pod is a collection of containers/);
    assert.deepEqual(pod['x-kubernetes-group-version-kind'], [{ group: '', version: 'v1', kind: 'Pod' }]);
    assert.equal(pod.properties!.spec.$ref, '#/definitions/io.k8s.api.core.v1.PodSpec');
    const container = defs['io.k8s.api.core.v1.Container'];
    assert.equal(container.properties!.image.type, 'string');
    assert.match(container.properties!.image.description!, /^Container image name\./);
    assert.deepEqual(container.required, ['name']);
    assert.deepEqual(container.properties!.command, { type: 'array', items: { type: 'string' }, description: container.properties!.command.description, 'x-kubernetes-list-type': 'atomic' });
  });

  test('multi-line JSDoc keeps its line breaks and indentation', () => {
    assert.match(defs['io.k8s.api.core.v1.AppArmorProfile'].properties!.type.description!, /Valid options are:\n {2}Localhost - /);
  });

  test('group/version/kind comes from the apiVersion and kind literals, only on top-level kinds', () => {
    assert.deepEqual(defs['io.k8s.api.coordination.v1.Lease']['x-kubernetes-group-version-kind'], [{ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' }]);
    assert.deepEqual(defs['io.k8s.api.events.v1.Event']['x-kubernetes-group-version-kind'], [{ group: 'events.k8s.io', version: 'v1', kind: 'Event' }]);
    assert.deepEqual(defs['io.k8s.api.core.v1.PodList']['x-kubernetes-group-version-kind'], [{ group: '', version: 'v1', kind: 'PodList' }]);
    assert.equal(defs['io.k8s.api.core.v1.PodSpec']['x-kubernetes-group-version-kind'], undefined);
  });

  test('package paths map to Kubernetes definition names', () => {
    for (const name of [
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'io.k8s.apimachinery.pkg.api.resource.Quantity', 'io.k8s.apimachinery.pkg.runtime.RawExtension',
      'io.k8s.apimachinery.pkg.version.Info', 'io.k8s.api.apps.v1.Deployment', 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    ]) assert.ok(defs[name], name);
  });

  test('special types: IntOrString, Quantity, Time, maps, integers', () => {
    assert.deepEqual(defs['io.k8s.api.core.v1.HTTPGetAction'].properties!.port.$ref, `#/definitions/${INT_OR_STRING}`);
    assert.equal(defs[INT_OR_STRING].format, 'int-or-string');
    assert.equal(defs[INT_OR_STRING]['x-kubernetes-int-or-string'], true);
    assert.equal(defs['io.k8s.apimachinery.pkg.api.resource.Quantity'].type, 'string');
    assert.equal(defs['io.k8s.apimachinery.pkg.apis.meta.v1.Time'].format, 'date-time');
    assert.deepEqual(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties!.labels.additionalProperties, { type: 'string' });
    assert.equal(defs['io.k8s.api.core.v1.ContainerPort'].properties!.containerPort.format, 'int32');
    assert.equal(defs['io.k8s.api.core.v1.PodSpec'].properties!.terminationGracePeriodSeconds.format, 'int64');
    assert.equal(defs['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps'].properties!.maximum.type, 'number');
  });

  test('patch metadata is published on the fields it names', () => {
    const containers = defs['io.k8s.api.core.v1.PodSpec'].properties!.containers;
    assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
    assert.equal(containers['x-kubernetes-list-type'], 'map');
    assert.deepEqual(containers['x-kubernetes-list-map-keys'], ['name']);
    assert.equal(defs['io.k8s.api.core.v1.PodSpec'].properties!.volumes['x-kubernetes-patch-strategy'], 'merge,retainKeys');
  });

  test('the schema walker reads the generated definitions', () => {
    const spec = fieldSchema(defs, { $ref: '#/definitions/io.k8s.api.core.v1.Pod' }, 'spec');
    const container = itemSchema(defs, fieldSchema(defs, spec, 'containers'));
    assert.equal(fieldSchema(defs, container, 'image')?.type, 'string');
    const ports = resolveSchema(defs, fieldSchema(defs, container, 'ports'));
    assert.equal(ports?.['x-kubernetes-patch-merge-key'], 'containerPort');
  });

  test('every reference resolves', () => {
    for (const ref of refs(defs)) assert.ok(defs[ref.replace('#/definitions/', '')], ref);
  });
});

describe('OpenAPI v3 documents', () => {
  test('the index lists each served group/version with its content hash', () => {
    const index = docs.v3Index();
    assert.deepEqual(Object.keys(index.paths), ['api/v1', 'apis/coordination.k8s.io/v1', 'apis/events.k8s.io/v1']);
    const hash = contentHash(docs.v3Document('api/v1')!);
    assert.equal(index.paths['api/v1'].serverRelativeURL, `/openapi/v3/api/v1?hash=${hash}`);
    assert.equal(docs.v3Hash('api/v1'), hash);
    assert.equal(docs.v3Document('apis/apps/v1'), undefined);
  });

  test('PATCH of pods takes fieldValidation and the other write parameters, in the patch media types', () => {
    const patch = v3('api/v1').paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: '', version: 'v1', kind: 'Pod' });
    assert.equal(patch['x-kubernetes-action'], 'patch');
    assert.equal(patch.operationId, 'patchCoreV1NamespacedPod');
    const params = patch.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    assert.deepEqual(params, ['query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force']);
    assert.deepEqual(Object.keys(patch.requestBody.content).sort(), [
      'application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json',
    ]);
  });

  test('every PATCH of a kind takes fieldValidation (kubectl checks whichever it finds first)', () => {
    for (const gv of Object.keys(docs.v3Index().paths)) {
      for (const [path, item] of Object.entries(v3(gv).paths)) {
        if (item.patch && !path.includes('/proxy')) assert.ok(item.patch.parameters.some((p: { name: string }) => p.name === 'fieldValidation'), path);
      }
    }
  });

  test('create, replace and list operations carry their parameters', () => {
    const doc = v3('api/v1');
    const names = (op: { parameters?: { name: string }[] }) => (op.parameters ?? []).map((p) => p.name);
    assert.deepEqual(names(doc.paths['/api/v1/namespaces/{namespace}/pods'].post), ['dryRun', 'fieldManager', 'fieldValidation']);
    assert.deepEqual(names(doc.paths['/api/v1/namespaces/{namespace}/pods/{name}/status'].put), ['dryRun', 'fieldManager', 'fieldValidation']);
    assert.ok(names(doc.paths['/api/v1/namespaces/{namespace}/pods'].get).includes('labelSelector'));
    assert.deepEqual(doc.paths['/api/v1/namespaces/{namespace}/pods'].parameters.map((p: { name: string }) => p.name), ['namespace', 'pretty']);
    assert.equal(doc.paths['/api/v1/pods'].get.operationId, 'listCoreV1PodForAllNamespaces');
    assert.equal(doc.paths['/api/v1/nodes/{name}'].patch.operationId, 'patchCoreV1Node');
    assert.equal(doc.paths['/api/v1/namespaces/{namespace}/pods/{name}/binding'].post['x-kubernetes-group-version-kind'].kind, 'Binding');
    assert.equal(doc.paths['/api/v1/namespaces/{namespace}/pods/{name}/exec'].get.operationId, 'connectCoreV1GetNamespacedPodExec');
    assert.equal(doc.paths['/api/v1/namespaces/{namespace}/pods'].delete.operationId, 'deleteCoreV1CollectionNamespacedPod');
    assert.equal(doc.paths['/api/v1/namespaces/{name}/finalize'].put.operationId, 'replaceCoreV1NamespaceFinalize');
  });

  test('the list path names the kind whose schema carries the same group/version/kind (how kubectl explain finds it)', () => {
    const doc = v3('apis/coordination.k8s.io/v1');
    const gvk = doc.paths['/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases'].get['x-kubernetes-group-version-kind'];
    const matching = Object.values(doc.components.schemas).filter((s) => (s['x-kubernetes-group-version-kind'] ?? []).some((g) => JSON.stringify(g) === JSON.stringify({ group: gvk.group, version: gvk.version, kind: gvk.kind })));
    assert.equal(matching.length, 1);
    assert.ok(matching[0].properties?.spec);
  });

  test('components hold exactly what the document reaches, referenced the v3 way', () => {
    const doc = v3('api/v1');
    const schemas = doc.components.schemas;
    for (const name of ['io.k8s.api.core.v1.Pod', 'io.k8s.api.core.v1.Container', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch', 'io.k8s.api.core.v1.Binding']) assert.ok(schemas[name], name);
    assert.equal(schemas['io.k8s.api.apps.v1.Deployment'], undefined);
    assert.equal(schemas['io.k8s.api.coordination.v1.Lease'], undefined);
    for (const ref of refs(doc)) {
      assert.match(ref, /^#\/components\/schemas\//);
      assert.ok(schemas[ref.replace('#/components/schemas/', '')], ref);
    }
    // As Kubernetes does in v3, so that kubectl explain prints <IntOrString> and <Quantity>.
    assert.deepEqual(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].oneOf, [{ type: 'integer' }, { type: 'string' }]);
    assert.equal(schemas['io.k8s.apimachinery.pkg.api.resource.Quantity'].type, undefined);
    const containers: JsonSchema = schemas['io.k8s.api.core.v1.PodSpec'].properties!.containers;
    assert.equal(containers.items?.$ref, '#/components/schemas/io.k8s.api.core.v1.Container');
    assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
  });

  test('a subresource the documents cannot describe fails at build time', () => {
    assert.throws(() => buildOpenAPIDocuments(defs, [{ ...RESOURCES[1], subresources: ['scale'] }]), /pods\/scale/);
    assert.throws(() => buildOpenAPIDocuments(defs, [{ ...RESOURCES[1], definition: 'io.k8s.api.core.v1.Nope' }]), /io\.k8s\.api\.core\.v1\.Nope/);
  });
});

describe('OpenAPI v2 document', () => {
  test('JSON: Swagger 2.0 with the operations and the definitions they reach', () => {
    const doc = JSON.parse(docs.v2Json().toString());
    assert.equal(doc.swagger, '2.0');
    assert.equal(doc.info.version, 'v1.32.0');
    const patch = doc.paths['/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}'].patch;
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' });
    assert.ok(patch.parameters.some((p: { name: string; in: string }) => p.name === 'fieldValidation' && p.in === 'query'));
    assert.equal(patch.parameters[0].in, 'body');
    assert.ok(patch.consumes.includes('application/strategic-merge-patch+json'));
    for (const ref of refs(doc)) assert.ok(doc.definitions[ref.replace('#/definitions/', '')], ref);
    assert.ok(doc.definitions['io.k8s.api.events.v1.Event']);
  });

  test('protobuf: decodes as gnostic Document with definitions, extensions and parameters', () => {
    const d = decode(docs.v2Protobuf());
    assert.equal(str(d[1][0]), '2.0');
    const definitions = decode(d[9][0])[1].map((b) => decode(b));
    const pod = definitions.find((n) => str(n[1][0]) === 'io.k8s.api.core.v1.Pod');
    assert.ok(pod);
    const podSchema = decode(pod![2][0]);
    assert.match(str(podSchema[4][0]), /^Pod is a collection/);
    assert.deepEqual(str(decode(podSchema[22][0])[1][0]), 'object');
    const ext = decode(podSchema[31][0]);
    assert.equal(str(ext[1][0]), 'x-kubernetes-group-version-kind');
    assert.deepEqual(JSON.parse(str(decode(ext[2][0])[2][0])), [{ group: '', version: 'v1', kind: 'Pod' }]);

    const paths = decode(d[8][0])[2].map((b) => decode(b));
    const item = paths.find((p) => str(p[1][0]) === '/api/v1/namespaces/{namespace}/pods/{name}');
    const patch = decode(decode(item![2][0])[8][0]);
    const queryNames = patch[8]
      .map((b) => decode(decode(b)[1][0]))
      .filter((param) => param[2])
      .map((param) => str(decode(decode(param[2][0])[3][0])[4][0]));
    assert.deepEqual(queryNames, ['dryRun', 'fieldManager', 'fieldValidation', 'force']);
  });
});

/** Length-delimited fields of one protobuf message, by field number (varint fields skipped). */
function decode(buf: Buffer): Record<number, Buffer[]> {
  const out: Record<number, Buffer[]> = {};
  let i = 0;
  const varint = () => {
    let n = 0;
    let mul = 1;
    for (;;) {
      const b = buf[i++];
      n += (b & 0x7f) * mul;
      mul *= 128;
      if (b < 0x80) return n;
    }
  };
  while (i < buf.length) {
    const tag = varint();
    if ((tag & 7) === 0) { varint(); continue; }
    assert.equal(tag & 7, 2, `wire type ${tag & 7}`);
    const len = varint();
    (out[Math.floor(tag / 8)] ??= []).push(buf.subarray(i, i + len));
    i += len;
  }
  return out;
}
const str = (b: Buffer | undefined) => b?.toString('utf8') ?? '';

describe('serving', () => {
  const get = (url: string, headers: OpenAPIRequest['headers'] = {}, method = 'GET') => {
    const u = new URL(url, 'https://127.0.0.1');
    return openAPIResponse(docs, { method, path: u.pathname, query: u.searchParams, headers });
  };
  const PB = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

  test('/openapi/v2 answers protobuf or JSON by Accept, 406 for anything else', () => {
    const pb = get('/openapi/v2', { accept: PB });
    assert.equal(pb.status, 200);
    assert.equal(pb.headers['Content-Type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    assert.ok(pb.body.equals(docs.v2Protobuf()));
    const json = get('/openapi/v2', { accept: 'application/json' });
    assert.equal(json.headers['Content-Type'], 'application/json');
    assert.ok(json.body.equals(docs.v2Json()));
    assert.equal(get('/openapi/v2').headers['Content-Type'], 'application/json');
    assert.equal(get('/openapi/v2', { accept: `application/json;q=0.5, ${PB}` }).headers['Content-Type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    const refused = get('/openapi/v2', { accept: 'text/html' });
    assert.equal(refused.status, 406);
    assert.equal(JSON.parse(refused.body.toString()).reason, 'NotAcceptable');
  });

  test('ETag and If-None-Match give 304 without a body', () => {
    const first = get('/openapi/v2', { accept: PB });
    assert.equal(first.headers.ETag, `"${contentHash(docs.v2Protobuf())}"`);
    assert.equal(first.headers.Vary, 'Accept');
    const again = get('/openapi/v2', { accept: PB, 'if-none-match': first.headers.ETag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(get('/openapi/v2', { accept: 'application/json', 'if-none-match': first.headers.ETag }).status, 200);
  });

  test('the v3 index, and documents that are immutable under their hash', () => {
    const index = get('/openapi/v3');
    assert.equal(index.status, 200);
    const url = JSON.parse(index.body.toString()).paths['api/v1'].serverRelativeURL as string;
    const hashed = get(url, { accept: 'application/json' });
    assert.equal(hashed.status, 200);
    assert.equal(hashed.headers['Cache-Control'], 'public, immutable');
    assert.ok(Date.parse(hashed.headers.Expires) > Date.now() + 300 * 24 * 3600 * 1000);
    assert.ok(hashed.body.equals(docs.v3Document('api/v1')!));
    const plain = get('/openapi/v3/api/v1');
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['Cache-Control'], undefined);
  });

  test('a stale hash is redirected to the current one; an unknown group/version is 404', () => {
    const moved = get('/openapi/v3/apis/coordination.k8s.io/v1?hash=0123');
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.Location, docs.v3Index().paths['apis/coordination.k8s.io/v1'].serverRelativeURL);
    assert.equal(get('/openapi/v3/apis/apps/v1').status, 404);
    assert.equal(get('/openapi/v4').status, 404);
  });

  test('gzip when the client accepts it; GET and HEAD only', () => {
    const z = get('/openapi/v3/api/v1', { 'accept-encoding': 'gzip' });
    assert.equal(z.headers['Content-Encoding'], 'gzip');
    assert.ok(gunzipSync(z.body).equals(docs.v3Document('api/v1')!));
    assert.equal(get('/openapi/v3', {}, 'POST').status, 405);
    assert.equal(get('/openapi/v3', {}, 'HEAD').status, 200);
  });
});

describe('loadDefinitions', () => {
  test('reads a definitions file, and says how to make one when it is not one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8ts-openapi-'));
    try {
      const file = join(dir, 'definitions.json');
      writeFileSync(file, JSON.stringify({ 'io.k8s.api.core.v1.Pod': { type: 'object' } }));
      assert.deepEqual(loadDefinitions(file), { 'io.k8s.api.core.v1.Pod': { type: 'object' } });
      writeFileSync(file, '{}');
      assert.throws(() => loadDefinitions(file), /npm run build/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
