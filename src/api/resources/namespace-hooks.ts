// Namespace strategy hooks.
import type { Namespace } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../object';
import type { ResourceDescriptor } from '../resource';

type N = Namespace & KubeObject;

export const namespaceHooks: Partial<ResourceDescriptor<N>> = {
  applyDefaults(ns) {
    ns.spec ??= {};
    ns.spec.finalizers ??= ['kubernetes'];
    ns.metadata ??= {};
    ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name ?? '' };
  },
  prepareForCreate(ns) {
    ns.status = { phase: 'Active' };
  },
  prepareForUpdate(ns, old) {
    ns.status = old.status;
    // spec.finalizers change only through the finalize subresource.
    ns.spec = { ...(ns.spec ?? {}), finalizers: old.spec?.finalizers };
  },
  prepareForStatusUpdate(ns, old) {
    ns.spec = old.spec;
  },
};
