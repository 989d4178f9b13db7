// The FailedScheduling message, worded as Kubernetes 1.30-1.32 words it (FitError.Error): how
// many nodes there are, then each distinct reason with the number of nodes that gave it, the
// "count reason" strings sorted as plain strings and joined by ", ", then what preemption found:
//   0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient memory. preemption: ...
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** `reasonsPerNode` has one entry per rejected node (a node may give several reasons). */
export function nodesAvailableMessage(numAllNodes: number, reasonsPerNode: Iterable<readonly string[]>, postFilterMessage?: string): string {
  const counts = new Map<string, number>();
  for (const reasons of reasonsPerNode) for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  // Go's sort.Strings compares bytes; for these ASCII strings that is the default JS order.
  const histogram = [...counts].map(([reason, n]) => `${n} ${reason}`).sort();
  let msg = `0/${numAllNodes} nodes are available:`;
  if (histogram.length) msg += ` ${histogram.join(', ')}.`;
  if (postFilterMessage) msg += ` ${postFilterMessage}`;
  return msg;
}
