import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CpuRates, SummaryProvider, nodeCpuNanoseconds, nodeMemory } from '../../../src/kubelet/server/stats-summary';
import type { CriClient } from '../../../src/kubelet/runtime/cri-client';
import type { ContainerStats } from '../../../src/kubelet/runtime/cri-types';

test('a CPU rate is the counter\'s growth over the time between two samples, in nanocores', () => {
  const r = new CpuRates();
  assert.equal(r.rate('c', 1e9, 5e8), undefined, 'one sample has no rate');
  assert.equal(r.rate('c', 2e9, 1e9), 5e8, 'half a core');
  assert.equal(r.rate('c', 3e9, 0.5e9), undefined, 'a counter that went back (a new container) has none');
});

test('node CPU and memory come from /proc/stat and /proc/meminfo', () => {
  assert.equal(nodeCpuNanoseconds('cpu  100 10 50 1000 7 3 2 1 0 0\ncpu0 1 1 1 1\n'), (100 + 10 + 50 + 3 + 2 + 1) * 1e7);
  const m = nodeMemory('MemTotal:       1000 kB\nMemFree:         200 kB\nMemAvailable:    600 kB\n', Date.parse('2026-01-01T00:00:00Z'));
  assert.deepEqual(m, { time: '2026-01-01T00:00:00Z', availableBytes: 600 * 1024, usageBytes: 800 * 1024, workingSetBytes: 400 * 1024 });
});

test('the summary lists each pod with a ready sandbox, its running containers, and their sums', async () => {
  let calls = 0;
  const labels = (name: string) => ({ 'io.kubernetes.pod.uid': 'u1', 'io.kubernetes.pod.name': 'web', 'io.kubernetes.pod.namespace': 'default', 'io.kubernetes.container.name': name });
  const stats = (id: string, name: string, cpuSeconds: number, memory: number): ContainerStats => ({
    attributes: { id, labels: labels(name), annotations: {} },
    // containerd 1.6 reports usageNanoCores as 0: the provider works the rate out itself.
    cpu: { timestamp: 1e9 + calls * 1e8, usageCoreNanoSeconds: { value: cpuSeconds * 1e9 + calls * 5e7 }, usageNanoCores: { value: 0 } },
    memory: { timestamp: 1e18, workingSetBytes: { value: memory }, usageBytes: { value: memory * 2 }, availableBytes: { value: 0 } },
  });
  const cri = {
    listPodSandbox: async () => [{ id: 's1', state: 'SANDBOX_READY', createdAt: 1.7e18, labels: labels('POD'), annotations: {}, runtimeHandler: '' }],
    listContainers: async () => [
      { id: 'a', state: 'CONTAINER_RUNNING', createdAt: 1.7e18, labels: labels('app'), annotations: {}, podSandboxId: 's1', imageRef: '', imageId: '' },
      { id: 'b', state: 'CONTAINER_RUNNING', createdAt: 1.7e18, labels: labels('side'), annotations: {}, podSandboxId: 's1', imageRef: '', imageId: '' },
    ],
    listContainerStats: async () => {
      calls++;
      return [stats('a', 'app', 2, 1000), stats('b', 'side', 1, 500), stats('gone', 'old', 9, 9)];
    },
  } as unknown as CriClient;
  const s = await new SummaryProvider(cri, 'n1').summary();
  assert.equal(s.node.nodeName, 'n1');
  assert.equal(s.pods.length, 1);
  const pod = s.pods[0];
  assert.deepEqual(pod.podRef, { name: 'web', namespace: 'default', uid: 'u1' });
  assert.deepEqual(pod.containers.map((c) => c.name), ['app', 'side'], 'running containers only, by name');
  const app = pod.containers[0];
  // 5e7 ns of CPU per 1e8 ns between the two samples: half a core.
  assert.equal(app.cpu?.usageNanoCores, 5e8);
  assert.equal(app.memory?.workingSetBytes, 1000);
  assert.equal(app.memory?.availableBytes, undefined, 'no limit: no availableBytes');
  assert.equal(pod.cpu?.usageNanoCores, 1e9);
  assert.equal(pod.cpu?.usageCoreNanoSeconds, app.cpu!.usageCoreNanoSeconds! + pod.containers[1].cpu!.usageCoreNanoSeconds!);
  assert.equal(pod.memory?.workingSetBytes, 1500);
  assert.equal(pod.memory?.usageBytes, 3000);
});
