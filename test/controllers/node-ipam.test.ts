import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SubnetAllocator } from '../../src/controllers/node-ipam-controller';

test('the cluster CIDR splits into /24 subnets handed out in order, skipping used ones', () => {
  const a = new SubnetAllocator('10.42.0.0/16');
  assert.equal(a.subnet(0), '10.42.0.0/24');
  assert.equal(a.subnet(255), '10.42.255.0/24');
  assert.equal(a.firstFree(new Set(['10.42.0.0/24', '10.42.1.0/24'])), '10.42.2.0/24');
  const small = new SubnetAllocator('10.200.4.0/23');
  assert.equal(small.firstFree(new Set(['10.200.4.0/24'])), '10.200.5.0/24');
  assert.equal(small.firstFree(new Set(['10.200.4.0/24', '10.200.5.0/24'])), undefined);
  assert.throws(() => new SubnetAllocator('10.0.0.0/25'), /smaller than a \/24/);
  assert.throws(() => new SubnetAllocator('fd00::/64'), /not an IPv4 CIDR/);
});
