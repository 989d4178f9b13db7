import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredObject } from '../../../src/api/object';
import { ALL_RESOURCES } from '../../../src/api/resources';
import { tableJsonParts, toTable } from '../../../src/apiserver/handlers/table';

const pods = ALL_RESOURCES.find((d) => d.resource === 'pods' && !d.group)!;
const pod = (name: string): StoredObject => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '7', creationTimestamp: '2024-01-02T03:04:05Z', labels: { app: 'x' } },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
  status: { phase: 'Pending' },
} as StoredObject);

for (const include of ['None', 'Metadata', 'Object'] as const) {
  test(`a Table in parts is the same JSON as toTable's (includeObject=${include})`, () => {
    const objs = [pod('a'), pod('b'), pod('c')];
    const now = new Date('2024-01-02T04:00:00Z');
    const meta = { resourceVersion: '9', continue: 'abc' };
    const parts = tableJsonParts(pods, objs, now, include, meta, 'meta.k8s.io/v1');
    assert.equal(`${parts.head}${[...parts.rows].join(',')}${parts.tail}`, JSON.stringify(toTable(pods, objs, now, include, meta, 'meta.k8s.io/v1')));
  });
}

test('an empty Table in parts has no rows', () => {
  const parts = tableJsonParts(pods, [], new Date(), 'Metadata', { resourceVersion: '1' }, 'meta.k8s.io/v1beta1');
  const table = JSON.parse(`${parts.head}${[...parts.rows].join(',')}${parts.tail}`);
  assert.deepEqual(table.rows, []);
  assert.equal(table.apiVersion, 'meta.k8s.io/v1beta1');
});
