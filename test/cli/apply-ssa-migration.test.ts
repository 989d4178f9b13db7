// Moving client-side apply's field ownership to the server-side apply manager (csaupgrade rules).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migratedManagedFields, ownsLastApplied, type ManagedFieldsEntry } from '../../src/cli/apply/ssa-migration';

const LA = { 'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } } };
const csa: ManagedFieldsEntry = { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', time: 't1', fieldsType: 'FieldsV1', fieldsV1: { ...LA, 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} } } };
const status: ManagedFieldsEntry = { manager: 'controller', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': {} }, subresource: 'status' };

test('the client-side manager is the Update entry that owns the last-applied annotation', () => {
  assert.equal(ownsLastApplied(csa), true);
  assert.equal(ownsLastApplied(status), false);
  assert.equal(ownsLastApplied({ fieldsV1: { 'f:metadata': { 'f:annotations': { 'f:other': {} } } } }), false);
});

test('with no kubectl Apply entry, the client-side entry becomes it', () => {
  const out = migratedManagedFields([csa, status], ['kubectl-client-side-apply'], 'kubectl');
  assert.deepEqual(out, [{ ...csa, manager: 'kubectl', operation: 'Apply' }, status]);
});

test('with a kubectl Apply entry, the client-side fields are merged into it and the client-side entry goes', () => {
  const ssa: ManagedFieldsEntry = { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: 't2', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:c': {}, '.': {} } } };
  const out = migratedManagedFields([ssa, csa, status], ['kubectl-client-side-apply'], 'kubectl');
  assert.deepEqual(out, [
    { ...ssa, fieldsV1: { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {}, 'f:c': {} }, 'f:metadata': LA['f:metadata'] } },
    status,
  ]);
  // The union lists the set's own membership first, then fields in name order.
  assert.deepEqual(Object.keys((out![0].fieldsV1 as Record<string, Record<string, unknown>>)['f:data']), ['.', 'f:a', 'f:b', 'f:c']);
});

test('nothing to migrate is no patch', () => {
  assert.equal(migratedManagedFields([status], [], 'kubectl'), undefined);
  assert.equal(migratedManagedFields(undefined, ['kubectl-client-side-apply'], 'kubectl'), undefined);
});
