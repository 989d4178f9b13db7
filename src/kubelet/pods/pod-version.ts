// Which of two copies of a pod is newer. The agent gets the pod from two places: its informer's
// watch and the answers to its own status writes, on different connections, so a watch event can
// arrive after the answer to a later write. resourceVersions are opaque to clients in general;
// k8ts' (SQLite and etcd revisions alike) are increasing integers, which the agent relies on here.

import type { Pod } from 'kubernetes-types/core/v1';

/** True when `candidate` is an older version of `current` (same pod, lower resourceVersion). */
export function isOlderVersion(candidate: Pod, current: Pod): boolean {
  if (candidate.metadata?.uid !== current.metadata?.uid) return false;
  const a = Number(candidate.metadata?.resourceVersion);
  const b = Number(current.metadata?.resourceVersion);
  return Number.isSafeInteger(a) && Number.isSafeInteger(b) && a < b;
}
