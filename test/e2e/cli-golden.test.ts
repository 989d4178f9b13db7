// Golden comparisons: the real kubectl (/usr/bin/kubectl) and `k8ts kubectl` run with the same
// arguments against the same server and objects; stdout, stderr and the exit code must match.
// Each pair runs back to back and is retried when an age ticked over between the two runs, so the
// final comparison is exact (only uids and timestamps, which are the same objects' anyway, are masked).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { k8tsKubectl, kubectl, kubectlOk, startServer, type RunResult, type Server } from './harness';
import { ApiClient } from '../../src/client/api-client';
import { loadKubeconfig } from '../../src/client/kubeconfig';

let server: Server;
let client: ApiClient;
let dir: string;

const NODE = 'golden-node';

function mask(r: RunResult): RunResult {
  const m = (s: string): string => s
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UID')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME');
  return { code: r.code, stdout: m(r.stdout), stderr: m(r.stderr) };
}

/** Runs both with `args` (retrying when ages differ) and asserts identical results. */
function same(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): RunResult {
  let theirs: RunResult = { code: 0, stdout: '', stderr: '' };
  let ours: RunResult = theirs;
  for (let attempt = 0; attempt < 8; attempt++) {
    theirs = mask(kubectl(server, args, opts));
    ours = mask(k8tsKubectl(server, args, opts));
    if (JSON.stringify(theirs) === JSON.stringify(ours)) break;
  }
  // An age that ticked between the two runs in every attempt: compare with the digits of ages
  // masked (same widths), so that everything else still has to match exactly.
  const ages = (s: string): string => s.replace(/\b(\d+[smhdy])+\b/g, (t) => t.replace(/\d/g, '0'));
  assert.equal(ages(ours.stdout), ages(theirs.stdout), `stdout of kubectl ${args.join(' ')}`);
  assert.equal(ages(ours.stderr), ages(theirs.stderr), `stderr of kubectl ${args.join(' ')}`);
  assert.equal(ours.code, theirs.code, `exit code of kubectl ${args.join(' ')}`);
  return ours;
}

/** For commands that change things: kubectl acts on `k-<name>`, ours on `o-<name>`; outputs must match with the prefix swapped. */
function sameChange(args: (name: string) => string[], name: string, opts: { input?: (name: string) => string; env?: Record<string, string> } = {}): RunResult {
  const theirs = mask(kubectl(server, args(`k-${name}`), { input: opts.input?.(`k-${name}`), env: opts.env }));
  const ours = mask(k8tsKubectl(server, args(`o-${name}`), { input: opts.input?.(`o-${name}`), env: opts.env }));
  const swap = (s: string): string => s.replaceAll(`k-${name}`, `o-${name}`);
  assert.equal(ours.stdout, swap(theirs.stdout), `stdout of kubectl ${args(name).join(' ')} (stderr: kubectl ${JSON.stringify(theirs.stderr)}, ours ${JSON.stringify(ours.stderr)})`);
  assert.equal(ours.stderr, swap(theirs.stderr), `stderr of kubectl ${args(name).join(' ')}`);
  assert.equal(ours.code, theirs.code, `exit code of kubectl ${args(name).join(' ')}`);
  return ours;
}

const podYaml = (name: string, extra = ''): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    app: golden
    tier: ${name.length % 2 ? 'front' : 'back'}
spec:
  containers:
  - name: web
    image: registry.local/web:1.0
    ports:
    - containerPort: 80
    env:
    - name: GREETING
      value: hello
    resources:
      requests:
        cpu: 100m
        memory: 64Mi
  - name: sidecar
    image: registry.local/side:latest
    command: ["echo", "hello"]
    args: ["ubuntu"]
${extra}`;

before(async () => {
  server = await startServer();
  client = new ApiClient(loadKubeconfig(server.kubeconfig));
  dir = mkdtempSync(join(tmpdir(), 'k8ts-golden-'));
  // A node with a status, as an agent would write it, so node output has something to show.
  await client.create({ group: '', version: 'v1', resource: 'nodes' }, {
    apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, labels: { 'kubernetes.io/hostname': NODE, 'kubernetes.io/os': 'linux' } },
    spec: { podCIDR: '10.99.0.0/24', podCIDRs: ['10.99.0.0/24'] },
  } as never);
  await client.request('PATCH', `/api/v1/nodes/${NODE}/status`, {
    status: {
      capacity: { cpu: '2', memory: '4026500Ki', pods: '110', 'ephemeral-storage': '30830568Ki' },
      allocatable: { cpu: '2', memory: '3924100Ki', pods: '110', 'ephemeral-storage': '28413217262' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() }],
      addresses: [{ type: 'InternalIP', address: '192.0.2.2' }, { type: 'Hostname', address: NODE }],
      nodeInfo: { machineID: 'm', systemUUID: 's', bootID: 'b', kernelVersion: '6.1.0-k8ts', osImage: 'Debian GNU/Linux 12 (bookworm)', containerRuntimeVersion: 'containerd://1.6.20~ds1', kubeletVersion: 'v1.32.0-k8ts', kubeProxyVersion: '', operatingSystem: 'linux', architecture: 'amd64' },
    },
  }, 'application/merge-patch+json');
  for (const name of ['alpha', 'beta']) writeFileSync(join(dir, `${name}.yaml`), podYaml(name));
  kubectlOk(server, ['apply', '-f', join(dir, 'alpha.yaml'), '-f', join(dir, 'beta.yaml')]);
  kubectlOk(server, ['create', 'configmap', 'settings', '--from-literal=mode=fast', '--from-literal=level=3']);
  kubectlOk(server, ['create', 'namespace', 'golden']);
});

after(async () => {
  client?.close();
  await server?.stop();
});

describe('read-only commands print what kubectl prints', () => {
  test('get po, wide, labels, selectors, several kinds, all, -A', () => {
    same(['get', 'po']);
    same(['get', 'pods', '-o', 'wide']);
    same(['get', 'po', '--show-labels']);
    same(['get', 'po', '-L', 'app,tier']);
    same(['get', 'po', '-l', 'tier=front']);
    same(['get', 'po', '--field-selector', 'metadata.name=beta']);
    same(['get', 'po,cm']);
    same(['get', 'pod/alpha', 'configmap/settings']);
    same(['get', 'all']);
    same(['get', 'po', '-A']);
    same(['get', 'sa', '-A']);
    same(['get', 'ns']);
    same(['get', 'nodes', '-o', 'wide']);
    same(['get', 'po', '--no-headers']);
    same(['get', 'po', 'alpha']);
  });

  test('get -o yaml, json, name, jsonpath, custom-columns, --sort-by', () => {
    same(['get', 'po', 'alpha', '-o', 'yaml']);
    same(['get', 'po', '-o', 'yaml']);
    same(['get', 'po', 'beta', '-o', 'json']);
    same(['get', 'cm', '-o', 'json']);
    same(['get', 'po,cm', '-o', 'name']);
    same(['get', 'po', '-o', 'jsonpath={.items[*].metadata.name}']);
    same(['get', 'po', 'alpha', '-o', 'jsonpath={range .spec.containers[*]}{.name}{"\\t"}{.image}{"\\n"}{end}']);
    same(['get', 'po', '-o', 'custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image']);
    same(['get', 'po', '--sort-by=.metadata.name', '-o', 'name']);
    same(['get', 'ns', '--sort-by=.metadata.name']);
    same(['get', 'nodes', NODE, '-o', 'yaml']);
  });

  test('describe pod, node, namespace', () => {
    same(['describe', 'pod', 'alpha']);
    same(['describe', 'po', '-l', 'app=golden']);
    same(['describe', 'node', NODE]);
    same(['describe', 'ns', 'golden']);
  });

  test('explain', () => {
    same(['explain', 'pod.spec.containers']);
    same(['explain', 'pods']);
    same(['explain', 'pod.spec.securityContext', '--recursive']);
  });

  test('api-resources, api-versions', () => {
    same(['api-resources']);
    same(['api-resources', '-o', 'wide']);
    same(['api-resources', '--namespaced=false']);
    same(['api-resources', '-o', 'name']);
    same(['api-versions']);
  });

  test('config view, get-contexts, current-context', () => {
    same(['config', 'view']);
    same(['config', 'view', '--minify', '-o', 'json']);
    same(['config', 'get-contexts']);
    same(['config', 'current-context']);
  });

  test('cluster-info', () => {
    same(['cluster-info']);
  });
});

describe('commands that change things print what kubectl prints', () => {
  test('create namespace, create -f, apply created / unchanged / configured, apply --server-side', () => {
    sameChange((n) => ['create', 'namespace', n], 'ns');
    sameChange((n) => ['create', 'ns', n], 'ns');
    for (const side of ['k', 'o']) writeFileSync(join(dir, `${side}-cm.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${side}-cm\ndata:\n  a: "1"\n`);
    sameChange((n) => ['create', '-f', join(dir, `${n}.yaml`)], 'cm');
    for (const side of ['k', 'o']) writeFileSync(join(dir, `${side}-web.yaml`), podYaml(`${side}-web`));
    sameChange((n) => ['apply', '-f', join(dir, `${n}.yaml`)], 'web');
    sameChange((n) => ['apply', '-f', join(dir, `${n}.yaml`)], 'web');
    for (const side of ['k', 'o']) writeFileSync(join(dir, `${side}-web.yaml`), podYaml(`${side}-web`).replace('app: golden', 'app: golden\n    extra: label'));
    sameChange((n) => ['apply', '-f', join(dir, `${n}.yaml`)], 'web');
    sameChange((n) => ['apply', '-f', join(dir, `${n}.yaml`), '--dry-run=server'], 'web');
    sameChange((n) => ['apply', '-f', '-'], 'stdin', { input: (n) => podYaml(n) });
    for (const side of ['k', 'o']) writeFileSync(join(dir, `${side}-ssa.yaml`), podYaml(`${side}-ssa`));
    sameChange((n) => ['apply', '--server-side', '-f', join(dir, `${n}.yaml`)], 'ssa');
    sameChange((n) => ['apply', '--server-side', '-f', join(dir, `${n}.yaml`)], 'ssa');
    // The objects each tool wrote are the same too.
    const k = JSON.parse(kubectlOk(server, ['get', 'po', 'k-web', '-o', 'json'])) as { metadata: { labels: object; annotations: Record<string, string> }; spec: object };
    const o = JSON.parse(kubectlOk(server, ['get', 'po', 'o-web', '-o', 'json'])) as typeof k;
    assert.deepEqual(o.metadata.labels, k.metadata.labels);
    assert.equal(o.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], k.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'].replaceAll('k-web', 'o-web'));
  });

  test('label, annotate, patch', () => {
    sameChange((n) => ['label', 'po', n, 'color=blue'], 'web');
    sameChange((n) => ['label', 'po', n, 'color=red'], 'web');
    sameChange((n) => ['label', 'po', n, 'color=red', '--overwrite'], 'web');
    sameChange((n) => ['label', 'po', n, 'color-'], 'web');
    sameChange((n) => ['label', 'po', n, 'color=red', 'shape=round', '--overwrite'], 'web');
    // kubectl lists labels in Go's random map order: compare the sets.
    const sorted = (r: RunResult): string => r.stdout.split('\n').sort().join('\n');
    assert.equal(sorted(k8tsKubectl(server, ['label', 'po', 'o-web', '--list'])), sorted(kubectl(server, ['label', 'po', 'k-web', '--list'])));
    sameChange((n) => ['annotate', 'po', n, 'note=first'], 'web');
    sameChange((n) => ['annotate', 'po', n, 'note=second', '--overwrite'], 'web');
    sameChange((n) => ['patch', 'po', n, '-p', '{"metadata":{"labels":{"patched":"yes"}}}'], 'web');
    sameChange((n) => ['patch', 'po', n, '-p', '{"metadata":{"labels":{"patched":"yes"}}}'], 'web');
    sameChange((n) => ['patch', 'po', n, '--type=merge', '-p', '{"metadata":{"labels":{"merged":"yes"}}}'], 'web');
    sameChange((n) => ['patch', 'po', n, '--type=json', '-p', '[{"op":"remove","path":"/metadata/labels/merged"}]'], 'web');
    // edit through an editor that changes a label, then through one that changes nothing.
    const editor = join(dir, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/shape: round/shape: square/" "$1"\n', { mode: 0o755 });
    sameChange((n) => ['edit', 'po', n], 'web', { env: { KUBE_EDITOR: editor } });
    sameChange((n) => ['edit', 'po', n], 'web', { env: { KUBE_EDITOR: 'true' } });
    assert.match(kubectlOk(server, ['get', 'po', 'o-web', '--show-labels']), /shape=square/);
  });

  test('cordon, uncordon, drain refused for pods without a controller, wait', () => {
    same(['cordon', NODE]);
    same(['cordon', NODE]);
    same(['uncordon', NODE]);
    // Its pods have no controller: kubectl refuses without --force.
    same(['drain', NODE]);
    same(['uncordon', NODE]);
    sameChange((n) => ['wait', '--for=condition=Ready', `pod/${n}`, '--timeout=1s'], 'web');
    same(['wait', '--for=delete', 'pod/does-not-exist', '--timeout=1s']);
    same(['wait', '--for=jsonpath={.status.phase}=Pending', 'pod/alpha', '--timeout=5s']);
  });

  test('delete by name, by label, of a missing object, -f, and namespaces with their pods', () => {
    sameChange((n) => ['delete', 'cm', n], 'cm');
    sameChange((n) => ['delete', 'po', n, '--grace-period=0', '--force'], 'stdin');
    for (const side of ['k', 'o']) writeFileSync(join(dir, `${side}-gone.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${side}-gone\n`);
    sameChange((n) => ['create', '-f', join(dir, `${n}.yaml`)], 'gone');
    sameChange((n) => ['delete', '-f', join(dir, `${n}.yaml`)], 'gone');
    sameChange((n) => ['delete', '-f', join(dir, `${n}.yaml`)], 'gone');
    sameChange((n) => ['delete', 'po', n], 'missing');
    sameChange((n) => ['delete', 'po', '-l', `app=${n}`], 'nothing');
    sameChange((n) => ['delete', 'ns', n, '--wait=false'], 'ns');
  });

  test('config use-context and set-context --current --namespace', () => {
    for (const side of ['k', 'o']) copyFileSync(server.kubeconfig, join(dir, `${side}-kubeconfig`));
    sameChange((n) => ['--kubeconfig', join(dir, `${n}`), 'config', 'set-context', '--current', '--namespace=golden'], 'kubeconfig');
    sameChange((n) => ['--kubeconfig', join(dir, `${n}`), 'config', 'use-context', 'default'], 'kubeconfig');
    sameChange((n) => ['--kubeconfig', join(dir, `${n}`), 'config', 'use-context', 'nope'], 'kubeconfig');
    const namespaceOf = (file: string): string => /namespace: (\S+)/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
    assert.equal(namespaceOf(join(dir, 'o-kubeconfig')), 'golden');
    sameChange((n) => ['--kubeconfig', join(dir, `${n}`), 'get', 'po'], 'kubeconfig');
  });
});

describe('bad input gets kubectl\'s message and exit code', () => {
  test('unknown command and flags, missing resource type', () => {
    same(['gte', 'po']);
    same(['frobnicate']);
    same(['get', 'po', '--frobnicate']);
    same(['get', 'po', '-x']);
    same(['get', 'po', '--namespace']);
    same(['get']);
    same(['get', 'widgets']);
    same(['get', 'po', 'nope']);
    same(['get', 'po', '-o', 'bogus']);
    same(['delete']);
    same(['delete', 'po']);
  });

  test('missing file, malformed manifests, invalid objects', () => {
    same(['apply', '-f', join(dir, 'no-such-file.yaml')]);
    writeFileSync(join(dir, 'bad-yaml.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: x: y\n');
    same(['apply', '-f', join(dir, 'bad-yaml.yaml')]);
    writeFileSync(join(dir, 'no-kind.yaml'), 'apiVersion: v1\nmetadata:\n  name: a\n');
    same(['apply', '-f', join(dir, 'no-kind.yaml')]);
    writeFileSync(join(dir, 'bad-name.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers: []\n');
    same(['apply', '-f', join(dir, 'bad-name.yaml')]);
    same(['create', '-f', join(dir, 'bad-name.yaml')]);
    writeFileSync(join(dir, 'unknown-field.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: strict\nspec:\n  containerz: []\n');
    same(['create', '-f', join(dir, 'unknown-field.yaml')]);
    same(['get', 'po', 'strict', '--ignore-not-found']);
  });

  test('an unreachable server', () => {
    const kc = join(dir, 'unreachable-kubeconfig');
    writeFileSync(kc, 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\n    insecure-skip-tls-verify: true\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: t\n');
    const theirs = kubectl(server, ['get', 'po'], { env: { KUBECONFIG: kc } });
    const ours = k8tsKubectl(server, ['get', 'po'], { env: { KUBECONFIG: kc } });
    const message = 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n';
    // kubectl also logs its discovery retries (with times and pids) before the message; the message is the same.
    assert.ok(theirs.stderr.endsWith(message), theirs.stderr);
    assert.equal(ours.stderr, message);
    assert.equal(ours.code, theirs.code);
    assert.equal(ours.code, 1);
  });
});
