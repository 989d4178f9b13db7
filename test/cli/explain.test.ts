// `explain` against real kubectl 1.32 on the same server: the same text, byte for byte, for
// resources, nested fields, arrays, maps, primitives, another API group, --recursive, and the
// unknown-field error (message and the header kubectl prints before it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { type Server, startServer, kubectl } from '../e2e/harness';
import { loadKubeconfig } from '../../src/client/kubeconfig';
import { ApiClient } from '../../src/client/api-client';
import { explain, ExplainError, type ExplainTarget } from '../../src/cli/explain/explain';

let server: Server;
let client: ApiClient;
before(async () => {
  server = await startServer();
  client = new ApiClient(loadKubeconfig(server.kubeconfig));
});
after(async () => {
  client?.close();
  await server?.stop();
});

// What the CLI's discovery resolves the first segment of each argument to.
const TARGETS: Record<string, ExplainTarget> = {
  pods: { group: '', version: 'v1', kind: 'Pod', resource: 'pods' },
  pod: { group: '', version: 'v1', kind: 'Pod', resource: 'pods' },
  namespaces: { group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces' },
  nodes: { group: '', version: 'v1', kind: 'Node', resource: 'nodes' },
  configmaps: { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps' },
  leases: { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', resource: 'leases' },
};

async function ours(arg: string, recursive: boolean): Promise<string> {
  const [resource, ...path] = arg.split('.');
  return explain(client, TARGETS[resource], path, { recursive });
}

function theirs(arg: string, recursive: boolean): string {
  const r = kubectl(server, ['explain', arg, ...(recursive ? ['--recursive'] : [])]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

const CASES: Array<[string, boolean]> = [
  ['pods', false],
  ['pod.spec', false],
  ['pod.spec.containers', false],
  ['pod.spec.containers.image', false],
  ['pod.spec.containers.resources', false],
  ['pod.metadata.labels', false],
  ['pod.status.phase', false],
  ['namespaces', false],
  ['nodes.status', false],
  ['configmaps.data', false],
  ['leases', false],
  ['leases.spec', false],
  ['pod.spec.securityContext', true],
  ['pod.spec.containers.ports', true],
];

for (const [arg, recursive] of CASES) {
  test(`explain ${arg}${recursive ? ' --recursive' : ''} prints what kubectl prints`, async () => {
    assert.equal(await ours(arg, recursive), theirs(arg, recursive));
  });
}

for (const arg of ['pods.spec.foo', 'pods.foo.bar', 'pod.spec.containers.image.foo']) {
  test(`explain ${arg} fails as kubectl does, after printing the header`, async () => {
    const real = kubectl(server, ['explain', arg]);
    assert.equal(real.code, 1);
    const [resource, ...path] = arg.split('.');
    await assert.rejects(explain(client, TARGETS[resource], path, { recursive: false }), (e: unknown) => {
      assert.ok(e instanceof ExplainError);
      assert.equal(`error: ${e.message}\n`, real.stderr);
      assert.equal(e.output, real.stdout);
      return true;
    });
  });
}
