// `explain` against real kubectl 1.32 for schema shapes k8ts' own API does not serve: enum values
// (long and short view, "" and numbers), a self-referencing type (cycles with --recursive), map
// and nested-array types, int-or-string, `additionalProperties: true`, missing and empty
// descriptions, white space, lists, code blocks and non-ASCII text in wrapping, and the errors
// for a resource whose schema or paths are missing; the same definitions also through OpenAPI v2
// (`--output=plaintext-openapiv2`). One small HTTPS server serves discovery and both documents.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server as HttpsServer } from 'node:https';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ensurePki } from '../../src/apiserver/auth/pki';
import { encodeSwaggerProtobuf } from '../../src/apiserver/openapi/v2-protobuf';
import type { Definitions } from '../../src/api/schema';
import { ApiClient } from '../../src/client/api-client';
import { explain, ExplainError, type ExplainTarget } from '../../src/cli/explain/explain';

const GROUP = 'shapes.example.com';
const GVK = { group: GROUP, version: 'v1', kind: 'Widget' };
const ref = (name: string) => ({ $ref: `#/components/schemas/com.example.shapes.v1.${name}` });

const MODE_DESCRIPTION = 'How the widget runs.\n\nPossible enum values:\n - `""` means the default.\n - `"Fast"` runs fast.\n - `"Slow"` runs slowly.\n - `"Steady"` keeps its pace.\n - `"Wild"` runs in bursts.';
const LONG_TEXT = 'A Widget exists to exercise the explain renderer.  Two spaces stay inside a line, and   three too. '
  + 'Trailing blanks before a break vanish when they do not fit.        \n\nA paragraph after an empty line: '
  + 'https://example.com/a/really/long/address/that/cannot/be/broken/anywhere/because/it/has/no/spaces/at/all '
  + 'Größe und Maß zählen Zeichen, nicht Bytes: ääääääääää öööööööööö üüüüüüüüüü ßßßßßßßßßß 🙂🙂🙂🙂🙂 end.\n'
  + 'Steps to follow:\n1. first step,\n2. second step,\n- a dash item\n* a star item\n    kubectl get widgets   # a code block line\n'
  + 'Tabs\tare\tblanks too, non\u00a0breaking\u00a0spaces\u00a0are\u00a0not\u00a0and\u00a0so\u00a0this\u00a0long\u00a0run\u00a0stays\u00a0together\u00a0on\u00a0its\u00a0own\u00a0line.\n';

const SCHEMAS = {
  'com.example.shapes.v1.Widget': {
    description: LONG_TEXT,
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string', description: 'APIVersion of the widget.' },
      kind: { type: 'string', description: 'Kind of the widget.' },
      metadata: ref('Meta'),
      spec: { allOf: [ref('WidgetSpec')], default: {}, description: 'Spec says what the widget should be.' },
      status: { ...ref('WidgetStatus'), description: 'A description beside a $ref is not shown for the field itself.' },
    },
    'x-kubernetes-group-version-kind': [GVK],
  },
  'com.example.shapes.v1.Meta': { type: 'object', properties: { name: { type: 'string' } } },
  'com.example.shapes.v1.WidgetSpec': {
    description: 'WidgetSpec holds every shape of field.',
    type: 'object',
    required: ['mode', 'tree'],
    properties: {
      mode: { type: 'string', enum: ['', 'Fast', 'Slow', 'Steady', 'Wild'], description: MODE_DESCRIPTION },
      level: { type: 'integer', format: 'int32', enum: [1, 2, 1000000, 0.5], description: 'Level, one of a few numbers.' },
      enabled: { type: 'boolean', enum: [true], description: 'Only true is allowed.' },
      size: { ...ref('IntOrString'), description: 'Size as a number or a string.' },
      amount: { allOf: [ref('Quantity')], description: 'Amount as a quantity.' },
      name: ref('Name'),
      config: { type: 'object', additionalProperties: true, description: 'Free-form configuration.' },
      labels: { type: 'object', additionalProperties: { type: 'string', default: '' }, description: 'Labels of the widget.' },
      grid: { type: 'array', items: { type: 'array', items: { type: 'string' } }, description: 'Rows of cells.' },
      tree: { allOf: [ref('Node')], description: 'A tree of nodes, which refers to itself.' },
      forest: { type: 'object', additionalProperties: ref('Node'), description: 'Trees by name.' },
      anything: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      blank: { type: 'string', description: '' },
    },
  },
  'com.example.shapes.v1.WidgetStatus': {
    type: 'object',
    properties: { phase: { type: 'string', enum: ['Pending', 'Running'], description: 'Phase of the widget.' } },
  },
  'com.example.shapes.v1.Node': {
    description: 'Node is one node of a tree.',
    type: 'object',
    required: ['value'],
    properties: {
      value: { type: 'string', description: 'Value of the node.' },
      children: { type: 'array', items: { allOf: [ref('Node')], default: {} }, description: 'Children of the node.' },
      parent: { ...ref('Node'), description: 'Parent of the node.' },
    },
  },
  'com.example.shapes.v1.Name': { type: 'string', description: 'Name is a string with a name.' },
  'com.example.shapes.v1.IntOrString': { description: 'A number or a string.', oneOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
  'com.example.shapes.v1.Quantity': { description: 'A quantity.', oneOf: [{ type: 'string' }, { type: 'number' }] },
};

const op = (kind: string) => ({ get: { operationId: `list${kind}`, responses: {}, 'x-kubernetes-group-version-kind': { ...GVK, kind } } });
const DOCUMENT = {
  openapi: '3.0.0',
  info: { title: 'Kubernetes', version: 'v1.32.0' },
  paths: {
    [`/apis/${GROUP}/v1/namespaces/{namespace}/widgets`]: op('Widget'),
    [`/apis/${GROUP}/v1/namespaces/{namespace}/widgets/{name}`]: op('Widget'),
    // Gadgets have paths but no schema of their kind; gizmos have neither.
    [`/apis/${GROUP}/v1/gadgets`]: op('Gadget'),
  },
  components: { schemas: SCHEMAS },
};

// The v2 definitions are the same schemas with v2 references; allOf and oneOf mean nothing to
// kubectl's v2 models, so those fields become arbitrary values there.
const V2_DEFINITIONS = JSON.parse(JSON.stringify(SCHEMAS).replaceAll('#/components/schemas/', '#/definitions/')) as Definitions;
const V2_JSON = { swagger: '2.0' as const, info: { title: 'Kubernetes', version: 'v1.32.0' }, paths: {}, definitions: V2_DEFINITIONS };
const V2_PROTOBUF = encodeSwaggerProtobuf(V2_JSON);

const resource = (name: string, kind: string) => ({ name, singularName: kind.toLowerCase(), namespaced: true, kind, verbs: ['get', 'list'] });
const ROUTES: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
  '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [] },
  '/apis': {
    kind: 'APIGroupList', apiVersion: 'v1',
    groups: [{ name: GROUP, versions: [{ groupVersion: `${GROUP}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${GROUP}/v1`, version: 'v1' } }],
  },
  [`/apis/${GROUP}/v1`]: {
    kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${GROUP}/v1`,
    resources: [resource('widgets', 'Widget'), resource('gadgets', 'Gadget'), resource('gizmos', 'Gizmo')],
  },
  '/openapi/v3': { paths: { [`apis/${GROUP}/v1`]: { serverRelativeURL: `/openapi/v3/apis/${GROUP}/v1?hash=0123` } } },
  [`/openapi/v3/apis/${GROUP}/v1`]: DOCUMENT,
};

let dir: string;
/** Off for the test of a server without OpenAPI v3. */
let servesV3 = true;
let server: HttpsServer;
let client: ApiClient;
let kubeconfig: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'k8ts-explain-'));
  const pki = await ensurePki(dir);
  server = createServer({ cert: pki.serving.certPem, key: pki.serving.keyPem }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    // kubectl asks for v2 as protobuf; k8ts' client asks for JSON.
    if (path === '/openapi/v2' && req.headers.accept?.includes('protobuf')) {
      res.writeHead(200, { 'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' });
      res.end(V2_PROTOBUF);
      return;
    }
    const body = path === '/openapi/v2' ? V2_JSON : path.startsWith('/openapi/v3') && !servesV3 ? undefined : ROUTES[path];
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  kubeconfig = join(dir, 'kubeconfig.yaml');
  writeFileSync(kubeconfig, JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'shapes',
    clusters: [{ name: 'shapes', cluster: { server: url, 'certificate-authority-data': Buffer.from(pki.ca.certPem).toString('base64') } }],
    users: [{ name: 'shapes', user: { token: 'unused' } }],
    contexts: [{ name: 'shapes', context: { cluster: 'shapes', user: 'shapes' } }],
  }));
  client = new ApiClient({ server: url, caPem: pki.ca.certPem, token: 'unused' });
});

after(async () => {
  client?.close();
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** Runs real kubectl without blocking: the server it talks to lives in this process. */
function kubectl(args: string[], home = 'home'): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(dir, home), KUBECONFIG: kubeconfig };
  return new Promise((resolve) => {
    execFile('/usr/bin/kubectl', args, { encoding: 'utf8', timeout: 60_000, env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

const target = (resourceName: string, kind: string): ExplainTarget => ({ group: GROUP, version: 'v1', kind, resource: resourceName });
const KINDS: Record<string, string> = { widgets: 'Widget', gadgets: 'Gadget', gizmos: 'Gizmo' };

const V2 = ['--output', 'plaintext-openapiv2'];

async function ours(arg: string, flags: string[]): Promise<{ stdout: string; stderr: string }> {
  const [name, ...path] = arg.split('.');
  const opts = { recursive: flags.includes('--recursive'), output: flags.includes(V2[1]) ? V2[1] : undefined };
  try {
    return { stdout: await explain(client, target(name, KINDS[name]), path, opts), stderr: '' };
  } catch (e) {
    if (!(e instanceof ExplainError)) throw e;
    return { stdout: e.output, stderr: `error: ${e.message}\n` };
  }
}

const CASES: Array<[string, string[]]> = [
  ['widgets', []],
  ['widgets', ['--recursive']],
  ['widgets.spec', []],
  ['widgets.spec', ['--recursive']],
  ['widgets.spec.mode', []],
  ['widgets.spec.level', []],
  ['widgets.spec.enabled', []],
  ['widgets.spec.size', []],
  ['widgets.spec.amount', []],
  ['widgets.spec.name', []],
  ['widgets.spec.config', []],
  ['widgets.spec.labels', []],
  ['widgets.spec.grid', []],
  ['widgets.spec.tree', []],
  ['widgets.spec.tree', ['--recursive']],
  ['widgets.spec.tree.children.children.parent.value', []],
  ['widgets.spec.forest', ['--recursive']],
  ['widgets.spec.forest.children', []],
  ['widgets.spec.anything', []],
  ['widgets.spec.blank', []],
  ['widgets.metadata', []],
  ['widgets.status', []],
  ['widgets.status.phase', []],
  ['widgets', V2],
  ['widgets', ['--recursive', ...V2]],
  ['widgets.spec', V2],
  ['widgets.spec', ['--recursive', ...V2]],
  ['widgets.spec.mode', V2],
  ['widgets.spec.size', V2],
  ['widgets.spec.amount', V2],
  ['widgets.spec.config', V2],
  ['widgets.spec.labels', V2],
  ['widgets.spec.grid', V2],
  ['widgets.spec.forest', V2],
  ['widgets.spec.forest.children', ['--recursive', ...V2]],
  ['widgets.spec.name.beyond', V2],
  ['widgets.metadata', V2],
  ['widgets.status', V2],
];

for (const [arg, flags] of CASES) {
  test(`explain ${[arg, ...flags].join(' ')} prints what kubectl prints`, async () => {
    const real = await kubectl(['explain', arg, ...flags]);
    assert.equal(real.code, 0, real.stderr);
    assert.deepEqual(await ours(arg, flags), { stdout: real.stdout, stderr: '' });
  });
}

const FAILURES: Array<[string, string[]]> = [
  ['widgets.spec.nothing', []],
  ['widgets.spec.tree.value.deeper', []],
  ['widgets.spec.labels.key', []],
  ['gadgets', []],
  ['gizmos', []],
  ['widgets.status.nothing', V2],
  ['gadgets', V2],
];

for (const [arg, flags] of FAILURES) {
  test(`explain ${[arg, ...flags].join(' ')} fails as kubectl does`, async () => {
    const real = await kubectl(['explain', arg, ...flags]);
    assert.equal(real.code, 1);
    assert.deepEqual(await ours(arg, flags), { stdout: real.stdout, stderr: real.stderr });
  });
}

test('explain falls back to OpenAPI v2 as kubectl does when the server has no OpenAPI v3', async () => {
  servesV3 = false;
  try {
    // A fresh HOME, so that kubectl has no cached OpenAPI v3 index.
    const real = await kubectl(['explain', 'widgets.status'], 'home-without-v3');
    assert.equal(real.code, 0, real.stderr);
    assert.match(real.stdout, /^KIND: {5}Widget\nVERSION: {2}shapes\.example\.com\/v1\n/);
    assert.deepEqual(await ours('widgets.status', []), { stdout: real.stdout, stderr: '' });
  } finally {
    servesV3 = true;
  }
});
