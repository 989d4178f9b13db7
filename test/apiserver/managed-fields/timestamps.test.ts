// A write that only moves managedFields times is undone, so the stored object does not change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { equalIgnoringManagedFieldsTimes, ignoreManagedFieldsTimestamps } from '../../../src/apiserver/managed-fields/timestamps';
import { T1, T2 } from './fixtures';

const obj = (time: string, label = 'web') => ({
  apiVersion: 'v1', kind: 'ConfigMap',
  metadata: { name: 'c', labels: { app: label }, managedFields: [{ manager: 'm', operation: 'Update', apiVersion: 'v1', time, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } }] },
  data: { a: '1' },
});

test('only times differ: the old times come back', () => {
  assert.ok(equalIgnoringManagedFieldsTimes(obj(T2), obj(T1)));
  const out = ignoreManagedFieldsTimestamps(obj(T2), obj(T1));
  assert.deepEqual(out, obj(T1));
});

test('anything else differs: the new object is kept as it is', () => {
  assert.ok(!equalIgnoringManagedFieldsTimes(obj(T2, 'api'), obj(T1)));
  assert.deepEqual(ignoreManagedFieldsTimestamps(obj(T2, 'api'), obj(T1)), obj(T2, 'api'));
  const moreEntries = obj(T2);
  moreEntries.metadata.managedFields.push({ ...moreEntries.metadata.managedFields[0], manager: 'n' });
  assert.deepEqual(ignoreManagedFieldsTimestamps(moreEntries, obj(T1)), moreEntries);
});
