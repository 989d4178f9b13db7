import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metadataEnd, metadataLayout, withoutManagedFields } from '../../../src/apiserver/registry/json-scan';

/** Texts of the shapes the store holds, and some it could hold (escapes, nesting, key order, managedFields anywhere in metadata). */
const OBJECTS: Array<Record<string, unknown>> = [
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default', labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
  { kind: 'Pod', metadata: {}, apiVersion: 'v1' },
  { spec: { template: { metadata: { name: 'inner' } } }, metadata: { name: 'b', annotations: { 'note': 'a "quoted" \\ value with } and ] and {"metadata":{}} "managedFields":[1]' } }, apiVersion: 'v1' },
  { data: { metadata: '{"metadata":1}', n: [1, 2, { x: null }], t: true, f: 1.5e-7 }, metadata: { name: 'c\u2028', managedFields: [{ fieldsV1: { 'f:data': { 'f:metadata': {} } } }] } },
  { kind: 'Pod', metadata: { managedFields: [{ manager: 'm', fieldsV1: { 'f:metadata': { 'f:managedFields': {} } } }], name: 'first' }, spec: { managedFields: [] } },
  { kind: 'Pod', metadata: { managedFields: [] } },
  { kind: 'Pod', metadata: { name: 'middle', managedFields: [{ manager: 'x]}' }], labels: { managedFields: '[]' } } },
];

test('metadataLayout finds the metadata object and its managedFields member; cutting that leaves valid JSON of the rest', () => {
  for (const o of OBJECTS) {
    const json = JSON.stringify(o);
    const layout = metadataLayout(json);
    assert.ok(layout, json);
    const meta = o.metadata as Record<string, unknown>;
    assert.equal(json.slice(layout.start, layout.end + 1), JSON.stringify(meta), json);
    assert.equal(metadataEnd(json), layout.end);
    assert.equal(layout.managedFields !== undefined, 'managedFields' in meta, json);
    const { managedFields: _, ...rest } = meta;
    assert.deepEqual(JSON.parse(withoutManagedFields(json, layout)), { ...o, metadata: rest }, json);
  }
});

test('metadataLayout refuses what it cannot walk', () => {
  for (const bad of ['', '[]', '{"kind":"Pod"}', '{"metadata":"x"}', '{"metadata":{"name":"a"', '{ "metadata": {} }', '{"a":"unterminated', '{"metadata":{"name":"a" }}']) {
    assert.equal(metadataLayout(bad), undefined, bad);
    assert.equal(metadataEnd(bad), -1, bad);
  }
});
