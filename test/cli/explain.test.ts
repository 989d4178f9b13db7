// `explain` against real kubectl 1.32 on the same server: the same text, byte for byte, for
// resources, nested fields, arrays, maps, primitives, another API group, --recursive, the older
// `--output=plaintext-openapiv2`, and the errors (message, and the header kubectl prints first).
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

const V2 = ['--output', 'plaintext-openapiv2'];

/** Our text, or our error as kubectl would print it (stdout so far, then `error: ...` on stderr). */
async function ours(arg: string, flags: string[]): Promise<{ stdout: string; stderr: string }> {
  const [resource, ...path] = arg.split('.');
  const output = flags.includes('--output') ? flags[flags.indexOf('--output') + 1] : undefined;
  try {
    return { stdout: await explain(client, TARGETS[resource], path, { recursive: flags.includes('--recursive'), output }), stderr: '' };
  } catch (e) {
    if (!(e instanceof ExplainError)) throw e;
    return { stdout: e.output, stderr: `error: ${e.message}\n` };
  }
}

const CASES: Array<[string, string[]]> = [
  ['pods', []],
  ['pod.spec', []],
  ['pod.spec.containers', []],
  ['pod.spec.containers.image', []],
  ['pod.spec.containers.resources', []],
  ['pod.spec.containers.ports.containerPort', []],
  ['pod.metadata.labels', []],
  ['pod.metadata.managedFields.fieldsV1', []],
  ['pod.status.phase', []],
  ['namespaces', []],
  ['nodes.status', []],
  ['configmaps.data', []],
  ['leases', []],
  ['leases.spec', []],
  ['pod.spec.securityContext', ['--recursive']],
  ['pod.spec.containers.ports', ['--recursive']],
  ['pods', ['--recursive']],
  ['pods', V2],
  ['pod.spec.containers', V2],
  ['pod.spec.containers.image', V2],
  ['pod.metadata.labels', V2],
  ['pod.metadata.managedFields.fieldsV1', V2],
  ['leases.spec', V2],
  ['pod.spec.securityContext', ['--recursive', ...V2]],
];

for (const [arg, flags] of CASES) {
  test(`explain ${[arg, ...flags].join(' ')} prints what kubectl prints`, async () => {
    const real = kubectl(server, ['explain', arg, ...flags]);
    assert.equal(real.code, 0, real.stderr);
    assert.deepEqual(await ours(arg, flags), { stdout: real.stdout, stderr: '' });
  });
}

// v3 names the last path element and has printed the header; v2 names the first unknown one.
const FAILURES: Array<[string, string[]]> = [
  ['pods.spec.foo', []],
  ['pods.foo.bar', []],
  ['pod.spec.containers.image.foo', []],
  ['pods.foo.bar', V2],
  ['pods', ['--output', 'yaml']],
];

for (const [arg, flags] of FAILURES) {
  test(`explain ${[arg, ...flags].join(' ')} fails as kubectl does`, async () => {
    const real = kubectl(server, ['explain', arg, ...flags]);
    assert.equal(real.code, 1);
    assert.deepEqual(await ours(arg, flags), { stdout: real.stdout, stderr: real.stderr });
  });
}
