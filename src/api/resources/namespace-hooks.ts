// Namespace strategy hooks, wired to defaults/ and validation/.
import type { Namespace } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../object';
import type { ResourceDescriptor } from '../resource';
import { defaultNamespace, prepareNamespaceForCreate, prepareNamespaceForUpdate, prepareNamespaceForStatusUpdate } from '../defaults/namespace-defaults';
import { validateNamespace, validateNamespaceUpdate, validateNamespaceStatusUpdate } from '../validation/namespace-validation';

type N = Namespace & KubeObject;

export const namespaceHooks: Partial<ResourceDescriptor<N>> = {
  applyDefaults: defaultNamespace,
  prepareForCreate: prepareNamespaceForCreate,
  prepareForUpdate: prepareNamespaceForUpdate,
  prepareForStatusUpdate: prepareNamespaceForStatusUpdate,
  validate: validateNamespace,
  validateUpdate: validateNamespaceUpdate,
  validateStatusUpdate: validateNamespaceStatusUpdate,
};
