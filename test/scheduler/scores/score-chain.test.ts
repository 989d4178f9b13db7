import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreNodes, selectHost } from '../../../src/scheduler/scores/score-chain';
import { normalizeScores } from '../../../src/scheduler/scores/score-types';
import { intolerablePreferNoScheduleTaints } from '../../../src/scheduler/scores/taint-toleration-score';
import { preferredNodeAffinityWeight } from '../../../src/scheduler/scores/node-affinity-score';
import { info, node, nodeInfo, pod } from '../fixtures';

test('normalization scales the best raw score to 100, or reversed to 0', () => {
  assert.deepEqual(normalizeScores([0, 2, 4], false), [0, 50, 100]);
  assert.deepEqual(normalizeScores([0, 2, 4], true), [100, 50, 0]);
  assert.deepEqual(normalizeScores([0, 0], false), [0, 0]);
  assert.deepEqual(normalizeScores([0, 0], true), [100, 100]);
});

test('PreferNoSchedule taints the pod does not tolerate are counted', () => {
  const n = nodeInfo(node('n', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'PreferNoSchedule' }, { key: 'c', effect: 'NoSchedule' }] }));
  assert.equal(intolerablePreferNoScheduleTaints(info(pod('p')), n), 2);
  assert.equal(intolerablePreferNoScheduleTaints(info(pod('p', { tolerations: [{ key: 'a', operator: 'Exists' }] })), n), 1);
  // A toleration for another effect does not help.
  assert.equal(intolerablePreferNoScheduleTaints(info(pod('p', { tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }] })), n), 2);
});

test('preferred node affinity adds the weights of the matching terms', () => {
  const affinity = {
    nodeAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
        { weight: 5, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
        { weight: 50, preference: {} },
      ],
    },
  };
  const p = info(pod('p', { affinity }));
  assert.equal(preferredNodeAffinityWeight(p, nodeInfo(node('n', { labels: { disk: 'ssd', zone: 'z' } }))), 15);
  assert.equal(preferredNodeAffinityWeight(p, nodeInfo(node('n', { labels: { zone: 'z' } }))), 5);
});

test('the emptier node wins; a PreferNoSchedule taint outweighs a little load', () => {
  const busy = nodeInfo(node('busy'), [pod('a', { requests: { cpu: '2', memory: '4Gi' } })]);
  const idle = nodeInfo(node('idle'));
  const p = info(pod('p', { requests: { cpu: '1', memory: '1Gi' } }));
  assert.equal(selectHost(scoreNodes(p, [busy, idle])), 'idle');
  const idleButTainted = nodeInfo(node('idle', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }));
  assert.equal(selectHost(scoreNodes(p, [busy, idleButTainted])), 'busy');
});

test('ties are broken at random among the best nodes only', () => {
  const scores = [{ name: 'a', score: 5 }, { name: 'b', score: 9 }, { name: 'c', score: 9 }, { name: 'd', score: 1 }];
  assert.equal(selectHost(scores, () => 0), 'c');
  assert.equal(selectHost(scores, () => 0.99), 'b');
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) seen.add(selectHost(scores));
  assert.deepEqual([...seen].sort(), ['b', 'c']);
});
