import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Node } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../src/api/object';
import type { TableDefinition } from '../../../src/api/resource';
import { nodeTable, nodeRoles } from '../../../src/api/tables/node-table';
import { namespaceTable } from '../../../src/api/tables/namespace-table';
import { eventTable, eventSource, eventsV1Table } from '../../../src/api/tables/event-table';
import { coreEventToEventsV1 } from '../../../src/api/conversion/event-conversion';
import { serviceAccountTable } from '../../../src/api/tables/serviceaccount-table';
import { configMapTable } from '../../../src/api/tables/configmap-table';
import { secretTable } from '../../../src/api/tables/secret-table';
import { leaseTable } from '../../../src/api/tables/lease-table';
import { defaultTable, rfc3339 } from '../../../src/api/tables/default-table';

const now = new Date('2024-05-01T12:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
const header = <T extends KubeObject>(t: TableDefinition<T>) => t.columns.map((c) => (c.priority ? `(${c.name})` : c.name)).join(' ');

function node(extra: Partial<Node> = {}): Node & KubeObject {
  return {
    metadata: { name: 'node-1', creationTimestamp: ago(60 * 24 * 3), labels: {} },
    status: {
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
      addresses: [{ type: 'Hostname', address: 'node-1' }, { type: 'InternalIP', address: '192.168.1.10' }],
      nodeInfo: {
        architecture: 'amd64', bootID: '', containerRuntimeVersion: 'containerd://1.7.24', kernelVersion: '6.1.0-18-amd64',
        kubeProxyVersion: '', kubeletVersion: 'v1.30.0', machineID: '', operatingSystem: 'linux', osImage: 'Debian GNU/Linux 12 (bookworm)', systemUUID: '',
      },
    },
    ...extra,
  };
}

test('node table: columns and cells, wide ones included', () => {
  assert.equal(header(nodeTable), 'Name Status Roles Age Version (Internal-IP) (External-IP) (OS-Image) (Kernel-Version) (Container-Runtime)');
  assert.deepEqual(nodeTable.cells(node(), now), [
    'node-1', 'Ready', '<none>', '3d', 'v1.30.0', '192.168.1.10', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-18-amd64', 'containerd://1.7.24',
  ]);
});

test('node status: NotReady for False or Unknown, Unknown without a Ready condition, SchedulingDisabled when cordoned', () => {
  const status = (n: Node & KubeObject) => nodeTable.cells(n, now)[1];
  assert.equal(status(node({ status: { conditions: [{ type: 'Ready', status: 'False' }] } })), 'NotReady');
  assert.equal(status(node({ status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } })), 'NotReady');
  assert.equal(status(node({ status: {} })), 'Unknown');
  assert.equal(status(node({ spec: { unschedulable: true } })), 'Ready,SchedulingDisabled');
  assert.equal(status(node({ spec: { unschedulable: true }, status: {} })), 'Unknown,SchedulingDisabled');
});

test('node roles come from node-role.kubernetes.io/* keys and kubernetes.io/role values, sorted', () => {
  const n = node();
  n.metadata!.labels = {
    'node-role.kubernetes.io/worker': '',
    'node-role.kubernetes.io/control-plane': 'true',
    'node-role.kubernetes.io/': '',
    'kubernetes.io/role': 'edge',
    'kubernetes.io/hostname': 'node-1',
  };
  assert.deepEqual(nodeRoles(n), ['control-plane', 'edge', 'worker']);
  assert.equal(nodeTable.cells(n, now)[2], 'control-plane,edge,worker');
});

test('node wide cells: <unknown> for missing system info, first address of each type', () => {
  const n: Node & KubeObject = { metadata: { name: 'bare' }, status: { addresses: [{ type: 'ExternalIP', address: '1.2.3.4' }, { type: 'ExternalIP', address: '5.6.7.8' }] } };
  assert.deepEqual(nodeTable.cells(n, now), ['bare', 'Unknown', '<none>', '<unknown>', '', '<none>', '1.2.3.4', '<unknown>', '<unknown>', '<unknown>']);
});

test('namespace table: NAME STATUS AGE', () => {
  assert.equal(header(namespaceTable), 'Name Status Age');
  assert.deepEqual(namespaceTable.cells({ metadata: { name: 'default', creationTimestamp: ago(125) }, status: { phase: 'Active' } }, now), ['default', 'Active', '125m']);
  assert.deepEqual(namespaceTable.cells({ metadata: { name: 'x' } }, now), ['x', '', '<unknown>']);
});

function event(extra: Partial<Event> = {}): Event & KubeObject {
  return {
    metadata: { name: 'web.17c1a', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', fieldPath: 'spec.containers{app}' },
    reason: 'Pulled',
    message: 'Successfully pulled image "busybox"\n',
    type: 'Normal',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: ago(10),
    lastTimestamp: ago(2),
    count: 3,
    ...extra,
  };
}

test('event table: LAST SEEN TYPE REASON OBJECT MESSAGE, wide columns interleaved as the server sends them', () => {
  assert.equal(header(eventTable), 'Last Seen Type Reason Object (Subobject) (Source) Message (First Seen) (Count) (Name)');
  assert.equal(eventTable.columns.find((c) => c.name === 'Name')?.format, 'name');
  assert.deepEqual(eventTable.cells(event(), now), [
    '2m', 'Normal', 'Pulled', 'pod/web', 'spec.containers{app}', 'kubelet, node-1', 'Successfully pulled image "busybox"', '10m', 3, 'web.17c1a',
  ]);
});

test('event table: newer events print from eventTime, series and the reporting controller', () => {
  const e = event({ firstTimestamp: undefined, lastTimestamp: undefined, count: undefined, source: undefined, eventTime: ago(30), reportingComponent: 'default-scheduler', reportingInstance: 'server-1' });
  const cells = eventTable.cells(e, now);
  assert.deepEqual([cells[0], cells[5], cells[7], cells[8]], ['30m', 'default-scheduler, server-1', '30m', 1]);
  const series = eventTable.cells({ ...e, series: { count: 7, lastObservedTime: ago(1) } }, now);
  assert.deepEqual([series[0], series[8]], ['60s', 7]);
});

test('event table: an object without a name prints as its kind only; no timestamps print <unknown>', () => {
  const e = event({ involvedObject: { kind: 'Node' }, firstTimestamp: undefined, lastTimestamp: undefined });
  const cells = eventTable.cells(e, now);
  assert.deepEqual([cells[0], cells[3], cells[7]], ['<unknown>', 'node', '<unknown>']);
});

test('events.k8s.io/v1 event table: the core columns and cells, read through the renamed fields', () => {
  assert.deepEqual(eventsV1Table.columns, eventTable.columns);
  const core = event({ eventTime: ago(30), reportingComponent: 'default-scheduler', reportingInstance: 'server-1', source: undefined });
  assert.deepEqual(eventsV1Table.cells(coreEventToEventsV1(core), now), eventTable.cells(core, now));
  assert.deepEqual(eventsV1Table.cells(coreEventToEventsV1(core), now).slice(0, 7), [
    '2m', 'Normal', 'Pulled', 'pod/web', 'spec.containers{app}', 'default-scheduler, server-1', 'Successfully pulled image "busybox"',
  ]);
});

test('event source omits an empty host', () => {
  assert.equal(eventSource({ component: 'kubelet' }), 'kubelet');
  assert.equal(eventSource(undefined, 'ctrl', ''), 'ctrl');
  assert.equal(eventSource({}, undefined, 'host-1'), ', host-1');
});

test('service account, config map, secret and lease tables count and show what kubectl shows', () => {
  assert.equal(header(serviceAccountTable), 'Name Secrets Age');
  assert.deepEqual(serviceAccountTable.cells({ metadata: { name: 'default', creationTimestamp: ago(1) }, secrets: [{ name: 'a' }] }, now), ['default', 1, '60s']);
  assert.deepEqual(serviceAccountTable.cells({ metadata: { name: 'default' } }, now), ['default', 0, '<unknown>']);

  assert.equal(header(configMapTable), 'Name Data Age');
  assert.deepEqual(configMapTable.cells({ metadata: { name: 'cfg', creationTimestamp: ago(2) }, data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, now), ['cfg', 3, '2m']);

  assert.equal(header(secretTable), 'Name Type Data Age');
  assert.deepEqual(secretTable.cells({ metadata: { name: 's', creationTimestamp: ago(2) }, type: 'Opaque', data: { a: 'MQ==' }, stringData: { a: '1', b: '2' } }, now), ['s', 'Opaque', 2, '2m']);

  assert.equal(header(leaseTable), 'Name Holder Age');
  assert.deepEqual(leaseTable.cells({ metadata: { name: 'node-1', creationTimestamp: ago(2) }, spec: { holderIdentity: 'node-1' } }, now), ['node-1', 'node-1', '2m']);
  assert.deepEqual(leaseTable.cells({ metadata: { name: 'free' }, spec: {} }, now), ['free', '', '<unknown>']);
});

test('default table: NAME and CREATED AT as an RFC 3339 date', () => {
  assert.deepEqual(defaultTable.columns.map((c) => [c.name, c.type, c.format]), [['Name', 'string', 'name'], ['Created At', 'date', '']]);
  assert.deepEqual(defaultTable.cells({ metadata: { name: 'x', creationTimestamp: '2024-05-01T11:00:00.123Z' } }, now), ['x', '2024-05-01T11:00:00Z']);
  assert.equal(rfc3339('2024-05-01T13:00:00+02:00'), '2024-05-01T11:00:00Z');
  assert.equal(rfc3339(undefined), '0001-01-01T00:00:00Z');
});

test('every table sends a description for every column', () => {
  for (const t of [nodeTable, namespaceTable, eventTable, serviceAccountTable, configMapTable, secretTable, leaseTable, defaultTable]) {
    for (const c of t.columns) assert.ok(c.description, `${c.name} has a description`);
  }
});
