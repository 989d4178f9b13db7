// events.k8s.io/v1 Events driven by the real kubectl (the dispatcher, 1.27 and 1.33): create from
// a manifest, get across namespaces with the server's table, field selectors in the new API's
// names, explain from the OpenAPI schemas; and `kubectl get events` / `ev` still mean core/v1.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { KUBECTLS, type Server, startServer, kubectl, kubectlOk, kubectlVersionName } from './harness';

let server: Server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const v1Manifest = (ns: string) => `apiVersion: events.k8s.io/v1
kind: Event
metadata:
  name: sched.1
  namespace: ${ns}
eventTime: "2024-05-01T10:00:00.123456Z"
reportingController: default-scheduler
reportingInstance: default-scheduler-k8ts
action: Binding
reason: Scheduled
note: Successfully assigned ${ns}/web to worker-1
type: Normal
regarding:
  kind: Pod
  namespace: ${ns}
  name: web
  apiVersion: v1
`;

const coreManifest = (ns: string) => `apiVersion: v1
kind: Event
metadata:
  name: pulled.1
  namespace: ${ns}
involvedObject:
  kind: Pod
  namespace: ${ns}
  name: db
reason: Pulled
message: Container image "busybox" already present on machine
type: Normal
source:
  component: kubelet
  host: worker-1
firstTimestamp: "2024-05-01T10:00:00Z"
lastTimestamp: "2024-05-01T10:00:00Z"
count: 1
`;

for (const bin of KUBECTLS) {
  const v = kubectlVersionName(bin);
  const ns = `ev-${v.replace(/[^a-z0-9]/g, '')}`;
  const k = (args: string[], input?: string) => kubectl(server, args, { bin, input });
  const ok = (args: string[], input?: string) => kubectlOk(server, args, { bin, input });

  describe(`events.k8s.io/v1 with ${v}`, () => {
    test('create through either API; get events.events.k8s.io -A prints both with the event columns', () => {
      ok(['create', 'ns', ns]);
      assert.equal(ok(['create', '-f', '-'], v1Manifest(ns)).trim(), 'event.events.k8s.io/sched.1 created');
      assert.equal(ok(['create', '-f', '-'], coreManifest(ns)).trim(), 'event/pulled.1 created');
      const lines = ok(['get', 'events.events.k8s.io', '-A']).trimEnd().split('\n');
      assert.match(lines[0], /^NAMESPACE\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
      const mine = lines.filter((l) => l.startsWith(`${ns} `));
      assert.equal(mine.length, 2, lines.join('\n'));
      assert.ok(mine.some((l) => new RegExp(`\\sNormal\\s+Scheduled\\s+pod/web\\s+Successfully assigned ${ns}/web to worker-1$`).test(l)), mine.join('\n'));
      assert.ok(mine.some((l) => /\sNormal\s+Pulled\s+pod\/db\s+Container image "busybox" already present on machine$/.test(l)), mine.join('\n'));
    });

    test('each API shows its own field names for the same object', () => {
      assert.equal(ok(['get', 'events.events.k8s.io', 'pulled.1', '-n', ns, '-o', 'jsonpath={.apiVersion} {.regarding.name} {.note} {.deprecatedSource.component}']),
        'events.k8s.io/v1 db Container image "busybox" already present on machine kubelet');
      assert.equal(ok(['get', 'events', 'sched.1', '-n', ns, '-o', 'jsonpath={.apiVersion} {.involvedObject.name} {.reportingComponent}']), 'v1 web default-scheduler');
    });

    test('field selectors take the events.k8s.io names', () => {
      const out = ok(['get', 'events.events.k8s.io', '-n', ns, '--field-selector', 'regarding.name=web', '-o', 'name']);
      assert.equal(out.trim(), 'event.events.k8s.io/sched.1');
      const bad = k(['get', 'events.events.k8s.io', '-n', ns, '--field-selector', 'involvedObject.name=web']);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /field label not supported: involvedObject.name/);
    });

    test('get events and ev still mean core/v1 events', () => {
      assert.equal(ok(['get', 'events', '-n', ns, '-o', 'jsonpath={.items[*].apiVersion}']), 'v1 v1');
      assert.equal(ok(['get', 'ev', '-n', ns, '-o', 'jsonpath={.items[*].apiVersion}']), 'v1 v1');
      assert.match(ok(['api-resources']), /^events\s+ev\s+events\.k8s\.io\/v1\s+true\s+Event$/m);
    });

    test('explain events.k8s.io/v1 Event fields from the OpenAPI schema', () => {
      const out = ok(['explain', 'events.regarding', '--api-version=events.k8s.io/v1']);
      assert.match(out, /^GROUP:\s+events\.k8s\.io$/m);
      assert.match(out, /^KIND:\s+Event$/m);
      assert.match(out, /^FIELD:\s+regarding\s+<ObjectReference>$/m);
      assert.match(out, /^\s+fieldPath\s+<string>$/m);
      const top = ok(['explain', 'events', '--api-version=events.k8s.io/v1']);
      for (const field of ['deprecatedCount', 'eventTime', 'note', 'regarding', 'reportingController', 'series']) assert.match(top, new RegExp(`^\\s+${field}\\s+<`, 'm'), field);
    });
  });
}
