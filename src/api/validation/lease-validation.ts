// Validation of coordination.k8s.io/v1 Leases (node heartbeats, leader election): a positive
// duration and a non-negative transition count.
import type { Lease, LeaseSpec } from 'kubernetes-types/coordination/v1';
import { type FieldError, FieldPath, invalid } from '../field-errors';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta';

const META = FieldPath.root('metadata');
const SPEC = FieldPath.root('spec');

function validateLeaseSpec(spec: LeaseSpec | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const duration = spec?.leaseDurationSeconds;
  if (typeof duration === 'number' && duration <= 0) errs.push(invalid(SPEC.child('leaseDurationSeconds'), duration, 'must be greater than 0'));
  const transitions = spec?.leaseTransitions;
  if (typeof transitions === 'number' && transitions < 0) errs.push(invalid(SPEC.child('leaseTransitions'), transitions, 'must be greater than or equal to 0'));
  return errs;
}

export function validateLease(lease: Lease): FieldError[] {
  // Leases are not a core kind: their finalizers skip the core's standard-name check.
  const errs = validateObjectMeta(lease.metadata, { namespaced: true, nameRule: 'subdomain', kubeFinalizerNames: false }, META);
  errs.push(...validateLeaseSpec(lease.spec));
  return errs;
}

export function validateLeaseUpdate(lease: Lease, old: Lease): FieldError[] {
  return [...validateObjectMetaUpdate(lease.metadata, old.metadata, META, false), ...validateLeaseSpec(lease.spec)];
}
