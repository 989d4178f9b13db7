import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../src/api/status';
import {
  escapeFieldValue, fieldLabelNotSupported, fieldSelectorString, matchesFields, parseFieldSelector, unescapeFieldValue,
} from '../../../src/api/selectors/field-selector';

const POD_LABELS = new Set(['metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase']);
const matches = (selector: string, fields: Record<string, string>) => matchesFields(parseFieldSelector(selector), fields);

function rejects(run: () => unknown, message: string) {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof StatusError, 'a StatusError');
    assert.equal(e.status.code, 400);
    assert.equal(e.status.reason, 'BadRequest');
    assert.equal(e.status.message, message);
    return true;
  });
}

test('=, == and != compare the field value; a field the object lacks reads as ""', () => {
  assert.equal(matches('status.phase=Running', { 'status.phase': 'Running' }), true);
  assert.equal(matches('status.phase==Running', { 'status.phase': 'Running' }), true);
  assert.equal(matches('status.phase=Running', { 'status.phase': 'Pending' }), false);
  assert.equal(matches('status.phase!=Running', { 'status.phase': 'Pending' }), true);
  assert.equal(matches('status.phase!=Running', { 'status.phase': 'Running' }), false);
  assert.equal(matches('spec.nodeName=', {}), true);
  assert.equal(matches('spec.nodeName!=', { 'spec.nodeName': 'node-1' }), true);
  assert.equal(matches('constructor=', {}), true);
});

test('commas AND the terms; empty selectors and empty terms select everything', () => {
  const fields = { 'metadata.name': 'web', 'status.phase': 'Running' };
  assert.equal(matches('metadata.name=web,status.phase=Running', fields), true);
  assert.equal(matches('metadata.name=web,status.phase!=Running', fields), false);
  assert.equal(matches('', fields), true);
  assert.equal(matches(',metadata.name=web,,', fields), true);
  assert.deepEqual(parseFieldSelector('').requirements, []);
});

test('the value runs to the end of the term and the field name to the first operator', () => {
  assert.deepEqual(parseFieldSelector('a!=b').requirements, [{ field: 'a', operator: '!=', value: 'b' }]);
  assert.deepEqual(parseFieldSelector('a==b').requirements, [{ field: 'a', operator: '=', value: 'b' }]);
  assert.deepEqual(parseFieldSelector('a!b=c').requirements, [{ field: 'a!b', operator: '=', value: 'c' }]);
  assert.deepEqual(parseFieldSelector(' a = b ').requirements, [{ field: ' a ', operator: '=', value: ' b ' }]);
});

test('escapes: \\, \\= and \\\\ in values', () => {
  assert.equal(matches('metadata.name=a\\,b', { 'metadata.name': 'a,b' }), true);
  assert.equal(matches('metadata.name=a\\=b,status.phase=x', { 'metadata.name': 'a=b', 'status.phase': 'x' }), true);
  assert.equal(matches('metadata.name=a\\\\b', { 'metadata.name': 'a\\b' }), true);
  assert.equal(unescapeFieldValue('plain'), 'plain');
  assert.equal(escapeFieldValue('a,b=c\\d'), 'a\\,b\\=c\\\\d');
  assert.equal(unescapeFieldValue(escapeFieldValue('a,b=c\\d')), 'a,b=c\\d');
});

test('malformed selectors carry the apiserver messages', () => {
  rejects(() => parseFieldSelector('foo'), "invalid selector: 'foo'; can't understand 'foo'");
  rejects(() => parseFieldSelector('z=1,foo'), "invalid selector: 'z=1,foo'; can't understand 'foo'");
  rejects(() => parseFieldSelector('a=b=c'), 'invalid field selector: unescaped character in value: 61');
  rejects(() => parseFieldSelector('a=b\\,c,d=e,f'), "invalid selector: 'a=b\\,c,d=e,f'; can't understand 'f'");
  rejects(() => parseFieldSelector('a=b\\x'), 'invalid field selector: invalid escape sequence: \\x');
  rejects(() => parseFieldSelector('a=b\\'), 'invalid field selector: invalid escape sequence: \\');
});

test('terms are checked in sorted order, syntax before field names', () => {
  rejects(() => parseFieldSelector('zz=1,bad', POD_LABELS), "invalid selector: 'zz=1,bad'; can't understand 'bad'");
  rejects(() => parseFieldSelector('zz=1,yy=2', POD_LABELS), 'field label not supported: yy');
});

test('a field a kind does not support: "field label not supported" for kinds with their own fields', () => {
  rejects(() => parseFieldSelector('spec.foo=bar', POD_LABELS), 'field label not supported: spec.foo');
  assert.doesNotThrow(() => parseFieldSelector('spec.nodeName=n1,metadata.namespace=default', POD_LABELS));
  // Nodes know metadata.name and spec.unschedulable but not metadata.namespace.
  rejects(() => parseFieldSelector('metadata.namespace=x', new Set(['metadata.name', 'spec.unschedulable'])), 'field label not supported: metadata.namespace');
});

test('a field a kind does not support: the scheme default message for kinds with only metadata fields', () => {
  const namespaced = new Set(['metadata.name', 'metadata.namespace']);
  rejects(() => parseFieldSelector('data.x=1', namespaced), '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"');
  // That default accepts metadata.namespace even for cluster-scoped kinds.
  assert.doesNotThrow(() => parseFieldSelector('metadata.namespace=', new Set(['metadata.name'])));
});

test('an explicit policy decides names and wording', () => {
  const policy = { labels: new Set(['metadata.name']), unsupported: fieldLabelNotSupported };
  rejects(() => parseFieldSelector('metadata.namespace=x', policy), 'field label not supported: metadata.namespace');
  assert.doesNotThrow(() => parseFieldSelector('anything=x'));
});

test('fieldSelectorString re-escapes values', () => {
  assert.equal(fieldSelectorString(parseFieldSelector('b!=x\\,y,a==1')), 'a=1,b!=x\\,y');
});
