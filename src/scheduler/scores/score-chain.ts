// Scoring the feasible nodes as Kubernetes' default profile does (the plugins k8ts has, with the
// default weights: TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1, BalancedAllocation 1),
// and picking the best, breaking ties uniformly at random.
import type { PodInfo } from '../pod-info';
import type { NodeInfo } from '../node-info';
import { leastAllocatedScore } from './least-allocated';
import { balancedAllocationScore } from './balanced-allocation';
import { intolerablePreferNoScheduleTaints } from './taint-toleration-score';
import { preferredNodeAffinityWeight } from './node-affinity-score';
import { normalizeScores } from './score-types';

export interface NodeScore { name: string; score: number }

interface Scorer {
  weight: number;
  score(pod: PodInfo, node: NodeInfo): number;
  /** Raw scores are rescaled across all nodes: plain, or reversed (fewer is better). */
  normalize?: 'plain' | 'reverse';
}

const SCORERS: readonly Scorer[] = [
  { weight: 3, score: intolerablePreferNoScheduleTaints, normalize: 'reverse' },
  { weight: 2, score: preferredNodeAffinityWeight, normalize: 'plain' },
  { weight: 1, score: leastAllocatedScore },
  { weight: 1, score: balancedAllocationScore },
];

export function scoreNodes(pod: PodInfo, nodes: NodeInfo[]): NodeScore[] {
  const totals = nodes.map((n) => ({ name: n.name, score: 0 }));
  for (const s of SCORERS) {
    let raw = nodes.map((n) => s.score(pod, n));
    if (s.normalize) raw = normalizeScores(raw, s.normalize === 'reverse');
    raw.forEach((v, i) => { totals[i].score += v * s.weight; });
  }
  return totals;
}

/** The highest score; among equals each is equally likely (reservoir sampling, as Kubernetes does). */
export function selectHost(scores: NodeScore[], random: () => number = Math.random): string {
  if (scores.length === 0) throw new Error('selectHost: no nodes to choose from');
  let best = scores[0];
  let ties = 1;
  for (const s of scores.slice(1)) {
    if (s.score > best.score) {
      best = s;
      ties = 1;
    } else if (s.score === best.score) {
      ties++;
      if (Math.floor(random() * ties) === 0) best = s;
    }
  }
  return best.name;
}
