// The last-applied annotation's text: what kubectl records for a manifest, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAST_APPLIED_ANNOTATION, annotatedManifest, lastAppliedConfiguration, recordedConfiguration } from '../../src/cli/apply/last-applied';

test('keys sorted as Go sorts them, HTML characters escaped, a trailing newline, an empty annotations map', () => {
  const manifest = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c' }, data: { b: '<x & y>', '10': 'ten', '9': 'nine', a: '\u2028' } };
  assert.equal(lastAppliedConfiguration(manifest),
    '{"apiVersion":"v1","data":{"10":"ten","9":"nine","a":"\\u2028","b":"\\u003cx \\u0026 y\\u003e"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c"}}\n');
});

test('an annotation already in the manifest is left out of the record but replaced on the object', () => {
  const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { keep: 'me', [LAST_APPLIED_ANNOTATION]: 'stale' } } };
  const record = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"annotations":{"keep":"me"},"name":"c"}}\n';
  assert.equal(lastAppliedConfiguration(manifest), record);
  const annotated = annotatedManifest(manifest);
  assert.deepEqual(annotated.metadata, { name: 'c', annotations: { keep: 'me', [LAST_APPLIED_ANNOTATION]: record } });
  assert.equal(recordedConfiguration(annotated), record);
  // The manifest itself is not touched.
  assert.equal(manifest.metadata.annotations[LAST_APPLIED_ANNOTATION], 'stale');
});

test('nulls and numbers are recorded as written', () => {
  assert.equal(lastAppliedConfiguration({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeSelector: null, terminationGracePeriodSeconds: 30, x: 0.5, y: 1e21 } }),
    '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"name":"p"},"spec":{"nodeSelector":null,"terminationGracePeriodSeconds":30,"x":0.5,"y":1e+21}}\n');
});

test('an object without the annotation records nothing', () => {
  assert.equal(recordedConfiguration({ metadata: { name: 'x', annotations: { a: 'b' } } }), undefined);
  assert.equal(recordedConfiguration({ metadata: { name: 'x' } }), undefined);
});
