import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldPath } from '../../../src/api/field-errors';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../src/api/validation/object-meta';
import { isDNS1123Label, isValidPortName, validatePathSegmentName } from '../../../src/api/validation/names';
import { messages } from './error-messages';

const namespaced = { namespaced: true, nameRule: 'subdomain' as const };

test('a bad name is reported with the RFC 1123 subdomain rule, word for word', () => {
  assert.deepEqual(messages(validateObjectMeta({ name: 'Bad_Name', namespace: 'default' }, namespaced)), [
    `metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
  ]);
});

test('DNS labels list their examples with Kubernetes’ punctuation, and dots get their own message', () => {
  assert.deepEqual(isDNS1123Label('UPPER'), [
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
  assert.deepEqual(isDNS1123Label('a.b'), ['must not contain dots']);
  assert.deepEqual(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
});

test('names are required, namespaces required for namespaced kinds and forbidden for cluster-scoped ones', () => {
  assert.deepEqual(messages(validateObjectMeta({}, namespaced)), [
    'metadata.name: Required value: name or generateName is required',
    'metadata.namespace: Required value',
  ]);
  assert.deepEqual(messages(validateObjectMeta({ name: 'n', namespace: 'x' }, { namespaced: false, nameRule: 'label' })), [
    'metadata.namespace: Forbidden: not allowed on this type',
  ]);
});

test('namespace-style names must be DNS labels', () => {
  assert.deepEqual(messages(validateObjectMeta({ name: 'a.b' }, { namespaced: false, nameRule: 'label' })), [
    'metadata.name: Invalid value: "a.b": must not contain dots',
  ]);
});

test('labels: bad keys and values name the map, not the key', () => {
  assert.deepEqual(messages(validateObjectMeta({ name: 'n', namespace: 'd', labels: { 'bad key': 'ok', app: 'no spaces' } }, namespaced)), [
    "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    "metadata.labels: Invalid value: \"no spaces\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ]);
  assert.deepEqual(messages(validateObjectMeta({ name: 'n', namespace: 'd', labels: { 'a/b/c': '' } }, namespaced)), [
    "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
  ]);
});

test('annotations may total at most 256 KiB; keys are case-insensitive qualified names', () => {
  assert.deepEqual(messages(validateObjectMeta({ name: 'n', namespace: 'd', annotations: { big: 'x'.repeat(262142), 'Example.COM/Key': '' } }, namespaced)), [
    'metadata.annotations: Too long: must have at most 262144 bytes',
  ]);
});

test('finalizers must be qualified or standard names', () => {
  assert.deepEqual(messages(validateObjectMeta({ name: 'n', namespace: 'd', finalizers: ['example.com/x', 'kubernetes', 'custom'] }, namespaced)), [
    'metadata.finalizers[2]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
  ]);
});

test('generateName is checked as a prefix, so a trailing dash is fine', () => {
  assert.deepEqual(validateObjectMeta({ generateName: 'web-', name: 'web-x7k2q', namespace: 'd' }, namespaced), []);
  assert.equal(messages(validateObjectMeta({ generateName: 'Web-', name: 'web-x7k2q', namespace: 'd' }, namespaced))[0].split(':')[0], 'metadata.generateName');
});

test('updates may not change name, namespace, uid or creationTimestamp, and need a resourceVersion', () => {
  const old = { name: 'a', namespace: 'd', uid: 'u1', resourceVersion: '5', creationTimestamp: '2024-01-01T00:00:00Z' };
  assert.deepEqual(validateObjectMetaUpdate({ ...old }, old), []);
  assert.deepEqual(messages(validateObjectMetaUpdate({ ...old, name: 'b', uid: 'u2', resourceVersion: '' }, old)), [
    'metadata.resourceVersion: Invalid value: "": must be specified for an update',
    'metadata.name: Invalid value: "b": field is immutable',
    'metadata.uid: Invalid value: "u2": field is immutable',
  ]);
});

test('a deleting object cannot gain finalizers', () => {
  const old = { name: 'a', namespace: 'd', resourceVersion: '1', deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['example.com/a'] };
  assert.deepEqual(messages(validateObjectMetaUpdate({ ...old, finalizers: ['example.com/a', 'example.com/b'] }, old)), [
    'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b"}',
  ]);
});

test('port names follow IANA_SVC_NAME and path segments exclude / and %', () => {
  assert.deepEqual(isValidPortName('80'), ['must contain at least one letter (a-z)']);
  assert.deepEqual(isValidPortName('-Web--'), [
    'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must not contain consecutive hyphens', 'must not begin or end with a hyphen',
  ]);
  assert.deepEqual(validatePathSegmentName('a/b%', false), ["may not contain '/'", "may not contain '%'"]);
  assert.deepEqual(validatePathSegmentName('..', false), ["may not be '..'"]);
  assert.equal(String(FieldPath.root('metadata').child('name')), 'metadata.name');
});
