// Validation of ServiceAccounts: only their metadata has rules (the name is a DNS subdomain).
import type { ServiceAccount } from 'kubernetes-types/core/v1';
import { type FieldError, FieldPath } from '../field-errors';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta';

const META = FieldPath.root('metadata');

export function validateServiceAccount(sa: ServiceAccount): FieldError[] {
  return validateObjectMeta(sa.metadata, { namespaced: true, nameRule: 'subdomain' }, META);
}

export function validateServiceAccountUpdate(sa: ServiceAccount, old: ServiceAccount): FieldError[] {
  return [...validateObjectMetaUpdate(sa.metadata, old.metadata, META), ...validateServiceAccount(sa)];
}
