// Golden tests of `k8ts kubectl describe`: for each kind and way of choosing objects, our
// describeObjects() must print what real kubectl 1.32 prints against the same server, line for
// line, once ages that depend on the moment of the run are masked.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, kubectl, type Server } from '../e2e/harness';
import { loadKubeconfig } from '../../src/client/kubeconfig';
import { ApiClient, ApiError } from '../../src/client/api-client';
import { describeObjects, PartialDescribeError, type DescribeTarget } from '../../src/cli/describe/describe';
import { BARE_NODE, NODE, NS, createFixtures } from './describe-fixtures';

const core = (resource: string, kind: string, namespaced = true): DescribeTarget => ({ group: '', version: 'v1', resource, kind, namespaced });
const PODS = core('pods', 'Pod');
const NODES = core('nodes', 'Node', false);
const NAMESPACES = core('namespaces', 'Namespace', false);
const CONFIGMAPS = core('configmaps', 'ConfigMap');
const SECRETS = core('secrets', 'Secret');
const SERVICEACCOUNTS = core('serviceaccounts', 'ServiceAccount');
const EVENTS = core('events', 'Event');
const LEASES: DescribeTarget = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true };

/**
 * Masks what depends on the second the command ran: an age in the last column of a table (the
 * node's pod table) and how long a pod has been terminating. Event ages come from the
 * fixtures' fixed old timestamps and stay unmasked, so the events table's alignment is checked.
 */
function normaliseAges(text: string): string {
  return text
    .replace(/\(lasts [^)]+\)/g, '(lasts <age>)')
    .replace(/ {2}\d+[smhdy](\d+[smhd])?$/gm, '  <age>');
}

interface Call { namespace?: string; names?: string[]; labelSelector?: string; allNamespaces?: boolean; showEvents?: boolean; chunkSize?: number }

describe('kubectl describe', () => {
  let server: Server;
  let client: ApiClient;

  before(async () => {
    server = await startServer();
    client = new ApiClient(loadKubeconfig(server.kubeconfig));
    await createFixtures(client);
  });

  after(async () => {
    client?.close();
    await server?.stop();
  });

  async function ours(target: DescribeTarget, call: Call): Promise<string> {
    return describeObjects(client, target, call.namespace, call.names ?? [], {
      showEvents: call.showEvents ?? true, chunkSize: call.chunkSize, labelSelector: call.labelSelector, allNamespaces: call.allNamespaces, now: new Date(),
    });
  }

  /** Runs both and compares; a second attempt absorbs a controller changing the object between the two reads. */
  async function assertSameAsKubectl(args: string[], target: DescribeTarget, call: Call, env?: Record<string, string>): Promise<string> {
    let expected = '';
    let actual = '';
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = kubectl(server, ['describe', ...args], { env });
      assert.equal(r.code, 0, r.stderr);
      expected = normaliseAges(r.stdout);
      actual = normaliseAges(await ours(target, call));
      if (expected === actual) break;
    }
    assert.equal(actual, expected);
    return actual;
  }

  test('a pod with init containers, probes, env forms, resources, every volume type and container states', async () => {
    const out = await assertSameAsKubectl(['pod', 'rich', '-n', NS], PODS, { namespace: NS, names: ['rich'] });
    // Guard against a vacuous match: the sections under test are really there.
    for (const line of ['Init Containers:', 'Last State:     Terminated', 'Exit Code:    137', 'TokenExpirationSeconds:  7200',
      'SECRET_PW:      <set to the key', 'ConfigMapOptional:       <nil>', 'example.com/flaky:NoExecute op=Exists for 60s',
      'Warning  BackOff    24h (x42 over 2d2h)']) {
      assert.ok(out.includes(line), `missing ${JSON.stringify(line)}`);
    }
    assert.ok(!out.includes('not about rich'), 'events of another pod are not listed');
  });

  test('several named pods: pending, priority class, seccomp, readiness gates, evicted, terminating', async () => {
    const names = ['plain', 'special', 'evicted', 'doomed'];
    const out = await assertSameAsKubectl(['pods', ...names, '-n', NS], PODS, { namespace: NS, names });
    assert.ok(out.includes('Status:                    Terminating (lasts <age>)'));
    assert.ok(out.includes('Reason:           Evicted'));
    assert.ok(out.includes('Priority Class Name:  system-cluster-critical'));
    assert.ok(out.includes('^[[31malert'), 'control characters are escaped');
    assert.equal(out.split('\n\n\nName:').length, 4, 'four objects separated by blank lines');
    assert.ok(out.includes('Warning  FailedScheduling  5h (x17 over 2d5h)  default-scheduler'), 'a series shows its count and span');
    assert.ok(out.includes('Normal   Überprüft'), 'wide characters keep the columns aligned');
  });

  test('pods chosen by a label selector, in one namespace and in all namespaces', async () => {
    const out = await assertSameAsKubectl(['pods', '-l', 'app=web', '-n', NS], PODS, { namespace: NS, labelSelector: 'app=web' });
    assert.match(out, /^Name: +evicted$/m);
    assert.match(out, /^Name: +rich$/m);
    assert.doesNotMatch(out, /^Name: +plain$/m);
    await assertSameAsKubectl(['pods', '-A', '-l', 'app in (web,plain)'], PODS, { allNamespaces: true, labelSelector: 'app in (web,plain)' });
  });

  test('every pod of a namespace, in pages of one, and without events', async () => {
    await assertSameAsKubectl(['pods', '-n', NS, '--chunk-size=1'], PODS, { namespace: NS, chunkSize: 1 });
    const out = await assertSameAsKubectl(['pod', 'rich', '-n', NS, '--show-events=false'], PODS, { namespace: NS, names: ['rich'], showEvents: false });
    assert.ok(!out.includes('Events:'));
  });

  test('a name that matches no pod describes the pods it is a prefix of', async () => {
    const out = await assertSameAsKubectl(['pods', 'ri', '-n', NS], PODS, { namespace: NS, names: ['ri'] });
    assert.match(out, /^Name: +rich$/m);
  });

  test('a missing pod is an ApiError 404 with kubectl\'s message', async () => {
    const r = kubectl(server, ['describe', 'pod', 'nope', '-n', NS]);
    assert.notEqual(r.code, 0);
    await assert.rejects(ours(PODS, { namespace: NS, names: ['nope'] }), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, 404);
      assert.equal(r.stderr.trim(), `Error from server (NotFound): ${e.message}`);
      return true;
    });
  });

  test('with several names, the pods that exist are described and the missing ones reported', async () => {
    const r = kubectl(server, ['describe', 'pods', 'nope', 'rich', 'gone', '-n', NS]);
    assert.notEqual(r.code, 0);
    await assert.rejects(ours(PODS, { namespace: NS, names: ['nope', 'rich', 'gone'] }), (e: unknown) => {
      assert.ok(e instanceof PartialDescribeError);
      assert.equal(e.code, 404);
      assert.equal(normaliseAges(e.described), normaliseAges(r.stdout));
      assert.match(e.described, /^Name: +rich$/m);
      assert.deepEqual(e.errors.map((x) => `Error from server (NotFound): ${x.message}`), r.stderr.trim().split('\n'));
      return true;
    });
  });

  test('a node with status, lease, taints, its pods\' share of resources and its events', async () => {
    const out = await assertSameAsKubectl(['node', NODE], NODES, { names: [NODE] });
    for (const line of ['Roles:              control-plane,worker', 'HolderIdentity:  describe-node-1', 'Non-terminated Pods:',
      'example.com/gpu    0           0', 'NodeReady  2d (x3 over 2d)']) {
      assert.ok(out.includes(line), `missing ${JSON.stringify(line)}`);
    }
    assert.doesNotMatch(out, /evicted/, 'finished pods are not counted');
  });

  test('all nodes, including one without status or Lease', async () => {
    const out = await assertSameAsKubectl(['nodes'], NODES, {});
    assert.ok(out.includes(`Lease:              Failed to get lease: leases.coordination.k8s.io "${BARE_NODE}" not found`));
  });

  test('namespaces', async () => {
    await assertSameAsKubectl(['namespace', NS], NAMESPACES, { names: [NS] });
    await assertSameAsKubectl(['namespaces'], NAMESPACES, {});
  });

  test('config maps, secrets and service accounts', async () => {
    const cms = await assertSameAsKubectl(['configmaps', '-n', NS], CONFIGMAPS, { namespace: NS });
    assert.ok(cms.includes('BinaryData\n====\nlogo.png: 7 bytes'));
    assert.ok(cms.includes('-----BEGIN CERTIFICATE-----'), 'the root CA config map is described too');
    const secrets = await assertSameAsKubectl(['secrets', '-n', NS], SECRETS, { namespace: NS });
    assert.ok(secrets.includes('password:  12 bytes'));
    assert.ok(secrets.includes('token:  eyJhbGciOiJFUzI1NiJ9.payload.sig'));
    const sas = await assertSameAsKubectl(['serviceaccounts', '-n', NS], SERVICEACCOUNTS, { namespace: NS });
    assert.ok(sas.includes('gone-secret (not found)'));
    assert.ok(sas.includes('Tokens:              builder-token'));
  });

  test('kinds without their own describer: leases and events', async () => {
    const leases = await assertSameAsKubectl(['lease', NODE, '-n', 'kube-node-lease'], LEASES, { namespace: 'kube-node-lease', names: [NODE] });
    assert.ok(leases.includes('Holder Identity:         describe-node-1'));
    const events = await assertSameAsKubectl(['events', '-n', NS], EVENTS, { namespace: NS });
    assert.ok(events.includes('Involved Object:'));
    await assertSameAsKubectl(['event', 'rich.scheduled', '-n', NS], EVENTS, { namespace: NS, names: ['rich.scheduled'] });
  });

  test('times are printed in the local time zone', async () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    try {
      const out = await assertSameAsKubectl(['node', NODE], NODES, { names: [NODE] }, { TZ: 'Asia/Kolkata' });
      assert.match(out, /^CreationTimestamp: +\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0530$/m);
      await assertSameAsKubectl(['pod', 'rich', '-n', NS], PODS, { namespace: NS, names: ['rich'] }, { TZ: 'Asia/Kolkata' });
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
