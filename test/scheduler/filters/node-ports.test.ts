import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerPort } from 'kubernetes-types/core/v1';
import { filterNodePorts, portsConflict } from '../../../src/scheduler/filters/node-ports';
import { info, node, nodeInfo, pod } from '../fixtures';

const withPorts = (name: string, ports: ContainerPort[]) => pod(name, { containers: [{ name: 'c', image: 'x', ports }] });

test('host port conflicts: same protocol and port on the same IP, or either side on 0.0.0.0', () => {
  const p = (hostIP: string, protocol: string, port: number) => ({ hostIP, protocol, port });
  assert.equal(portsConflict(p('0.0.0.0', 'TCP', 80), p('0.0.0.0', 'TCP', 80)), true);
  assert.equal(portsConflict(p('0.0.0.0', 'TCP', 80), p('10.0.0.1', 'TCP', 80)), true);
  assert.equal(portsConflict(p('10.0.0.1', 'TCP', 80), p('0.0.0.0', 'TCP', 80)), true);
  assert.equal(portsConflict(p('10.0.0.1', 'TCP', 80), p('10.0.0.2', 'TCP', 80)), false);
  assert.equal(portsConflict(p('0.0.0.0', 'TCP', 80), p('0.0.0.0', 'UDP', 80)), false);
  assert.equal(portsConflict(p('0.0.0.0', 'TCP', 80), p('0.0.0.0', 'TCP', 81)), false);
});

test('a pod whose host port is taken on the node is rejected there', () => {
  const n = nodeInfo(node('n'), [withPorts('web', [{ containerPort: 80, hostPort: 8080 }])]);
  const r = filterNodePorts(info(withPorts('p', [{ containerPort: 80, hostPort: 8080, hostIP: '127.0.0.1' }])), n);
  assert.deepEqual(r, { plugin: 'NodePorts', code: 'Unschedulable', reasons: ["node(s) didn't have free ports for the requested pod ports"] });
  assert.equal(filterNodePorts(info(withPorts('p', [{ containerPort: 80, hostPort: 8080, protocol: 'UDP' }])), n), undefined);
  assert.equal(filterNodePorts(info(withPorts('p', [{ containerPort: 8080 }])), n), undefined, 'no hostPort, no claim');
});
