import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../src/api/status';
import { decodeKubernetesProtobuf } from '../../../src/apiserver/protobuf/decode-k8s-protobuf';
import { entry, envelope, int, key, msg, str, time } from './proto-writer';

// Bodies kubectl 1.33 sent to a capturing stub (kubectl 1.32 sent the same bytes). Each expected
// object is the JSON body kubectl 1.31 sent for the same command, minus its `creationTimestamp:
// null` and `expirationTimestamp: null`.
const KUBECTL_BODIES: Array<{ command: string; base64: string; json: Record<string, unknown> }> = [
  {
    command: 'kubectl create namespace foo',
    base64: 'azhzAAoPCgJ2MRIJTmFtZXNwYWNlEhsKEwoDZm9vEgAaACIAKgAyADgAQgASABoCCgAaACIA',
    json: { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'foo' }, spec: {}, status: {} },
  },
  {
    command: 'kubectl create configmap cm1 --from-literal=a=b --from-literal=c=d',
    base64: 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEiUKEwoDY20xEgAaACIAKgAyADgAQgASBgoBYRIBYhIGCgFjEgFkGgAiAA==',
    json: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cm1' }, data: { a: 'b', c: 'd' } },
  },
  {
    command: 'kubectl create configmap cm2 --from-file=bin.dat --from-file=text.txt',
    base64: 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEnYKEwoDY20yEgAaACIAKgAyADgAQgASEgoIdGV4dC50eHQSBmhlbGxvChpLCgdiaW4uZGF0EkDSduW328nPAsKJx0M5sxx0krrBIRjKdJxKmOyhBVjA9Fikg6qalSpF5NUe0rMcf4ih/mzOXspl3x51MPzaYiD1GgAiAA==',
    json: {
      kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cm2' }, data: { 'text.txt': 'hello\n' },
      binaryData: { 'bin.dat': '0nblt9vJzwLCicdDObMcdJK6wSEYynScSpjsoQVYwPRYpIOqmpUqReTVHtKzHH+Iof5szl7KZd8edTD82mIg9Q==' },
    },
  },
  {
    command: 'kubectl create secret generic s1 --from-literal=a=b --type=foo/bar',
    base64: 'azhzAAoMCgJ2MRIGU2VjcmV0EiUKEgoCczESABoAIgAqADIAOABCABIGCgFhEgFiGgdmb28vYmFyGgAiAA==',
    json: { kind: 'Secret', apiVersion: 'v1', metadata: { name: 's1' }, data: { a: 'Yg==' }, type: 'foo/bar' },
  },
  {
    command: 'kubectl create secret docker-registry d --docker-server=s --docker-username=u --docker-password=p',
    base64: 'azhzAAoMCgJ2MRIGU2VjcmV0EocBChEKAWQSABoAIgAqADIAOABCABJSChEuZG9ja2VyY29uZmlnanNvbhI9eyJhdXRocyI6eyJzIjp7InVzZXJuYW1lIjoidSIsInBhc3N3b3JkIjoicCIsImF1dGgiOiJkVHB3In19fRoea3ViZXJuZXRlcy5pby9kb2NrZXJjb25maWdqc29uGgAiAA==',
    json: {
      kind: 'Secret', apiVersion: 'v1', metadata: { name: 'd' }, type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': 'eyJhdXRocyI6eyJzIjp7InVzZXJuYW1lIjoidSIsInBhc3N3b3JkIjoicCIsImF1dGgiOiJkVHB3In19fQ==' },
    },
  },
  {
    command: 'kubectl create serviceaccount sa1',
    base64: 'azhzAAoUCgJ2MRIOU2VydmljZUFjY291bnQSFQoTCgNzYTESABoAIgAqADIAOABCABoAIgA=',
    json: { kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name: 'sa1' } },
  },
  {
    command: 'kubectl create token sa1 --audience=foo --duration=10m --bound-object-kind=Pod --bound-object-name=p1 --bound-object-uid=abc',
    base64: 'azhzAAooChhhdXRoZW50aWNhdGlvbi5rOHMuaW8vdjESDFRva2VuUmVxdWVzdBI2ChAKABIAGgAiACoAMgA4AEIAEhwKA2ZvbxoSCgNQb2QSAnYxGgJwMSIDYWJjINgEGgQKABIAGgAiAA==',
    json: {
      kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata: {},
      spec: { audiences: ['foo'], expirationSeconds: 600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p1', uid: 'abc' } },
      status: { token: '' },
    },
  },
  {
    command: 'kubectl auth can-i create pods',
    base64: 'azhzAAoyChdhdXRob3JpemF0aW9uLms4cy5pby92MRIXU2VsZlN1YmplY3RBY2Nlc3NSZXZpZXcSPwoQCgASABoAIgAqADIAOABCABIhCh8KB2RlZmF1bHQSBmNyZWF0ZRoAIgAqBHBvZHMyADoAGggIABIAGgAgABoAIgA=',
    json: {
      kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {},
      spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } }, status: { allowed: false },
    },
  },
  {
    command: 'kubectl auth can-i get /healthz',
    base64: 'azhzAAoyChdhdXRob3JpemF0aW9uLms4cy5pby92MRIXU2VsZlN1YmplY3RBY2Nlc3NSZXZpZXcSLwoQCgASABoAIgAqADIAOABCABIREg8KCC9oZWFsdGh6EgNnZXQaCAgAEgAaACAAGgAiAA==',
    json: {
      kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {},
      spec: { nonResourceAttributes: { path: '/healthz', verb: 'get' } }, status: { allowed: false },
    },
  },
  {
    command: 'kubectl auth whoami',
    base64: 'azhzAAotChhhdXRoZW50aWNhdGlvbi5rOHMuaW8vdjESEVNlbGZTdWJqZWN0UmV2aWV3EhoKEAoAEgAaACIAKgAyADgAQgASBgoECgASABoAIgA=',
    json: { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: {}, status: { userInfo: {} } },
  },
];

for (const { command, base64, json } of KUBECTL_BODIES) {
  test(`the protobuf body of \`${command}\` decodes to the JSON body older kubectl sends`, () => {
    assert.deepEqual(decodeKubernetesProtobuf(Buffer.from(base64, 'base64')), json);
  });
}

function assertStatus(fn: () => unknown, code: number, message: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof StatusError, String(e));
    assert.equal(e.code, code);
    assert.match(e.status.message ?? '', message);
    return true;
  });
}

test('a kind without a schema is refused with 415 naming it, e.g. the Pod of `kubectl debug node/n1`', () => {
  const pod = 'azhzAAoJCgJ2MRIDUG9kEs8BCiYKFm5vZGUtZGVidWdnZXItbjEtY25mZ3QSABoAIgAqADIAOABCABKPAQoSCglob3N0LXJvb3QSBQoDCgEvEkUKCGRlYnVnZ2VyEgdidXN5Ym94KgBCAEoYCglob3N0LXJvb3QQABoFL2hvc3QiADIAagByAIABAIgBAJABAKIBBEZpbGUaBU5ldmVyMgBCAEoAUgJuMVgBYAFoAYIBAIoBAJoBALIBDgoAEgZFeGlzdHMaACIAwgEAGhMKABoAIgAqADIASgBaAHIAiAEAGgAiAA==';
  assertStatus(() => decodeKubernetesProtobuf(Buffer.from(pod, 'base64')), 415, /for kind "Pod" of "v1", which this server reads only as JSON or YAML/);
  // `kubectl create job j --image=busybox`
  const job = 'azhzAAoPCghiYXRjaC92MRIDSm9iEngKEQoBahIAGgAiACoAMgA4AEIAElkyVwoQCgASABoAIgAqADIAOABCABJDEiAKAWoSB2J1c3lib3gqAEIAagByAIABAIgBAJABAKIBABoFTmV2ZXIyAEIASgBSAFgAYABoAIIBAIoBAJoBAMIBABoIIAAoADAAOgAaACIA';
  assertStatus(() => decodeKubernetesProtobuf(Buffer.from(job, 'base64')), 415, /kind "Job" of "batch\/v1"/);
  // The same kind in a group version the table does not list.
  assertStatus(() => decodeKubernetesProtobuf(envelope('v2', 'ConfigMap')), 415, /kind "ConfigMap" of "v2"/);
});

test('ObjectMeta decodes every field: times as RFC 3339 seconds, FieldsV1 as JSON, owner references', () => {
  const meta = msg(1,
    str(1, 'web'), str(2, 'web-'), str(3, 'default'), str(4, '/api/v1/namespaces/default/configmaps/web'),
    str(5, 'u-1'), str(6, '42'), int(7, 3),
    time(8, 1704164645, 999_999_999), // Go's Time decoder drops the nanoseconds
    time(9, 1704164700), int(10, 30),
    entry(11, 'app', 'web'), entry(11, 'tier', 'front'), entry(12, 'note', 'x'),
    msg(13, str(1, 'ReplicaSet'), str(3, 'rs'), str(4, 'u-rs'), str(5, 'apps/v1'), int(6, true), int(7, false)),
    str(14, 'example.com/a'), str(14, 'example.com/b'),
    msg(17, str(1, 'kubectl'), str(2, 'Apply'), str(3, 'v1'), time(4, 0), str(6, 'FieldsV1'),
      msg(7, str(1, '{"f:data":{"f:a":{}}}')), str(8, 'status')),
  );
  assert.deepEqual(decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', meta)), {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: {
      name: 'web', generateName: 'web-', namespace: 'default', selfLink: '/api/v1/namespaces/default/configmaps/web',
      uid: 'u-1', resourceVersion: '42', generation: 3,
      creationTimestamp: '2024-01-02T03:04:05Z', deletionTimestamp: '2024-01-02T03:05:00Z', deletionGracePeriodSeconds: 30,
      labels: { app: 'web', tier: 'front' }, annotations: { note: 'x' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u-rs', controller: true, blockOwnerDeletion: false }],
      finalizers: ['example.com/a', 'example.com/b'],
      managedFields: [{
        manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: '1970-01-01T00:00:00Z', fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:a': {} } }, subresource: 'status',
      }],
    },
  });
});

test('zero values Go writes on the wire are left out, as omitempty leaves them out of JSON', () => {
  // What Go writes for an empty ObjectMeta: every string empty, generation 0, an empty Time.
  const meta = msg(1, str(1, 'x'), str(2, ''), str(3, ''), str(4, ''), str(5, ''), str(6, ''), int(7, 0), msg(8));
  assert.deepEqual(decodeKubernetesProtobuf(envelope('v1', 'Secret', meta, str(3, ''))), {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' },
  });
});

test('a pointer field set to its zero value stays: gracePeriodSeconds 0, orphanDependents false, immutable false', () => {
  const options = envelope('v1', 'DeleteOptions',
    int(1, 0), msg(2, str(1, 'u-1'), str(2, '')), int(3, false), str(4, 'Background'), str(5, 'All'), int(6, false));
  assert.deepEqual(decodeKubernetesProtobuf(options), {
    apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid: 'u-1', resourceVersion: '' },
    orphanDependents: false, propagationPolicy: 'Background', dryRun: ['All'],
    ignoreStoreReadErrorWithClusterBreakingPotential: false,
  });
  const cm = decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', msg(1, str(1, 'c')), int(4, false)));
  assert.equal(cm.immutable, false);
  const sa = decodeKubernetesProtobuf(envelope('v1', 'ServiceAccount', msg(1, str(1, 'sa')), int(4, false)));
  assert.equal(sa.automountServiceAccountToken, false);
});

test('DeleteOptions decodes in whatever group version client-go names it', () => {
  for (const apiVersion of ['meta.k8s.io/v1', 'coordination.k8s.io/v1', 'policy/v1']) {
    assert.deepEqual(decodeKubernetesProtobuf(envelope(apiVersion, 'DeleteOptions', int(1, 5))), {
      apiVersion, kind: 'DeleteOptions', gracePeriodSeconds: 5,
    });
  }
});

test('fields Go writes without omitempty appear with their zero value when missing', () => {
  const meta = msg(1, msg(13, str(4, 'u-owner')));
  const ns = decodeKubernetesProtobuf(envelope('v1', 'Namespace', meta, msg(3, msg(2, str(5, 'why')))));
  assert.deepEqual(ns.metadata, { ownerReferences: [{ apiVersion: '', kind: '', name: '', uid: 'u-owner' }] });
  assert.deepEqual(ns.status, { conditions: [{ type: '', status: '', reason: 'why' }] });
  const ev = decodeKubernetesProtobuf(envelope('v1', 'Event', msg(1, str(1, 'e')), msg(2, str(1, 'Pod'))));
  assert.deepEqual(ev, {
    apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod' },
    reportingComponent: '', reportingInstance: '',
  });
});

test('Event decodes with its source, series, related object and MicroTime in microseconds', () => {
  const ref = (field: number, name: string) => msg(field, str(1, 'Pod'), str(2, 'default'), str(3, name), str(4, 'u-p'),
    str(5, 'v1'), str(6, '7'), str(7, 'spec.containers{app}'));
  const ev = envelope('v1', 'Event',
    msg(1, str(1, 'web.17'), str(3, 'default')), ref(2, 'web'), str(3, 'Scheduled'), str(4, 'assigned'),
    msg(5, str(1, 'scheduler'), str(2, 'node-1')), time(6, 1704164645), time(7, 1704164646), int(8, 2), str(9, 'Normal'),
    time(10, 1704164645, 123_456_789), msg(11, int(1, 3), time(2, 1704164647, 5_000)), str(12, 'Binding'),
    ref(13, 'other'), str(14, 'default-scheduler'), str(15, 'sched-1'));
  assert.deepEqual(decodeKubernetesProtobuf(ev), {
    apiVersion: 'v1', kind: 'Event', metadata: { name: 'web.17', namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u-p', apiVersion: 'v1', resourceVersion: '7', fieldPath: 'spec.containers{app}' },
    reason: 'Scheduled', message: 'assigned', source: { component: 'scheduler', host: 'node-1' },
    firstTimestamp: '2024-01-02T03:04:05Z', lastTimestamp: '2024-01-02T03:04:06Z', count: 2, type: 'Normal',
    eventTime: '2024-01-02T03:04:05.123456Z', series: { count: 3, lastObservedTime: '2024-01-02T03:04:07.000005Z' },
    action: 'Binding',
    related: { kind: 'Pod', namespace: 'default', name: 'other', uid: 'u-p', apiVersion: 'v1', resourceVersion: '7', fieldPath: 'spec.containers{app}' },
    reportingComponent: 'default-scheduler', reportingInstance: 'sched-1',
  });
});

test('Binding, Lease and a ServiceAccount with secrets and imagePullSecrets decode', () => {
  const binding = envelope('v1', 'Binding', msg(1, str(1, 'web'), str(3, 'default')), msg(2, str(1, 'Node'), str(3, 'node-1')));
  assert.deepEqual(decodeKubernetesProtobuf(binding), {
    apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web', namespace: 'default' }, target: { kind: 'Node', name: 'node-1' },
  });
  const lease = envelope('coordination.k8s.io/v1', 'Lease', msg(1, str(1, 'node-1'), str(3, 'kube-node-lease')),
    msg(2, str(1, 'node-1'), int(2, 40), time(3, 1704164645, 1_000), time(4, 1704164646), int(5, 0)));
  assert.deepEqual(decodeKubernetesProtobuf(lease), {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-1', namespace: 'kube-node-lease' },
    spec: {
      holderIdentity: 'node-1', leaseDurationSeconds: 40, acquireTime: '2024-01-02T03:04:05.000001Z',
      renewTime: '2024-01-02T03:04:06.000000Z', leaseTransitions: 0,
    },
  });
  const sa = envelope('v1', 'ServiceAccount', msg(1, str(1, 'build')), msg(2, str(3, 'token-1')), msg(3, str(1, 'registry')), int(4, true));
  assert.deepEqual(decodeKubernetesProtobuf(sa), {
    apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'build' },
    secrets: [{ name: 'token-1' }], imagePullSecrets: [{ name: 'registry' }], automountServiceAccountToken: true,
  });
});

test('Secret data and stringData: bytes become base64, strings stay text', () => {
  const secret = envelope('v1', 'Secret', msg(1, str(1, 's')), entry(2, 'bin', Buffer.from([0, 255, 1])),
    entry(4, 'plain', 'text'), str(3, 'Opaque'), int(5, true));
  assert.deepEqual(decodeKubernetesProtobuf(secret), {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { bin: 'AP8B' }, stringData: { plain: 'text' },
    type: 'Opaque', immutable: true,
  });
});

test('negative int64 and int32 values, which Go writes as 10-byte varints, come back negative', () => {
  const meta = msg(1, int(10, -1));
  const ns = decodeKubernetesProtobuf(envelope('v1', 'Namespace', meta));
  assert.deepEqual(ns.metadata, { deletionGracePeriodSeconds: -1 });
  const ev = decodeKubernetesProtobuf(envelope('v1', 'Event', int(8, -2)));
  assert.equal(ev.count, -2);
  const past = decodeKubernetesProtobuf(envelope('v1', 'Namespace', msg(1, time(8, -1))));
  assert.deepEqual(past.metadata, { creationTimestamp: '1969-12-31T23:59:59Z' });
});

test('unknown fields of every wire type are skipped, as the generated Go decoders skip them', () => {
  const unknown = Buffer.concat([
    int(99, 7), str(98, 'x'),
    key(97, 1), Buffer.alloc(8), key(96, 5), Buffer.alloc(4),
    key(95, 3), int(1, 1), key(95, 4), // a proto2 group
  ]);
  const cm = envelope('v1', 'ConfigMap', unknown, msg(1, unknown, str(1, 'c')), entry(2, 'a', 'b'));
  assert.deepEqual(decodeKubernetesProtobuf(cm), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } });
});

test('a singular message sent twice merges, and a repeated map key keeps its last value', () => {
  const cm = envelope('v1', 'ConfigMap',
    msg(1, str(1, 'c'), entry(11, 'a', '1')), msg(1, str(3, 'ns'), entry(11, 'a', '2'), entry(11, 'b', '3')),
    msg(2, str(1, 'k')), // an entry without a value: Go stores the zero value
  );
  assert.deepEqual(decodeKubernetesProtobuf(cm), {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns', labels: { a: '2', b: '3' } }, data: { k: '' },
  });
});

test('map keys are plain data: a `__proto__` label does not touch the prototype', () => {
  const ns = decodeKubernetesProtobuf(envelope('v1', 'Namespace', msg(1, entry(11, '__proto__', 'x'))));
  const labels = (ns.metadata as { labels: Record<string, unknown> }).labels;
  assert.equal(Object.getPrototypeOf(labels), Object.prototype);
  assert.deepEqual(Object.entries(labels), [['__proto__', 'x']]);
});

test('SelfSubjectReview user info keeps its extra values as lists', () => {
  const review = envelope('authentication.k8s.io/v1', 'SelfSubjectReview', msg(1),
    msg(2, msg(1, str(1, 'alice'), str(3, 'dev'), msg(4, str(1, 'scopes'), msg(2, str(1, 'a'), str(1, 'b'))))));
  assert.deepEqual(decodeKubernetesProtobuf(review).status, {
    userInfo: { username: 'alice', groups: ['dev'], extra: { scopes: ['a', 'b'] } },
  });
});

test('a body that is not Kubernetes protobuf, or names no kind, is a 400', () => {
  assertStatus(() => decodeKubernetesProtobuf(Buffer.alloc(0)), 400, /empty/);
  assertStatus(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Namespace"}')), 400, /does not start with the prefix "k8s\\x00"/);
  assertStatus(() => decodeKubernetesProtobuf(Buffer.from('k8s\x00', 'latin1')), 400, /does not name its object's kind/);
  const noVersion = Buffer.concat([Buffer.from('k8s\x00', 'latin1'), msg(1, str(2, 'Namespace'))]);
  assertStatus(() => decodeKubernetesProtobuf(noVersion), 400, /does not name its object's apiVersion/);
});

test('malformed protobuf is a 400 that says what is wrong and where', () => {
  const truncated = envelope('v1', 'ConfigMap', msg(1, str(1, 'c'))).subarray(0, -2);
  assertStatus(() => decodeKubernetesProtobuf(truncated), 400, /^malformed protobuf body: length \d+ runs past the end of the data \(at byte \d+\)$/);
  const wrongType = envelope('v1', 'ConfigMap', msg(1, int(1, 5)));
  assertStatus(() => decodeKubernetesProtobuf(wrongType), 400, /metadata\.name \(field 1 of ObjectMeta\) has wire type 0, expected 2 \(at byte 2[0-9]\)/);
  const badEntry = envelope('v1', 'ConfigMap', msg(1, msg(11, str(1, 'a'), int(2, 1))));
  assertStatus(() => decodeKubernetesProtobuf(badEntry), 400, /metadata\.labels\.value \(field 2 of map entry\) has wire type 0, expected 2/);
  const badTime = envelope('v1', 'Event', msg(10, str(1, 'x')));
  assertStatus(() => decodeKubernetesProtobuf(badTime), 400, /eventTime\.seconds \(field 1 of MicroTime\) has wire type 2, expected 0/);
  const badKind = Buffer.concat([Buffer.from('k8s\x00', 'latin1'), msg(1, int(2, 1))]);
  assertStatus(() => decodeKubernetesProtobuf(badKind), 400, /typeMeta\.kind \(field 2 of TypeMeta\) has wire type 0, expected 2 \(at byte 6\)/);
  const badVarint = Buffer.concat([envelope('v1', 'Event'), key(8, 0), Buffer.alloc(11, 0xff)]);
  assertStatus(() => decodeKubernetesProtobuf(badVarint), 400, /varint is longer than 10 bytes/);
  const badFields = envelope('v1', 'ConfigMap', msg(1, msg(17, msg(7, str(1, '{not json')))));
  assertStatus(() => decodeKubernetesProtobuf(badFields), 400, /metadata\.managedFields\.fieldsV1: the raw bytes are not JSON/);
  const farFuture = envelope('v1', 'ConfigMap', msg(1, time(8, 253402300800)));
  assertStatus(() => decodeKubernetesProtobuf(farFuture), 400, /metadata\.creationTimestamp: time 253402300800s since the epoch is outside the years 0000 to 9999/);
});
