// FieldsV1 text and path rendering, byte for byte as Kubernetes writes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldSet } from '../../../src/apiserver/managed-fields/field-set';
import { FieldsV1Error, decodeFieldsV1, encodeFieldsV1 } from '../../../src/apiserver/managed-fields/fields-v1';
import { type PathElement, fieldElement, keyElement, parsePathElement, pathString, serializePathElement } from '../../../src/apiserver/managed-fields/path-element';

const f = fieldElement;
const k = (fields: Record<string, unknown>) => keyElement(Object.entries(fields).map(([name, value]) => ({ name, value })));
const v = (value: unknown): PathElement => ({ kind: 'value', value });

test('list-map keys are written with their fields sorted by name, as Go JSON', () => {
  assert.equal(serializePathElement(k({ protocol: 'TCP', containerPort: 80 })), 'k:{"containerPort":80,"protocol":"TCP"}');
  assert.equal(serializePathElement(k({ name: 'nginx' })), 'k:{"name":"nginx"}');
  assert.equal(serializePathElement(v('example.com/finalizer')), 'v:"example.com/finalizer"');
  assert.equal(serializePathElement({ kind: 'index', index: 3 }), 'i:3');
  assert.equal(serializePathElement(f('image')), 'f:image');
});

test('Go escapes <, > and & in JSON strings, and so do the keys', () => {
  assert.equal(serializePathElement(v('a<b>&c')), 'v:"a\\u003cb\\u003e\\u0026c"');
});

test('paths print as Kubernetes prints them in conflicts', () => {
  assert.equal(pathString([f('spec'), f('containers'), k({ name: 'nginx' }), f('image')]), '.spec.containers[name="nginx"].image');
  assert.equal(pathString([f('spec'), f('containers'), k({ name: 'c' }), f('ports'), k({ containerPort: 80, protocol: 'TCP' })]),
    '.spec.containers[name="c"].ports[containerPort=80,protocol="TCP"]');
  assert.equal(pathString([f('metadata'), f('finalizers'), v('x')]), '.metadata.finalizers[="x"]');
  assert.equal(pathString([f('a'), { kind: 'index', index: 0 }]), '.a[0]');
});

test('a set encodes with "." for nodes that are members and parents, in Kubernetes key order', () => {
  const set = FieldSet.of(
    [f('spec'), f('containers'), k({ name: 'nginx' }), f('name')],
    [f('spec'), f('containers'), k({ name: 'nginx' })],
    [f('spec'), f('containers'), k({ name: 'nginx' }), f('image')],
    [f('metadata'), f('labels'), f('app')],
    [f('metadata'), f('labels')],
    [f('spec'), f('dnsPolicy')],
  );
  assert.equal(JSON.stringify(encodeFieldsV1(set)),
    '{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{}}},"f:dnsPolicy":{}}}');
});

test('fields sort before keys, keys before values, values before indexes', () => {
  const set = FieldSet.of([{ kind: 'index', index: 0 }], [v('b')], [k({ name: 'a' })], [f('z')]);
  assert.deepEqual(Object.keys(encodeFieldsV1(set)), ['f:z', 'k:{"name":"a"}', 'v:"b"', 'i:0']);
});

test('decoding gives back the same set', () => {
  const fields = {
    'f:metadata': { 'f:labels': { '.': {}, 'f:run': {} } },
    'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } },
  };
  const set = decodeFieldsV1(fields);
  assert.ok(set.has([f('metadata'), f('labels')]));
  assert.ok(set.has([f('metadata'), f('labels'), f('run')]));
  assert.ok(!set.has([f('metadata')]), 'a parent without "." is not a member');
  assert.ok(set.has([f('spec'), f('containers'), k({ name: 'nginx' }), f('ports'), k({ protocol: 'TCP', containerPort: 80 }), f('containerPort')]));
  assert.deepEqual(encodeFieldsV1(set), fields);
});

test('unknown element prefixes are skipped, malformed ones rejected', () => {
  assert.equal(parsePathElement('x:whatever'), undefined);
  assert.ok(decodeFieldsV1({ 'x:future': {}, 'f:a': {} }).has([f('a')]));
  assert.throws(() => decodeFieldsV1({ 'k:{not json': {} }), FieldsV1Error);
  assert.throws(() => decodeFieldsV1({ fa: {} }), FieldsV1Error);
  assert.throws(() => decodeFieldsV1({ 'f:a': 1 }), FieldsV1Error);
});
