import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeSelectorTerm } from 'kubernetes-types/core/v1';
import { filterNodeAffinity } from '../../../src/scheduler/filters/node-affinity';
import { matchesTerm } from '../../../src/scheduler/node-selector-terms';
import { info, node, nodeInfo, pod } from '../fixtures';

const n = node('node-a', { labels: { disk: 'ssd', zone: 'z1', cores: '16' } });

test('nodeSelector needs every label with the same value', () => {
  assert.equal(filterNodeAffinity(info(pod('p', { nodeSelector: { disk: 'ssd' } })), nodeInfo(n)), undefined);
  const r = filterNodeAffinity(info(pod('p', { nodeSelector: { disk: 'ssd', zone: 'z2' } })), nodeInfo(n));
  assert.deepEqual(r, { plugin: 'NodeAffinity', code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] });
});

test('match expression operators', () => {
  const m = (key: string, operator: string, values?: string[]) => matchesTerm({ matchExpressions: [{ key, operator, values }] }, n);
  assert.equal(m('disk', 'In', ['hdd', 'ssd']), true);
  assert.equal(m('disk', 'In', ['hdd']), false);
  assert.equal(m('missing', 'In', ['x']), false);
  assert.equal(m('disk', 'NotIn', ['hdd']), true);
  assert.equal(m('disk', 'NotIn', ['ssd']), false);
  assert.equal(m('missing', 'NotIn', ['x']), true);
  assert.equal(m('zone', 'Exists'), true);
  assert.equal(m('missing', 'Exists'), false);
  assert.equal(m('missing', 'DoesNotExist'), true);
  assert.equal(m('zone', 'DoesNotExist'), false);
  assert.equal(m('cores', 'Gt', ['8']), true);
  assert.equal(m('cores', 'Gt', ['16']), false);
  assert.equal(m('cores', 'Lt', ['32']), true);
  assert.equal(m('zone', 'Gt', ['1']), false, 'a label that is not an integer never matches Gt');
  assert.equal(m('missing', 'Lt', ['1']), false);
});

test('malformed requirements and empty terms match no node', () => {
  assert.equal(matchesTerm({}, n), false);
  assert.equal(matchesTerm({ matchExpressions: [{ key: 'disk', operator: 'In', values: [] }] }, n), false);
  assert.equal(matchesTerm({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['1', '2'] }] }, n), false);
  assert.equal(matchesTerm({ matchExpressions: [{ key: 'disk', operator: 'Exists', values: ['ssd'] }] }, n), false);
  assert.equal(matchesTerm({ matchExpressions: [{ key: 'zone', operator: 'Exists' }, { key: 'cores', operator: 'Gt', values: ['x'] }] }, n), false);
  assert.equal(matchesTerm({ matchFields: [{ key: 'metadata.labels', operator: 'In', values: ['x'] }] }, n), false);
});

test('matchFields selects on metadata.name', () => {
  assert.equal(matchesTerm({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a'] }] }, n), true);
  assert.equal(matchesTerm({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-a'] }] }, n), false);
  assert.equal(matchesTerm({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-b'] }] }, n), false);
});

test('required terms are ORed, requirements within a term ANDed, and nodeSelector applies as well', () => {
  const terms: NodeSelectorTerm[] = [
    { matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] },
    { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }, { key: 'disk', operator: 'Exists' }] },
  ];
  const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } };
  assert.equal(filterNodeAffinity(info(pod('p', { affinity })), nodeInfo(n)), undefined);
  assert.ok(filterNodeAffinity(info(pod('p', { affinity, nodeSelector: { disk: 'hdd' } })), nodeInfo(n)));
  const none = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [terms[0]] } } };
  assert.ok(filterNodeAffinity(info(pod('p', { affinity: none })), nodeInfo(n)));
});
