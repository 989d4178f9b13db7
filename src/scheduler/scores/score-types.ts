// Shared scale of node scores: every scoring rule ends in 0..100 before its weight applies.
export const MAX_NODE_SCORE = 100;

/**
 * Kubernetes' DefaultNormalizeScore: scales raw scores so the highest becomes 100 (or, reversed,
 * so the highest becomes 0); all-zero raw scores become 0 (reversed: 100).
 */
export function normalizeScores(raw: number[], reverse: boolean): number[] {
  const max = Math.max(0, ...raw);
  if (max === 0) return raw.map(() => (reverse ? MAX_NODE_SCORE : 0));
  return raw.map((s) => {
    const scaled = Math.floor((MAX_NODE_SCORE * s) / max);
    return reverse ? MAX_NODE_SCORE - scaled : scaled;
  });
}
