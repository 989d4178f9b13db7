// The structural operations underneath: what a comparison reports, how merges treat each kind
// of field, how schema defaults fill in list keys, and what the schema check rejects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Definitions } from '../../../src/api/schema';
import { compareObjects } from '../../../src/apiserver/managed-fields/compare';
import { mergeValues } from '../../../src/apiserver/managed-fields/merge';
import { pathString } from '../../../src/apiserver/managed-fields/path-element';
import { toFieldSet } from '../../../src/apiserver/managed-fields/to-field-set';
import { objectType } from '../../../src/apiserver/managed-fields/type-node';
import { validateAgainstSchema } from '../../../src/apiserver/managed-fields/validate';
import { decodeManagedFields, ManagedFieldsError } from '../../../src/apiserver/managed-fields/managers';
import { updateManagedFields } from '../../../src/apiserver/managed-fields/update-managed-fields';
import { FieldSet } from '../../../src/apiserver/managed-fields/field-set';
import { T1, T2, configMapType, podType } from './fixtures';

const paths = (s: FieldSet) => [...s.paths()].map(pathString);

test('a comparison reports new parents as added, changed leaves as modified, gone ones as removed', () => {
  const c = compareObjects(
    { metadata: { labels: { a: '1', b: '2' } }, spec: { restartPolicy: 'Always' } },
    { metadata: { labels: { a: '9' }, annotations: { x: 'y' } }, spec: { restartPolicy: 'Always' } },
    podType,
  );
  assert.deepEqual(paths(c.added), ['.metadata.annotations', '.metadata.annotations.x']);
  assert.deepEqual(paths(c.modified), ['.metadata.labels.a']);
  assert.deepEqual(paths(c.removed), ['.metadata.labels.b']);
});

test('the applied set: map keys and leaves are members, filled structs are not, empty ones are', () => {
  const s = toFieldSet({ metadata: { labels: { a: '1' } }, spec: { securityContext: {}, tolerations: [{ key: 'k' }] } }, podType);
  assert.deepEqual(paths(s), ['.metadata.labels.a', '.spec.securityContext', '.spec.tolerations']);
});

test('merging: granular maps merge, atomic maps and lists are replaced, scalars take the new value', () => {
  const merged = mergeValues(
    { metadata: { labels: { a: '1' } }, spec: { nodeSelector: { disk: 'ssd' }, tolerations: [{ key: 'a' }], restartPolicy: 'Always' } },
    { metadata: { labels: { b: '2' } }, spec: { nodeSelector: { zone: 'z' }, tolerations: [{ key: 'b' }], restartPolicy: 'Never' } },
    podType,
  );
  assert.deepEqual(merged, {
    metadata: { labels: { a: '1', b: '2' } },
    spec: { nodeSelector: { zone: 'z' }, tolerations: [{ key: 'b' }], restartPolicy: 'Never' },
  });
});

test('undeclared keys in a free-form map are fine; keys like __proto__ stay plain data', () => {
  const merged = mergeValues({ data: { a: '1' } }, JSON.parse('{"data":{"__proto__":"x","constructor":"y"}}'), configMapType) as { data: Record<string, unknown> };
  assert.deepEqual(Object.keys(merged.data), ['a', '__proto__', 'constructor']);
  assert.equal(Object.getPrototypeOf(merged.data), Object.prototype);
});

test('a list-map key field\'s schema default fills in an omitted key', () => {
  const defs: Definitions = {
    Thing: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/definitions/Item' }, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name', 'kind'] } } },
    Item: { type: 'object', properties: { name: { type: 'string' }, kind: { type: 'string', default: 'plain' }, v: { type: 'integer' } } },
  };
  const thing = objectType(defs, 'Thing');
  assert.deepEqual(paths(toFieldSet({ items: [{ name: 'a', v: 1 }] }, thing)), ['.items[kind="plain",name="a"]', '.items[kind="plain",name="a"].name', '.items[kind="plain",name="a"].v']);
  assert.deepEqual(mergeValues({ items: [{ name: 'a', kind: 'plain', v: 1 }] }, { items: [{ name: 'a', v: 2 }] }, thing), { items: [{ name: 'a', kind: 'plain', v: 2 }] });
});

test('the schema check lists every violation with its path', () => {
  const vs = validateAgainstSchema({ metadata: { labels: { a: 1 } }, spec: { containers: 'nginx', restartPolicy: true } }, podType);
  assert.deepEqual(vs.map((v) => `${v.path}: ${v.message}`).sort(), [
    '.metadata.labels.a: expected string, got 1',
    '.spec.containers: expected list, got "nginx"',
    '.spec.restartPolicy: expected string, got true',
  ]);
  assert.deepEqual(validateAgainstSchema({ metadata: { finalizers: [{ a: 1 }] } }, podType).map((v) => v.message),
    ["element 0: associative list without keys has an element that's a map type"]);
});

test('malformed managedFields are rejected on decode and ignored by updates', () => {
  assert.throws(() => decodeManagedFields({} as never), ManagedFieldsError);
  assert.throws(() => decodeManagedFields([null as never]), ManagedFieldsError);
  assert.throws(() => decodeManagedFields([{ manager: 'm', operation: 'Update', apiVersion: 'v1' }]), /missing fieldsType in managed fields entry 0/);
  assert.throws(() => decodeManagedFields([{ manager: 'm', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV2' }]), /invalid fieldsType "FieldsV2"/);
  assert.throws(() => decodeManagedFields([{ manager: 'm', operation: 'Update', fieldsType: 'FieldsV1' }]), /apiVersion must not be empty/);
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', managedFields: 'garbage' }, data: { a: '1' } };
  const mf = updateManagedFields(undefined, cm as never, 'm', { apiVersion: 'v1', time: T1 }, configMapType);
  assert.deepEqual(mf.map((e) => e.manager), ['m']);
  const next = { ...cm, metadata: { ...cm.metadata, managedFields: mf }, data: { a: '2' } };
  assert.equal(updateManagedFields({ ...cm, metadata: { name: 'c', managedFields: mf } } as never, next as never, 'm', { apiVersion: 'v1', time: T2 }, configMapType)[0].time, T2);
});
