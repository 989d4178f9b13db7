// The pod strategy's preparation steps (Kubernetes' pkg/registry/core/pod/strategy.go): status is
// the server's on create and on main-resource updates, spec is immutable through pods/status,
// and metadata.generation counts spec changes.
import type { Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import { deepClone } from '../object';
import { semanticEqual } from '../validation/semantic-equal';
import { normalizePodStatusIPs, syncDeprecatedPodFields } from './pod-defaults';
import { computePodQOS } from './pod-qos';

/** kubernetes-types marks status read-only (clients may not set it); the server does. */
function setStatus(pod: Pod, status: PodStatus | undefined): void {
  (pod as { status?: PodStatus }).status = status;
}

const SCHEDULING_GATED_MESSAGE = 'Scheduling is blocked due to non-empty scheduling gates';

/** Go serializes unset metav1.Time fields of a condition as null. */
function condition(fields: Omit<PodCondition, 'lastProbeTime' | 'lastTransitionTime'>): PodCondition {
  return { ...fields, lastProbeTime: null, lastTransitionTime: null } as unknown as PodCondition;
}

/** A new pod starts Pending with its QoS class computed; gated pods say why they wait. */
export function preparePodForCreate(pod: Pod): void {
  pod.metadata = { ...pod.metadata, generation: 1 };
  const status: PodStatus = { phase: 'Pending', qosClass: computePodQOS(pod) };
  if ((pod.spec?.schedulingGates ?? []).length > 0) {
    status.conditions = [condition({ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: SCHEDULING_GATED_MESSAGE })];
  }
  setStatus(pod, status);
  syncDeprecatedPodFields(pod);
}

/** A PUT/PATCH of the pod keeps the stored status; a changed spec bumps the generation. */
export function preparePodForUpdate(pod: Pod, old: Pod): void {
  setStatus(pod, deepClone(old.status));
  const oldGeneration = old.metadata?.generation ?? 0;
  const changed = !semanticEqual(pod.spec, old.spec);
  pod.metadata = { ...pod.metadata, generation: changed ? oldGeneration + 1 : oldGeneration };
  syncDeprecatedPodFields(pod);
}

/**
 * A write through pods/status keeps the stored spec, deletion timestamp, owner references and
 * generation; an emptied QoS class is restored (old kubelets dropped it).
 */
export function preparePodForStatusUpdate(pod: Pod, old: Pod): void {
  pod.spec = deepClone(old.spec);
  const meta = { ...pod.metadata };
  if (old.metadata?.deletionTimestamp) meta.deletionTimestamp = old.metadata.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (old.metadata?.ownerReferences) meta.ownerReferences = deepClone(old.metadata.ownerReferences);
  else delete meta.ownerReferences;
  if (old.metadata?.generation !== undefined) meta.generation = old.metadata.generation;
  pod.metadata = meta;
  const status: PodStatus = pod.status ?? {};
  if (!status.qosClass && old.status?.qosClass) status.qosClass = old.status.qosClass;
  normalizePodStatusIPs(status);
  setStatus(pod, status);
}
