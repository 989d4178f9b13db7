import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../src/api/status';
import { strategicMergePatch } from '../../../src/apiserver/patch/strategic-merge-patch';
import { PatchMetaLookup } from '../../../src/api/patch-meta-lookup';
import type { JsonObject, JsonValue } from '../../../src/api/json-value';
import { POD, podDefinitions } from './pod-definitions';

const lookup = PatchMetaLookup.forDefinition(podDefinitions, POD)!;
const smp = (original: JsonObject, patch: JsonValue) => strategicMergePatch(original, patch, lookup);

const spec = (s: JsonObject): JsonObject => ({ spec: s });
const names = (list: JsonValue) => (list as JsonObject[]).map((c) => c.name);
const containers = (...ns: string[]) => ns.map((name) => ({ name }));

function assertBadRequest(fn: () => unknown, message: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof StatusError, String(e));
    assert.equal(e.code, 400);
    assert.match(e.status.message ?? '', message);
    return true;
  });
}

test('patching one container by name keeps the other containers, in their order', () => {
  const original = spec({ containers: [{ name: 'a', image: 'busybox', ports: [{ containerPort: 80 }] }, { name: 'b', image: 'busybox' }] });
  const out = smp(original, spec({ containers: [{ name: 'b', image: 'nginx' }] }));
  assert.deepEqual(out, spec({ containers: [{ name: 'a', image: 'busybox', ports: [{ containerPort: 80 }] }, { name: 'b', image: 'nginx' }] }));
});

test('a container the pod does not have is added before the live-only ones (no $setElementOrder)', () => {
  // As the Kubernetes docs' kubectl patch example shows: the patch's new container comes first.
  const out = smp(spec({ containers: containers('a', 'b') }), spec({ containers: [{ name: 'c', image: 'redis' }] }));
  assert.deepEqual(out, spec({ containers: [{ name: 'c', image: 'redis' }, { name: 'a' }, { name: 'b' }] }));
});

test('the patch list order wins for the items it names; live-only items keep their place', () => {
  const original = spec({ containers: [{ name: '1' }, { name: '2', image: 'b' }, { name: '3' }] });
  const all = smp(original, spec({ containers: [{ name: '3', image: 'c' }, { name: '1', image: 'a' }, { name: '2', args: ['x'] }] }));
  assert.deepEqual(all, spec({ containers: [{ name: '3', image: 'c' }, { name: '1', image: 'a' }, { name: '2', image: 'b', args: ['x'] }] }));
  const some = smp(original, spec({ containers: [{ name: '3', image: 'c' }, { name: '1', image: 'a' }] }));
  assert.deepEqual(some, spec({ containers: [{ name: '2', image: 'b' }, { name: '3', image: 'c' }, { name: '1', image: 'a' }] }));
});

test('$setElementOrder/containers places a new container where kubectl apply says', () => {
  const original = spec({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] });
  const out = smp(original, spec({
    '$setElementOrder/containers': containers('a', 'c', 'b'),
    containers: [{ name: 'c', image: 'z' }],
  }));
  assert.deepEqual(out, spec({ containers: [{ name: 'a', image: 'x' }, { name: 'c', image: 'z' }, { name: 'b', image: 'y' }] }));
});

test('$setElementOrder alone reorders; live items it does not name stay near their live neighbours', () => {
  const live = (...ns: string[]) => spec({ containers: containers(...ns) });
  const reorder = (...ns: string[]) => spec({ '$setElementOrder/containers': containers(...ns) });
  const order = (o: JsonObject) => names((o.spec as JsonObject).containers);
  assert.deepEqual(order(smp(live('a', 'b'), reorder('b', 'a'))), ['b', 'a']);
  assert.deepEqual(order(smp(live('1', '3', '4', '2', '9'), reorder('4', '2', '3', '1'))), ['4', '2', '3', '1', '9']);
  assert.deepEqual(order(smp(live('1', '2', '9', '3', '4'), reorder('2', '1', '4', '3'))), ['2', '1', '9', '4', '3']);
  assert.deepEqual(order(smp(live('1', '2', '7', '9', '8', '3', '4'), reorder('2', '1', '4', '3'))), ['2', '1', '7', '9', '8', '4', '3']);
  // Names in the order list that neither side has are ignored.
  assert.deepEqual(order(smp(live('1', '3'), spec({ '$setElementOrder/containers': containers('3', '2', '1'), containers: [{ name: '3', image: 'i' }, { name: '1' }] }))), ['3', '1']);
});

test('$setElementOrder keeps duplicates of a merge key together at the first one', () => {
  const original = spec({ containers: [{ name: '1' }, { name: '2', image: 'a' }, { name: '3' }, { name: '2', image: 'b' }, { name: '4' }] });
  const out = smp(original, spec({ '$setElementOrder/containers': containers('2', '1', '4', '3', '2') }));
  assert.deepEqual(out, spec({ containers: [{ name: '2', image: 'a' }, { name: '2', image: 'b' }, { name: '1' }, { name: '4' }, { name: '3' }] }));
});

test('$setElementOrder on a list the pod does not have yet takes the patch list without directive items', () => {
  const out = smp(spec({}), spec({
    '$setElementOrder/initContainers': containers('x', 'y'),
    initContainers: [{ name: 'z', $patch: 'delete' }, { name: 'x', image: null }, { name: 'y' }],
  }));
  assert.deepEqual(out, spec({ initContainers: [{ name: 'x' }, { name: 'y' }] }));
});

test('$setElementOrder that contradicts the patch list is a bad request', () => {
  const original = spec({ containers: containers('1', '3', '2') });
  assertBadRequest(() => smp(original, spec({
    '$setElementOrder/containers': containers('1', '2', '3'),
    containers: [{ name: '3', image: 'x' }, { name: '1', image: 'y' }],
  })), /The order in patch list:\n.*\n doesn't match \$setElementOrder list/);
  assertBadRequest(() => smp(original, spec({ '$setElementOrderX/containers': [] })), /^invalid patch format of setElementOrder list$/);
});

test('an env var is deleted with $patch: delete; deleting a missing one changes nothing', () => {
  const original = spec({ containers: [{ name: 'a', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] });
  const out = smp(original, spec({ containers: [{ name: 'a', env: [{ name: 'A', $patch: 'delete' }, { name: 'Z', $patch: 'delete' }] }] }));
  assert.deepEqual(out, spec({ containers: [{ name: 'a', env: [{ name: 'B', value: '2' }] }] }));
});

test('$patch: delete removes every live item with that key, and a whole container', () => {
  const original = spec({ containers: [{ name: 'a' }, { name: 'a', image: 'dup' }, { name: 'b', image: 'x' }] });
  assert.deepEqual(smp(original, spec({ containers: [{ name: 'a', $patch: 'delete' }] })), spec({ containers: [{ name: 'b', image: 'x' }] }));
});

test('$patch: replace in a list replaces it with the other items of the patch list', () => {
  const original = spec({ containers: [{ name: 'a', image: 'x', env: [{ name: 'A' }] }, { name: 'b' }] });
  const out = smp(original, spec({ containers: [{ $patch: 'replace' }, { name: 'c', image: 'y', env: [{ name: 'C', value: null }] }] }));
  assert.deepEqual(out, spec({ containers: [{ name: 'c', image: 'y', env: [{ name: 'C' }] }] }));
  assert.deepEqual(smp(original, spec({ containers: [{ $patch: 'replace' }] })), spec({ containers: [] }));
});

test('labels merge, a null annotation is removed, $patch on a map replaces or empties it', () => {
  const original = { metadata: { name: 'p', labels: { app: 'web', tier: 'back' }, annotations: { a: '1', b: '2' } } };
  assert.deepEqual(smp(original, { metadata: { labels: { tier: 'front', new: 'x' }, annotations: { a: null } } }),
    { metadata: { name: 'p', labels: { app: 'web', tier: 'front', new: 'x' }, annotations: { b: '2' } } });
  assert.deepEqual(smp(original, { metadata: { labels: { $patch: 'replace', only: 'this' } } }),
    { metadata: { name: 'p', labels: { only: 'this' }, annotations: { a: '1', b: '2' } } });
  // Kubernetes empties the map rather than removing the field.
  assert.deepEqual(smp(original, { metadata: { annotations: { $patch: 'delete' } } }),
    { metadata: { name: 'p', labels: { app: 'web', tier: 'back' }, annotations: {} } });
  assert.deepEqual(smp(original, { metadata: { annotations: null } }), { metadata: { name: 'p', labels: { app: 'web', tier: 'back' } } });
});

test('$patch: replace on the whole spec', () => {
  const original = spec({ containers: containers('a'), restartPolicy: 'Always' });
  assert.deepEqual(smp(original, spec({ $patch: 'replace', containers: containers('b') })), spec({ containers: containers('b') }));
});

test('$retainKeys switches a volume from emptyDir to hostPath', () => {
  const original = spec({ volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c' } }] });
  const out = smp(original, spec({ volumes: [{ name: 'data', hostPath: { path: '/srv' }, $retainKeys: ['hostPath', 'name'] }] }));
  assert.deepEqual(out, spec({ volumes: [{ name: 'data', hostPath: { path: '/srv' } }, { name: 'cfg', configMap: { name: 'c' } }] }));
  // Without the directive both sources would stay, which validation then rejects.
  const merged = smp(original, spec({ volumes: [{ name: 'data', hostPath: { path: '/srv' } }] }));
  assert.deepEqual((merged.spec as JsonObject).volumes, [{ name: 'data', emptyDir: {}, hostPath: { path: '/srv' } }, { name: 'cfg', configMap: { name: 'c' } }]);
});

test('$retainKeys must list every field the patch sets (null values and directives excepted)', () => {
  const original = spec({ volumes: [{ name: 'data', emptyDir: {} }] });
  assertBadRequest(() => smp(original, spec({ volumes: [{ name: 'data', hostPath: { path: '/x' }, $retainKeys: ['name'] }] })), /^invalid patch format of retainKeys$/);
  assertBadRequest(() => smp(original, spec({ volumes: [{ name: 'data', $retainKeys: 'name' }] })), /^invalid patch format of retainKeys$/);
  assert.deepEqual(smp(original, spec({ volumes: [{ name: 'data', emptyDir: null, $retainKeys: ['name'] }] })), spec({ volumes: [{ name: 'data' }] }));
});

test('finalizers (a primitive list with strategy merge) are unioned', () => {
  const meta = (f: string[]) => ({ metadata: { finalizers: f } });
  assert.deepEqual(smp(meta(['a', 'b']), meta(['b', 'c'])), meta(['a', 'b', 'c']));
  assert.deepEqual(smp(meta(['a', 'b']), meta(['c'])), meta(['c', 'a', 'b']));
  assert.deepEqual(smp(meta(['1', '2', '3']), meta(['3', '1', '2'])), meta(['3', '1', '2']));
  assert.deepEqual(smp(meta(['1', '2', '3']), meta(['3', '1'])), meta(['2', '3', '1']));
  assert.deepEqual(smp({ metadata: {} }, meta(['x'])), meta(['x']));
});

test('$deleteFromPrimitiveList removes values, from merging and non-merging lists alike, and never creates a list', () => {
  const original = { metadata: { finalizers: ['a', 'b', 'c'] }, spec: { containers: [{ name: 'c', args: ['1', '2', '3'] }] } };
  const out = smp(original, {
    metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'zz'] },
    spec: { containers: [{ name: 'c', '$deleteFromPrimitiveList/args': ['2'], '$deleteFromPrimitiveList/command': ['x'] }] },
  });
  assert.deepEqual(out, { metadata: { finalizers: ['a', 'c'] }, spec: { containers: [{ name: 'c', args: ['1', '3'] }] } });
  assertBadRequest(() => smp(original, { metadata: { $deleteFromPrimitiveList: ['a'] } }), /^invalid patch format of primitive list$/);
});

test('lists without strategy merge are replaced: tolerations, command, supplementalGroups', () => {
  const original = spec({
    tolerations: [{ key: 'a', operator: 'Exists' }],
    containers: [{ name: 'c', command: ['sh', '-c'] }],
    securityContext: { runAsUser: 1, supplementalGroups: [1, 2] },
  });
  const out = smp(original, spec({
    tolerations: [{ key: 'b', operator: 'Exists', effect: null }],
    containers: [{ name: 'c', command: ['true'] }],
    securityContext: { supplementalGroups: [3] },
  }));
  assert.deepEqual(out, spec({
    tolerations: [{ key: 'b', operator: 'Exists' }],
    containers: [{ name: 'c', command: ['true'] }],
    securityContext: { runAsUser: 1, supplementalGroups: [3] },
  }));
});

test('ports merge by their numeric containerPort', () => {
  const original = spec({ containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] }] });
  const out = smp(original, spec({ containers: [{ name: 'c', ports: [{ containerPort: 443, name: 'https' }, { containerPort: 8080 }] }] }));
  assert.deepEqual(out, spec({ containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443, name: 'https' }, { containerPort: 8080 }] }] }));
});

test('status conditions merge by type', () => {
  const original = { status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] } };
  const out = smp(original, { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
  assert.deepEqual(out, { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] } });
});

test('a patch as kubectl apply computes it keeps the server-set fields and applies every directive', () => {
  const live: JsonObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'u1', labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'old' } },
    spec: {
      nodeName: 'n1', restartPolicy: 'Always',
      containers: [
        { name: 'app', image: 'busybox:1', terminationMessagePath: '/dev/termination-log', ports: [{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 9090, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
        { name: 'sidecar', image: 'busybox:1' },
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
    },
    status: { phase: 'Running' },
  };
  const patch: JsonObject = {
    metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'new' }, labels: { version: 'v2' } },
    spec: {
      '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
      '$setElementOrder/volumes': [{ name: 'data' }],
      containers: [{
        name: 'app', image: 'busybox:2',
        '$setElementOrder/env': [{ name: 'B' }, { name: 'C' }],
        '$setElementOrder/ports': [{ containerPort: 8080 }],
        env: [{ name: 'C', value: '3' }, { name: 'A', $patch: 'delete' }],
        ports: [{ containerPort: 9090, $patch: 'delete' }],
      }],
      volumes: [{ name: 'data', $retainKeys: ['hostPath', 'name'], emptyDir: null, hostPath: { path: '/srv' } }],
    },
  };
  const before = JSON.stringify([live, patch]);
  const out = smp(live, patch);
  assert.deepEqual(out, {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'u1', labels: { app: 'web', version: 'v2' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'new' } },
    spec: {
      nodeName: 'n1', restartPolicy: 'Always',
      containers: [
        { name: 'app', image: 'busybox:2', terminationMessagePath: '/dev/termination-log', ports: [{ containerPort: 8080, protocol: 'TCP' }], env: [{ name: 'B', value: '2' }, { name: 'C', value: '3' }] },
        { name: 'sidecar', image: 'busybox:1' },
      ],
      volumes: [{ name: 'data', hostPath: { path: '/srv' } }],
    },
    status: { phase: 'Running' },
  });
  assert.equal(JSON.stringify([live, patch]), before, 'the inputs are never modified');
});

test('fields the schema does not know: maps merge, lists are replaced', () => {
  const original = { spec: { custom: { a: 1, list: [{ name: 'x', v: 1 }] }, containers: [{ name: 'c', extra: { k: 'v' } }] } };
  const out = smp(original, { spec: { custom: { b: 2, list: [{ name: 'x', w: 2 }] }, containers: [{ name: 'c', extra: { k2: 'v2' } }] } });
  assert.deepEqual(out, { spec: { custom: { a: 1, b: 2, list: [{ name: 'x', w: 2 }] }, containers: [{ name: 'c', extra: { k: 'v', k2: 'v2' } }] } });
  // Without any schema everything is a plain merge patch with replaced lists.
  const plain = strategicMergePatch(spec({ containers: containers('a') }), spec({ containers: containers('b') }), PatchMetaLookup.unknown());
  assert.deepEqual(plain, spec({ containers: containers('b') }));
});

test('new content from the patch loses nulls and directive-only parts', () => {
  const out = smp(spec({ containers: containers('a') }), spec({
    restartPolicy: null,
    nodeSelector: { disk: 'ssd', gone: null },
    securityContext: { $patch: 'delete' },
    containers: [{ name: 'b', image: null, env: [{ name: 'X', value: null }], '$setElementOrder/env': [{ name: 'X' }] }],
  }));
  assert.deepEqual(out, spec({ containers: [{ name: 'b', env: [{ name: 'X' }] }, { name: 'a' }], nodeSelector: { disk: 'ssd' } }));
});

test('a value of another type replaces the live one', () => {
  assert.deepEqual(smp(spec({ nodeSelector: 'odd' }), spec({ nodeSelector: { a: 'b' } })), spec({ nodeSelector: { a: 'b' } }));
  assert.deepEqual(smp(spec({ containers: [{ name: 'a', args: 'x' }] }), spec({ containers: [{ name: 'a', args: ['y'] }] })), spec({ containers: [{ name: 'a', args: ['y'] }] }));
});

test('malformed strategic patches are bad requests with the Kubernetes messages', () => {
  const original = spec({ containers: [{ name: 'a', image: 'x' }] });
  assertBadRequest(() => smp(original, spec({ containers: [{ image: 'y' }] })), /^map: map\[image:y\] does not contain declared merge key: name$/);
  assertBadRequest(() => smp(original, spec({ containers: [{ $patch: 'merge' }] })), /^merging lists cannot yet be specified in the patch$/);
  assertBadRequest(() => smp(original, spec({ containers: [{ name: 'a', $patch: 'bogus' }] })), /^unknown patch type: bogus in map: map\[\$patch:bogus name:a\]$/);
  assertBadRequest(() => smp({ metadata: { labels: { a: 'b' } } }, { metadata: { labels: { $patch: 'merge' } } }), /^unknown patch type: merge/);
  assertBadRequest(() => smp(original, spec({ containers: ['a'] })), /^list element types are not identical: \[\[map\[image:x name:a\]\] \[a\]\]$/);
  assertBadRequest(() => smp(original, spec({ '$setElementOrder/containers': 'a' })), /^expected a \[\]interface \{\}, but received a string$/);
  assertBadRequest(() => smp(original, ['not', 'a', 'map']), /^json: cannot unmarshal array into Go value of type map\[string\]interface \{\}$/);
});

test('lists of lists are rejected as Kubernetes does (422)', () => {
  assert.throws(() => smp({ metadata: { finalizers: [['a']] } }, { metadata: { finalizers: [['b']] } }), (e: unknown) =>
    e instanceof StatusError && e.code === 422 && (e.cause as Error).message === 'lists of lists are not supported');
});

test('a null patch changes nothing and the result is a copy', () => {
  const original = spec({ containers: containers('a') });
  const out = smp(original, null);
  assert.deepEqual(out, original);
  assert.notEqual(out, original);
});
