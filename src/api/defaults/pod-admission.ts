// The mutating admission a real kube-apiserver applies to pods, in its plugin order
// (ServiceAccount, Priority, DefaultTolerationSeconds), for the API server to run after
// defaulting and before the strategy's prepare and validate steps.
import type { Pod, ServiceAccount } from 'kubernetes-types/core/v1';
import { admitPodDefaultTolerations } from './default-tolerations';
import { admitPodPriority, admitPodPriorityOnUpdate, type PriorityClassInfo } from './pod-priority';
import { admitPodServiceAccount, randomNameSuffix } from './service-account-volume';

export interface PodAdmissionContext {
  /** The pod's ServiceAccount, when looked up (Kubernetes refuses pods whose account is missing; that lookup is the caller's). */
  serviceAccount?: ServiceAccount;
  /** PriorityClasses stored in the cluster, besides the system ones. */
  priorityClasses?: PriorityClassInfo[];
  /** Suffix generator for the token volume's name (tests pass a fixed one). */
  random?: () => string;
}

/** Mutates a pod being created; returns the reason to refuse it (403 Forbidden), if any. */
export function admitPodOnCreate(pod: Pod, ctx: PodAdmissionContext = {}): string | undefined {
  return admitPodServiceAccount(pod, ctx.random ?? randomNameSuffix, ctx.serviceAccount)
    ?? admitPodPriority(pod, ctx.priorityClasses)
    ?? (admitPodDefaultTolerations(pod), undefined);
}

/** Mutates a pod being updated (PUT/PATCH of the pod itself, not its subresources). */
export function admitPodOnUpdate(pod: Pod, old: Pod): void {
  admitPodPriorityOnUpdate(pod, old);
  admitPodDefaultTolerations(pod);
}
