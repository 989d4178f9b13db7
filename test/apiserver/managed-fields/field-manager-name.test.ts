// The manager name of a request and the checks on the fieldManager/force parameters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldManagerFromUserAgent, requestFieldManager, validateFieldManager } from '../../../src/apiserver/managed-fields/field-manager-name';
import { fieldErrorMessage } from '../../../src/api/field-errors';

test('the User-Agent up to its first slash names the manager', () => {
  assert.equal(fieldManagerFromUserAgent('kubectl/v1.30.2 (linux/amd64) kubernetes/3968350'), 'kubectl');
  assert.equal(fieldManagerFromUserAgent('kube-scheduler/v1.30.0 (linux/amd64) kubernetes/7c48c2b/scheduler'), 'kube-scheduler');
  assert.equal(fieldManagerFromUserAgent('curl'), 'curl');
  assert.equal(fieldManagerFromUserAgent(undefined), '');
});

test('unprintable characters are dropped and the name is cut to 128 bytes', () => {
  assert.equal(fieldManagerFromUserAgent('my\u0007tool/1.0'), 'mytool');
  assert.equal(fieldManagerFromUserAgent('x'.repeat(200)), 'x'.repeat(128));
  assert.equal(fieldManagerFromUserAgent('é'.repeat(100)), 'é'.repeat(64), 'two bytes each');
});

test('an explicit fieldManager wins over the User-Agent', () => {
  assert.equal(requestFieldManager('kubectl-edit', 'kubectl/v1.30.2'), 'kubectl-edit');
  assert.equal(requestFieldManager(undefined, 'kubectl/v1.30.2'), 'kubectl');
  assert.equal(requestFieldManager('', 'helm/3.14'), 'helm');
});

test('apply needs a manager; force is for apply only; names are short and printable', () => {
  assert.deepEqual(validateFieldManager(undefined, { apply: true }).map(fieldErrorMessage), ['fieldManager: Required value: is required for apply patch']);
  assert.deepEqual(validateFieldManager('kubectl', { apply: false, force: true }).map(fieldErrorMessage), ['force: Forbidden: may not be specified for non-apply patch']);
  assert.deepEqual(validateFieldManager('kubectl', { apply: true, force: false }), []);
  assert.deepEqual(validateFieldManager('a\tb', { apply: false }).map(fieldErrorMessage), ['fieldManager: Invalid value: "a\\tb": invalid character U+0009 (at position 1)']);
  assert.equal(validateFieldManager('x'.repeat(129), { apply: false })[0].type, 'FieldValueTooLong');
});
