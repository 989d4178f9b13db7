// Requests and limits become the cgroup settings the kubelet asks CRI for.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { linuxResources, milliCpuToQuota, milliCpuToShares } from '../../../src/kubelet/pods/container-resources';

const GiB = 1024 ** 3;
const node = { memoryCapacity: 8 * GiB, swapAccounting: false };
const podWith = (...containers: Container[]): Pod => ({ metadata: { name: 'p' }, spec: { containers } });

describe('container resources', () => {
  it('turns cpu requests into shares and cpu limits into a CFS quota over 100 ms', () => {
    assert.equal(milliCpuToShares(0), 2);
    assert.equal(milliCpuToShares(1), 2);
    assert.equal(milliCpuToShares(250), 256);
    assert.equal(milliCpuToShares(1000), 1024);
    assert.equal(milliCpuToShares(1_000_000), 262144);
    assert.equal(milliCpuToQuota(500), 50_000);
    assert.equal(milliCpuToQuota(5), 1000, 'never under the kernel minimum');
    assert.equal(milliCpuToQuota(0), 0);
  });

  it('sets shares, quota and memory limit from a burstable container', () => {
    const c: Container = { name: 'c', resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '0.5', memory: '128Mi' } } };
    const r = linuxResources(podWith(c), c, node);
    assert.equal(r.cpuShares, 256);
    assert.equal(r.cpuPeriod, 100_000);
    assert.equal(r.cpuQuota, 50_000);
    assert.equal(r.memoryLimitInBytes, 128 * 1024 * 1024);
    assert.equal(r.memorySwapLimitInBytes, undefined);
    // 1000 - 1000 * 64Mi / 8Gi
    assert.equal(r.oomScoreAdj, 1000 - Math.floor((1000 * 64 * 1024 * 1024) / (8 * GiB)));
  });

  it('takes shares from the limit when only a limit is given, and no quota without a limit', () => {
    const limited: Container = { name: 'c', resources: { limits: { cpu: '2', memory: '1Gi' } } };
    const r = linuxResources(podWith(limited), limited, { ...node, swapAccounting: true });
    assert.equal(r.cpuShares, 2048);
    assert.equal(r.cpuQuota, 200_000);
    assert.equal(r.memorySwapLimitInBytes, GiB, 'no swapping past the limit where swap is accounted');
    const bare: Container = { name: 'c' };
    const b = linuxResources(podWith(bare), bare, node);
    assert.deepEqual(b, { cpuShares: 2, cpuPeriod: 100_000, cpuQuota: 0, oomScoreAdj: 1000 });
  });

  it('gives guaranteed containers the lowest OOM score', () => {
    const c: Container = { name: 'c', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } };
    assert.equal(linuxResources(podWith(c), c, node).oomScoreAdj, -997);
  });
});
