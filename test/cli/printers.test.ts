// Golden tests: the same objects printed by real kubectl 1.32 (-o yaml/json/jsonpath/custom-columns,
// --sort-by) and by our printers, compared byte for byte.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubectl, kubectlOk, startServer, type Server } from '../e2e/harness';
import { loadKubeconfig } from '../../src/client/kubeconfig';
import { ApiClient } from '../../src/client/api-client';
import { printYaml, YamlPrintError } from '../../src/cli/printers/yaml-printer';
import { printJson } from '../../src/cli/printers/json-printer';
import { executeJsonPath, JsonPathError, parseJsonPath } from '../../src/cli/printers/jsonpath';
import { printCustomColumns } from '../../src/cli/printers/custom-columns';
import { sortObjects } from '../../src/cli/printers/sort-by';
import { kubectlList } from '../../src/cli/printers/kubectl-list';

const LONG_KEY = 'k'.repeat(130);

const CONFIGMAPS = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: tricky
  labels: { app: web, tier: "1" }
  annotations: { note: "a: b", empty: "" }
data:
  bool: "true"
  num: "123"
  empty: ""
  colon: "a: b"
  multi: "multi\\nline\\n"
  multinoend: "multi\\nline"
  multikeep: "x\\n\\n"
  leadspace: "  indented\\nsecond\\n"
  trailing: "trailing space "
  unicode: "héllo wörld ✓ 日本"
  emoji: "smile 😀"
  html: "<tag>&"
  long: "this is a very long line of text that goes on and on well past the eighty column limit of go-yaml so it folds somewhere"
  longnospace: "${'a'.repeat(120)}"
  longquoted: "this is a very long line of text: it goes on and on well past the eighty column limit of go-yaml so it folds"
  longdouble: "1this is a very long line of text that goes on and on well past the eighty column limit of go-yaml\\tso it folds"
  longspaces: "a very long line of text that goes on and on well past the eighty column limit  with  doubled  spaces \\t"
  ts: "2024-01-02T03:04:05Z"
  date: "2024-01-02"
  hex: "0x1F"
  octal: "0755"
  float: "1.5e3"
  dotfloat: ".5"
  "yes": "yes"
  "off": "Off"
  tilde: "~"
  "null": "null"
  dash: "-"
  dashword: "-x"
  hash: "# comment"
  midhash: "a #b"
  quote: "it's"
  dquote: 'say "hi"'
  time: "10:30"
  star: "*star"
  tab: "a\\tb"
  crlf: "a\\r\\nb"
  spacebreak: "a \\nb"
  docstart: "--- x"
  backslash: "C:\\\\path"
  a10: "x"
  a2: "x"
  a-1: "x"
  A: "x"
  _u: "x"
  dot.key: "x"
  ${LONG_KEY}: "long key"
---
apiVersion: v1
kind: ConfigMap
metadata: { name: q-big, labels: { app: web } }
data: { qty: "1Gi", word: "b10" }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: q-small, labels: { app: api } }
data: { qty: "500m", word: "b9" }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: q-two }
data: { qty: "2", word: "a" }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: q-mid }
data: { qty: "100Mi", word: "B" }
`;

const OTHERS = `
apiVersion: v1
kind: Secret
metadata: { name: creds, labels: { app: web } }
type: Opaque
data: { password: cGFzc3dvcmQ= }
stringData: { user: admin, "config.yaml": "a: 1\\nb: [x, y]\\n" }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: robot, annotations: { "example.com/owner": "team <ops> & co" } }
automountServiceAccountToken: false
---
apiVersion: v1
kind: Pod
metadata: { name: web-1, labels: { app: web, tier: frontend } }
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - name: nginx
    image: nginx:1.25
    command: ["/bin/sh", "-c", "echo 'hello'; exec nginx -g 'daemon off;'"]
    ports:
    - { name: http, containerPort: 8080, protocol: TCP }
    - { name: metrics, containerPort: 9090 }
    env:
    - { name: GREETING, value: "hello world" }
    - { name: EMPTY, value: "" }
    - name: POD_NAME
      valueFrom: { fieldRef: { fieldPath: metadata.name } }
    resources:
      requests: { cpu: 250m, memory: 64Mi }
      limits: { cpu: "1", memory: 128Mi }
    volumeMounts: [{ name: cache, mountPath: /cache }]
  - name: sidecar
    image: busybox:1.36
    args: ["sleep", "3600"]
    ports: [{ containerPort: 7000 }]
  volumes:
  - { name: cache, emptyDir: {} }
  tolerations:
  - { key: dedicated, operator: Equal, value: web, effect: NoSchedule }
---
apiVersion: v1
kind: Pod
metadata: { name: api-1, labels: { app: api } }
spec:
  terminationGracePeriodSeconds: 30
  containers:
  - name: api
    image: example.com/api:v2
    ports: [{ containerPort: 3000 }]
---
apiVersion: v1
kind: Pod
metadata: { name: batch-1 }
spec:
  terminationGracePeriodSeconds: 0
  restartPolicy: Never
  containers:
  - { name: job, image: busybox:1.36, command: [true] }
`;

/** Characters YAML manifests cannot carry raw, applied as JSON. */
const CONTROL = JSON.stringify({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'control' },
  data: { lsep: 'line\u2028sep', bom: '\ufeffbom', bell: 'bell\x07', nel: 'nel\x85', nbsp: 'nbsp\xa0', esc: 'esc\x1b[0m', cr: 'a\rb' },
});
/** In its own namespace, since it makes every -o yaml that includes it fail. */
const CONTROL_BAD = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'control-bad', namespace: 'bad' }, data: { del: 'del\x7f' } });

type Obj = Record<string, unknown> & { metadata: Record<string, unknown> };

describe('kubectl output printers against real kubectl', () => {
  let server: Server;
  let client: ApiClient;

  before(async () => {
    server = await startServer();
    const manifest = join(server.dataDir, 'objects.yaml');
    writeFileSync(manifest, CONFIGMAPS + '---\n' + OTHERS);
    kubectlOk(server, ['apply', '-f', manifest]);
    const control = join(server.dataDir, 'control.json');
    writeFileSync(control, CONTROL);
    kubectlOk(server, ['apply', '-f', control]);
    kubectlOk(server, ['create', 'namespace', 'bad']);
    kubectlOk(server, ['apply', '-f', '-'], { input: CONTROL_BAD });
    client = new ApiClient(loadKubeconfig(server.kubeconfig));
  });

  after(async () => {
    client?.close();
    await server?.stop();
  });

  /** The objects as kubectl sees them: items of a list get apiVersion and kind. */
  async function list(resource: string, kind: string): Promise<Obj[]> {
    const res = await client.request<{ items: Obj[] }>('GET', `/api/v1/namespaces/default/${resource}`);
    return res.items.map((item) => ({ ...item, apiVersion: 'v1', kind }));
  }

  /** -o json and -o yaml (only those) leave managedFields out unless --show-managed-fields. */
  function shown(obj: Obj): Obj {
    const { managedFields: _omitted, ...metadata } = obj.metadata;
    return { ...obj, metadata };
  }

  async function listShown(resource: string, kind: string): Promise<Obj[]> {
    return (await list(resource, kind)).map(shown);
  }

  async function one(resource: string, kind: string, name: string): Promise<Obj> {
    const found = (await list(resource, kind)).find((o) => o.metadata.name === name);
    assert.ok(found, `${resource}/${name} exists`);
    return found;
  }

  function same(args: string[], ours: string): void {
    assert.equal(ours, kubectlOk(server, args), `kubectl ${args.join(' ')}`);
  }

  test('-o yaml and -o json of one named object with tricky strings match kubectl', async () => {
    const cm = shown(await one('configmaps', 'ConfigMap', 'tricky'));
    same(['get', 'configmap', 'tricky', '-o', 'yaml'], printYaml(cm));
    same(['get', 'configmap', 'tricky', '-o', 'json'], printJson(cm));
    const control = shown(await one('configmaps', 'ConfigMap', 'control'));
    same(['get', 'configmap', 'control', '-o', 'yaml'], printYaml(control));
    same(['get', 'configmap', 'control', '-o', 'json'], printJson(control));
    const columns = 'NAME:.metadata.name,ESC:.data.esc,CR:.data.cr,BOM:.data.bom';
    same(['get', 'configmap', 'control', '-o', `custom-columns=${columns}`], printCustomColumns(columns, [control], { noHeaders: false }));
  });

  test('-o yaml fails like kubectl on characters go-yaml cannot read back', async () => {
    const bad = shown({ ...(await client.request<Obj>('GET', '/api/v1/namespaces/bad/configmaps/control-bad')), apiVersion: 'v1', kind: 'ConfigMap' });
    const r = kubectl(server, ['get', 'configmap', 'control-bad', '-n', 'bad', '-o', 'yaml']);
    assert.notEqual(r.code, 0);
    assert.throws(() => printYaml(bad), (e: unknown) => e instanceof YamlPrintError && r.stderr === `error: ${e.message}\n`);
    same(['get', 'configmap', 'control-bad', '-n', 'bad', '-o', 'json'], printJson(bad));
  });

  test('-o yaml and -o json of lists print a v1 List', async () => {
    for (const [resource, kind] of [['configmaps', 'ConfigMap'], ['secrets', 'Secret'], ['serviceaccounts', 'ServiceAccount'], ['pods', 'Pod']]) {
      const items = await listShown(resource, kind);
      same(['get', resource, '-o', 'yaml'], printYaml(kubectlList(items)));
      same(['get', resource, '-o', 'json'], printJson(kubectlList(items)));
    }
  });

  test('an empty list prints items: [] / "items": []', async () => {
    same(['get', 'configmaps', '-l', 'nothing=here', '-o', 'yaml'], printYaml(kubectlList([])));
    same(['get', 'configmaps', '-l', 'nothing=here', '-o', 'json'], printJson(kubectlList([])));
  });

  test('named pods, secrets and service accounts print as themselves', async () => {
    const pod = shown(await one('pods', 'Pod', 'web-1'));
    same(['get', 'pod', 'web-1', '-o', 'yaml'], printYaml(pod));
    same(['get', 'pod', 'web-1', '-o', 'json'], printJson(pod));
    const secret = shown(await one('secrets', 'Secret', 'creds'));
    same(['get', 'secret', 'creds', '-o', 'yaml'], printYaml(secret));
    const sa = shown(await one('serviceaccounts', 'ServiceAccount', 'robot'));
    same(['get', 'sa', 'robot', '-o', 'json'], printJson(sa));
  });

  const LIST_TEMPLATES = [
    '{.items[*].metadata.name}',
    '{range .items[*]}{.metadata.name}{"\\t"}{.metadata.labels.app}{"\\n"}{end}',
    '{.items[?(@.metadata.name=="tricky")].data.html}',
    '{.items[?(@.metadata.name!="tricky")].metadata.name}',
    '{.items[?(@.metadata.labels.app)].metadata.name}',
    '{.items[?(@.metadata.labels.app=="web")].data.qty}',
    '{.items[0:2].metadata.name}',
    '{.items[-1].metadata.name}',
    '{.items[-2:].metadata.name}',
    '{.items[::2].metadata.name}',
    '{.items[0,2].metadata.name}',
    '{.items[*].data.qty}{"\\n"}{.kind}',
    '{.metadata}',
    'names: {.items[*].metadata.name} end',
    '{.items[*].metadata.labels}',
    '{range .items[*]}[{.metadata.name}, {.data.word}] {end}',
    '{.items[*].metadata.missing}',
    '{.items[*].metadata.name.*}',
  ];

  test('jsonpath and custom-columns see managedFields (only -o json/yaml drop them)', async () => {
    const cm = await one('configmaps', 'ConfigMap', 'q-two');
    const t = '{.metadata.managedFields[0].manager}';
    same(['get', 'configmap', 'q-two', '-o', `jsonpath=${t}`], executeJsonPath(parseJsonPath(t), cm));
    assert.notEqual(executeJsonPath(parseJsonPath(t), cm), '');
  });

  test('jsonpath templates over a list', async () => {
    const items = kubectlList(await list('configmaps', 'ConfigMap'));
    for (const t of LIST_TEMPLATES) same(['get', 'configmaps', '-o', `jsonpath=${t}`], executeJsonPath(parseJsonPath(t), items));
  });

  const OBJECT_TEMPLATES = [
    '{.metadata.name}',
    '.metadata.name',
    '{.}',
    '{@}',
    '{.metadata.labels}',
    '{.spec.containers[0].resources}',
    '{..image}',
    '{.spec.containers[*].ports[*].containerPort}',
    '{.spec.containers[*].ports[?(@.containerPort>8000)].name}',
    '{.spec.containers[*].ports[?(@.containerPort<=8080)].containerPort}',
    '{.spec.containers[?(@.name=="nginx")].env[?(@.value)].name}',
    '{.spec.containers[0].env[?(@.value=="")].name}',
    '{.spec.terminationGracePeriodSeconds}',
    "{.metadata['name']}",
    '{.spec.containers[0].command}',
    '{.spec.volumes[0].emptyDir}',
    '{.spec.containers[*].name}{"\\n"}{.spec.containers[*].image}{"\\n"}',
    '{range .spec.containers[*]}{.name}={range .ports[*]}{.containerPort},{end};{end}',
    '{.spec.tolerations[0]}',
    '{.status.phase}',
  ];

  test('jsonpath templates over one named object', async () => {
    const pod = await one('pods', 'Pod', 'web-1');
    for (const t of OBJECT_TEMPLATES) same(['get', 'pod', 'web-1', '-o', `jsonpath=${t}`], executeJsonPath(parseJsonPath(t), pod));
    const cm = await one('configmaps', 'ConfigMap', 'tricky');
    for (const t of ['{.data.html}', '{.data.dot\\.key}', "{.data['dot.key']}", '{.data.emoji} {.data.multi}', '{.metadata.annotations}', '{.data}']) {
      same(['get', 'configmap', 'tricky', '-o', `jsonpath=${t}`], executeJsonPath(parseJsonPath(t), cm));
    }
  });

  test('jsonpath-as-json prints each expression as an indented JSON array', async () => {
    const items = kubectlList(await list('configmaps', 'ConfigMap'));
    const t = '{.items[*].metadata.labels}';
    same(['get', 'configmaps', '-o', `jsonpath-as-json=${t}`], executeJsonPath(parseJsonPath(t), items, { asJson: true }));
  });

  function sameError(args: string[], run: () => unknown): void {
    const r = kubectl(server, args);
    assert.notEqual(r.code, 0, `kubectl ${args.join(' ')} fails`);
    assert.throws(run, (e: unknown) => {
      assert.ok(e instanceof JsonPathError);
      const message = e.message.endsWith('\n') ? e.message : e.message + '\n';
      assert.equal('error: ' + message, r.stderr);
      return true;
    });
  }

  test('a bad jsonpath template fails with kubectl message', async () => {
    for (const t of ['{.a[}', '{.items[?(@.x=="y"}', '{.a', '{#}', '{....a}', '{.a[x]}', "{.a['b}"]) {
      sameError(['get', 'configmaps', '-o', `jsonpath=${t}`], () => parseJsonPath(t));
    }
  });

  test('a jsonpath that fails while running reports the template and the object as kubectl does', async () => {
    const cm = await one('configmaps', 'ConfigMap', 'q-two');
    for (const t of ['{foo}', '{end}', '{.metadata.name[0]}', '{.metadata[?(@.x)]}', '{.data.qty[5]}', '{.data.qty[?(@.x)]}', '{.data[?(@.x)]}']) {
      sameError(['get', 'configmap', 'q-two', '-o', `jsonpath=${t}`], () => executeJsonPath(parseJsonPath(t), cm));
    }
  });

  test('custom-columns: headers, <none>, lists of values, maps, unicode, --no-headers', async () => {
    const cms = await list('configmaps', 'ConfigMap');
    const pods = await list('pods', 'Pod');
    const cmSpec = 'NAME:.metadata.name,APP:.metadata.labels.app,QTY:{.data.qty},U:data.unicode';
    same(['get', 'configmaps', '-o', `custom-columns=${cmSpec}`], printCustomColumns(cmSpec, cms, { noHeaders: false }));
    same(['get', 'configmaps', '--no-headers', '-o', `custom-columns=${cmSpec}`], printCustomColumns(cmSpec, cms, { noHeaders: true }));
    const podSpec = 'POD:.metadata.name,PORTS:.spec.containers[*].ports[*].containerPort,IMAGE:.spec.containers[0].image,LABELS:.metadata.labels,GRACE:.spec.terminationGracePeriodSeconds,X:.spec.nope';
    same(['get', 'pods', '-o', `custom-columns=${podSpec}`], printCustomColumns(podSpec, pods, { noHeaders: false }));
    const short = 'T:.metadata.labels.tier,N:.metadata.name';
    const tier1 = cms.filter((o) => (o.metadata.labels as Record<string, string> | undefined)?.tier === '1');
    same(['get', 'configmaps', '-l', 'tier=1', '--no-headers', '-o', `custom-columns=${short}`], printCustomColumns(short, tier1, { noHeaders: true }));
    const named = await one('pods', 'Pod', 'web-1');
    same(['get', 'pod', 'web-1', '-o', `custom-columns=${podSpec}`], printCustomColumns(podSpec, [named], { noHeaders: false }));
  });

  test('custom-columns-file takes a header line and a spec line', async () => {
    const file = join(server.dataDir, 'columns.txt');
    const content = 'NAME     WORD\n.metadata.name   {.data.word}\n';
    writeFileSync(file, content);
    const cms = await list('configmaps', 'ConfigMap');
    same(['get', 'configmaps', '-o', `custom-columns-file=${file}`], printCustomColumns(content, cms, { noHeaders: false, file: true }));
  });

  test('custom-columns errors: a column without a colon, a bad path', async () => {
    const cms = await list('configmaps', 'ConfigMap');
    for (const spec of ['NAME', 'NAME:.metadata.name,AGE', 'NAME:{.a}{.b}', 'NAME:.items[']) {
      sameError(['get', 'configmaps', '-o', `custom-columns=${spec}`], () => printCustomColumns(spec, cms, { noHeaders: false }));
    }
  });

  const names = (objs: object[]): string => objs.map((o) => `${(o as Obj).metadata.name as string}\n`).join('');
  const NAMES = 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}';

  test('--sort-by orders by strings, quantities, numbers and timestamps; objects without the field first', async () => {
    const cms = await list('configmaps', 'ConfigMap');
    const pods = await list('pods', 'Pod');
    for (const field of ['.metadata.name', '{.data.qty}', 'data.word', '.metadata.creationTimestamp', '.metadata.labels.app']) {
      same(['get', 'configmaps', `--sort-by=${field}`, '-o', NAMES], names(sortObjects(cms, field)));
    }
    for (const field of ['.spec.terminationGracePeriodSeconds', '.spec.containers[0].ports[0].containerPort', '.spec.containers[0].image']) {
      same(['get', 'pods', `--sort-by=${field}`, '-o', NAMES], names(sortObjects(pods, field)));
    }
    same(['get', 'configmaps', '--sort-by=.data.qty', '-o', 'yaml'], printYaml(kubectlList(sortObjects(cms, '.data.qty').map((o) => shown(o as Obj)))));
  });

  test('--sort-by with many equal values orders ties as Go\'s unstable sort does', async () => {
    // 40 objects with few distinct values exercise pivots, equal-partitioning and pattern breaking.
    const docs = Array.from({ length: 40 }, (_, i) => JSON.stringify({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: `tie-${String(i).padStart(2, '0')}`, namespace: 'ties', labels: { grp: ['b', 'a', 'c'][(i * 7) % 3], ...(i % 5 === 0 ? {} : { rank: String(i % 4) }) } },
      data: { size: `${(i * 37) % 11}Mi` },
    }));
    kubectlOk(server, ['create', 'namespace', 'ties']);
    kubectlOk(server, ['apply', '-f', '-'], { input: docs.join('\n') });
    const res = await client.request<{ items: Obj[] }>('GET', '/api/v1/namespaces/ties/configmaps');
    const objs = res.items.map((o) => ({ ...o, apiVersion: 'v1', kind: 'ConfigMap' }));
    assert.ok(objs.length >= 40);
    for (const field of ['.metadata.labels.grp', '.metadata.labels.rank', '.data.size', '.metadata.namespace']) {
      same(['get', 'configmaps', '-n', 'ties', `--sort-by=${field}`, '-o', NAMES], names(sortObjects(objs, field)));
    }
  });

  test('--sort-by a field no object has fails as kubectl does', async () => {
    const cms = await list('configmaps', 'ConfigMap');
    sameError(['get', 'configmaps', '--sort-by=.nope', '-o', 'name'], () => sortObjects(cms, '.nope'));
  });
});
