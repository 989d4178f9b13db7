// The control plane's tutorial transcript, driven by the real kubectl (the dispatcher, 1.27 and
// 1.33) against one server: explain, apply, get in every output, describe, label, annotate,
// watch, wait, delete, namespaces, and the errors bad input gets.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KUBECTLS, type Server, startServer, kubectl, kubectlOk, kubectlBackground, eventually, kubectlVersionName } from './harness';

let server: Server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

function manifest(name: string, extra = ''): string {
  const path = join(server.dataDir, `${name}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    app: web${extra}
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    ports:
    - containerPort: 80
`);
  return path;
}

for (const bin of KUBECTLS) {
  const v = kubectlVersionName(bin);
  const ns = `t-${v.replace(/[^a-z0-9]/g, '')}`;
  const k = (args: string[], input?: string) => kubectl(server, args, { bin, input });
  const ok = (args: string[], input?: string) => kubectlOk(server, args, { bin, input });

  describe(`transcript with ${v}`, () => {
    test('create namespace and see it', () => {
      assert.equal(ok(['create', 'ns', ns]).trim(), `namespace/${ns} created`);
      assert.match(ok(['get', 'ns']), new RegExp(`^${ns}\\s+Active\\s+\\d+s$`, 'm'));
    });

    test('explain pod.spec.containers lists fields with descriptions', () => {
      const out = ok(['explain', 'pod.spec.containers']);
      assert.match(out, /^KIND:\s+Pod$/m);
      assert.match(out, /^VERSION:\s+v1$/m);
      assert.match(out, /containers\s+<\[\]Container>/);
      assert.match(out, /^FIELDS:$/m);
      assert.match(out, /^\s+image\s+<string>\n\s+\S.*image/im);
    });

    test('apply creates, then reports unchanged, then configured', () => {
      const file = manifest('web');
      assert.equal(ok(['apply', '-n', ns, '-f', file]).trim(), 'pod/web created');
      assert.equal(ok(['apply', '-n', ns, '-f', file]).trim(), 'pod/web unchanged');
      const labelled = manifest('web', '\n    tier: front');
      assert.equal(ok(['apply', '-n', ns, '-f', labelled]).trim(), 'pod/web configured');
      assert.match(ok(['get', 'po', 'web', '-n', ns, '--show-labels']), /app=web,tier=front/);
    });

    test('apply --server-side creates and re-applies', () => {
      const file = manifest('ssa');
      assert.equal(ok(['apply', '--server-side', '-n', ns, '-f', file]).trim(), 'pod/ssa serverside-applied');
      assert.equal(ok(['apply', '--server-side', '-n', ns, '-f', file]).trim(), 'pod/ssa serverside-applied');
      const json = JSON.parse(ok(['get', 'po', 'ssa', '-n', ns, '-o', 'json', '--show-managed-fields']));
      assert.ok(json.metadata.managedFields.some((m: { manager: string; operation: string }) => m.manager === 'kubectl' && m.operation === 'Apply'));
      // Admission's additions are nobody's: an apply with a change keeps the service account token volume.
      assert.equal(ok(['apply', '--server-side', '-n', ns, '-f', manifest('ssa', '\n    track: stable')]).trim(), 'pod/ssa serverside-applied');
      const after = JSON.parse(ok(['get', 'po', 'ssa', '-n', ns, '-o', 'json']));
      assert.equal(after.metadata.labels.track, 'stable');
      assert.match(after.spec.volumes[0].name, /^kube-api-access-[a-z0-9]{5}$/);
    });

    test('the creator owns the fields it sent and their defaults, not what admission added', () => {
      const json = JSON.parse(ok(['get', 'po', 'web', '-n', ns, '-o', 'json', '--show-managed-fields']));
      const entry = json.metadata.managedFields.find((m: { manager: string }) => m.manager === 'kubectl-client-side-apply');
      const spec = entry.fieldsV1['f:spec'];
      assert.deepEqual(Object.keys(spec).sort(), ['f:containers', 'f:dnsPolicy', 'f:enableServiceLinks', 'f:restartPolicy', 'f:schedulerName', 'f:securityContext', 'f:terminationGracePeriodSeconds']);
      assert.ok(json.spec.volumes.length > 0 && json.spec.tolerations.length > 0 && json.spec.serviceAccountName === 'default');
    });

    test('get po shows the pod Pending with READY 0/1', () => {
      const out = ok(['get', 'po', '-n', ns]);
      assert.match(out, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
      assert.match(out, /^web\s+0\/1\s+Pending\s+0\s+\d+s$/m);
    });

    test('get -o yaml and -o json show the defaulted fields and the last-applied annotation', () => {
      const yaml = ok(['get', 'po', 'web', '-n', ns, '-o', 'yaml']);
      for (const re of [/imagePullPolicy: IfNotPresent/, /terminationMessagePath: \/dev\/termination-log/, /terminationMessagePolicy: File/,
        /dnsPolicy: ClusterFirst/, /enableServiceLinks: true/, /restartPolicy: Always/, /schedulerName: default-scheduler/,
        /serviceAccountName: default/, /terminationGracePeriodSeconds: 30/, /priority: 0/, /preemptionPolicy: PreemptLowerPriority/,
        /key: node\.kubernetes\.io\/not-ready/, /tolerationSeconds: 300/, /name: kube-api-access-[a-z0-9]{5}/,
        /mountPath: \/var\/run\/secrets\/kubernetes\.io\/serviceaccount/, /phase: Pending/, /qosClass: BestEffort/,
        /kubectl\.kubernetes\.io\/last-applied-configuration/, /uid: [0-9a-f-]{36}/, /resourceVersion: "\d+"/, /protocol: TCP/]) {
        assert.match(yaml, re);
      }
      const json = JSON.parse(ok(['get', 'po', 'web', '-n', ns, '-o', 'json']));
      assert.equal(json.kind, 'Pod');
      assert.equal(json.spec.containers[0].resources && typeof json.spec.containers[0].resources, 'object');
      assert.deepEqual(json.spec.securityContext, {});
    });

    test('-o wide, -l, --field-selector and -A', () => {
      assert.match(ok(['get', 'po', '-n', ns, '-o', 'wide']), /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/m);
      const byLabel = ok(['get', 'po', '-n', ns, '-l', 'tier=front', '-o', 'name']);
      assert.equal(byLabel.trim(), 'pod/web');
      assert.equal(ok(['get', 'po', '-n', ns, '-l', 'tier!=front', '-o', 'name']).trim(), 'pod/ssa');
      assert.equal(ok(['get', 'po', '-n', ns, '--field-selector', 'metadata.name=ssa', '-o', 'name']).trim(), 'pod/ssa');
      assert.equal(ok(['get', 'po', '-n', ns, '--field-selector', 'status.phase=Running', '-o', 'name']).trim(), '');
      assert.match(ok(['get', 'po', '-A']), new RegExp(`^${ns}\\s+web\\s+0/1\\s+Pending`, 'm'));
    });

    test('describe pod prints the sections people know', () => {
      const out = ok(['describe', 'pod', 'web', '-n', ns]);
      for (const h of ['Name:', 'Namespace:', 'Priority:', 'Labels:', 'Annotations:', 'Status:', 'Containers:', 'Volumes:', 'QoS Class:', 'Tolerations:', 'Events:']) {
        assert.match(out, new RegExp(`^${h}`, 'm'), `describe lacks ${h}\n${out}`);
      }
      assert.match(out, /^Status:\s+Pending$/m);
    });

    test('label and annotate', () => {
      assert.equal(ok(['label', 'pod', 'web', '-n', ns, 'color=blue']).trim(), 'pod/web labeled');
      // kubectl 1.27 itself prints "annotate" here (its own wording, not the server's).
      assert.match(ok(['annotate', 'pod', 'web', '-n', ns, 'note=hello']).trim(), /^pod\/web annotated?$/);
      const json = JSON.parse(ok(['get', 'po', 'web', '-n', ns, '-o', 'json']));
      assert.equal(json.metadata.labels.color, 'blue');
      assert.equal(json.metadata.annotations.note, 'hello');
    });

    test('get -w sees ADDED, MODIFIED and DELETED', async () => {
      const w = kubectlBackground(server, ['get', 'po', '-n', ns, '-w', '--output-watch-events'], bin);
      try {
        await eventually(() => /ADDED\s+web/.test(w.output()), `ADDED in ${w.output()}`);
        ok(['label', 'pod', 'web', '-n', ns, 'watched=yes']);
        await eventually(() => /MODIFIED\s+web/.test(w.output()), `MODIFIED in ${w.output()}`);
        ok(['delete', 'pod', 'ssa', '-n', ns]);
        await eventually(() => /DELETED\s+ssa/.test(w.output()), `DELETED in ${w.output()}`);
      } finally {
        await w.stop();
      }
    });

    test('delete -f removes the pod; get po then finds none', () => {
      const file = manifest('web');
      assert.equal(ok(['delete', '-n', ns, '-f', file]).trim(), 'pod "web" deleted');
      const r = k(['get', 'po', '-n', ns]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim(), `No resources found in ${ns} namespace.`);
    });

    test('bad input is refused with the field named, and nothing is stored', () => {
      const bad = (name: string, body: string) => { const p = join(server.dataDir, name); writeFileSync(p, body); return p; };
      const noContainers = k(['apply', '-n', ns, '-f', bad('nc.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: empty\nspec:\n  containers: []\n')]);
      assert.notEqual(noContainers.code, 0);
      assert.match(noContainers.stderr, /spec\.containers: Required value/);
      const badName = k(['apply', '-n', ns, '-f', bad('bn.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers:\n  - name: a\n    image: busybox\n')]);
      assert.notEqual(badName.code, 0);
      assert.match(badName.stderr, /metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
      const unknown = k(['apply', '--validate=strict', '-n', ns, '-f', bad('uf.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: unk\nspec:\n  bogus: 1\n  containers:\n  - name: a\n    image: busybox\n')]);
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stderr, /unknown field "spec\.bogus"/);
      // Warned about rather than refused, a field name reads as Kubernetes quotes it: Unicode as it
      // is, a newline escaped (a server dry run: nothing is stored).
      const odd = bad('odd.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'odd' }, 'ключ': 1, 'a\nb': 2 }));
      const warned = k(['create', '--validate=warn', '--dry-run=server', '-n', ns, '-f', odd]);
      assert.equal(warned.code, 0, warned.stderr);
      assert.match(warned.stderr, /^Warning: unknown field "ключ"$/m);
      assert.match(warned.stderr, /^Warning: unknown field "a\\nb"$/m);
      const malformed = k(['apply', '-n', ns, '-f', bad('mf.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n')]);
      assert.notEqual(malformed.code, 0);
      assert.match(malformed.stderr, /error/i);
      assert.equal(ok(['get', 'po', '-n', ns, '-o', 'name']).trim(), '');
    });

    test('wait --for=delete and delete ns take the namespace and its pods away', () => {
      ok(['apply', '-n', ns, '-f', manifest('last')]);
      assert.match(ok(['delete', 'ns', ns, '--wait=false']), new RegExp(`namespace "${ns}" deleted`));
      const waited = k(['wait', '--for=delete', `namespace/${ns}`, '--timeout=20s']);
      assert.equal(waited.code, 0, waited.stderr);
      const gone = k(['get', 'ns', ns]);
      assert.notEqual(gone.code, 0);
      assert.match(gone.stderr, new RegExp(`namespaces "${ns}" not found`));
    });

    test('api-resources and api-versions', () => {
      const res = ok(['api-resources']);
      assert.match(res, /^pods\s+po\s+v1\s+true\s+Pod$/m);
      assert.match(res, /^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m);
      const versions = ok(['api-versions']).trim().split('\n');
      assert.ok(versions.includes('v1') && versions.includes('coordination.k8s.io/v1'), versions.join(','));
    });
  });
}

test('restarting the server keeps every object and resourceVersions keep increasing', async () => {
  ok2(['create', 'ns', 'persist']);
  ok2(['apply', '-n', 'persist', '-f', manifest('keep')]);
  const before = JSON.parse(ok2(['get', 'po', 'keep', '-n', 'persist', '-o', 'json']));
  await server.restart();
  const after = JSON.parse(ok2(['get', 'po', 'keep', '-n', 'persist', '-o', 'json']));
  assert.equal(after.metadata.uid, before.metadata.uid);
  assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
  ok2(['label', 'pod', 'keep', '-n', 'persist', 'after=restart']);
  const relabelled = JSON.parse(ok2(['get', 'po', 'keep', '-n', 'persist', '-o', 'json']));
  assert.ok(Number(relabelled.metadata.resourceVersion) > Number(before.metadata.resourceVersion));
});

function ok2(args: string[]): string { return kubectlOk(server, args); }
